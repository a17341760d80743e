from django.apps import AppConfig


class PersonalDataConfig(AppConfig):
    """What the service holds about a person: showing it to them, and erasing it (on request or
    when its retention period ends). An interface-ring app: it composes every domain app."""

    name = "workgroups.personaldata"
    label = "personaldata"
    verbose_name = "Personal data"
