from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: invented hubs, offerings and people, loaded by ``load_demo`` (interface ring)."""

    name = "workgroups.demo"
    label = "demo"
