from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "workgroups.core"
    label = "core"
