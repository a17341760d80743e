from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "workgroups.eligibility"
    label = "eligibility"
