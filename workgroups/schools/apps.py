from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "workgroups.schools"
    label = "schools"
