from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "workgroups.api"
    label = "api"
