from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "workgroups.hubs"
    label = "hubs"
