from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "workgroups.audit"
    label = "audit"
