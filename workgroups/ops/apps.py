from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the worker's periodic job and its command (interface ring)."""

    name = "workgroups.ops"
    label = "ops"
