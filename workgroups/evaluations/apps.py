from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "workgroups.evaluations"
    label = "evaluations"
    verbose_name = "Evaluations"
