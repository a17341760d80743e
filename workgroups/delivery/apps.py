from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "workgroups.delivery"
    label = "delivery"
