from django.apps import AppConfig


class ProgressionConfig(AppConfig):
    name = "workgroups.progression"
    label = "progression"
