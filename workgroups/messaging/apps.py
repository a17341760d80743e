from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "workgroups.messaging"
    label = "messaging"
    verbose_name = "Messages to participants and applicants"
