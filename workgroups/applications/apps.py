from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "workgroups.applications"
    label = "applications"
