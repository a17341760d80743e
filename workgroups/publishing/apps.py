from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "workgroups.publishing"
    label = "publishing"
