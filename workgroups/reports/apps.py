from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "workgroups.reports"
    label = "reports"
