"""A record of each time retention periods were applied: the periodic job applies them at most
once a calendar day (the unique day of a daily run), and every run keeps its counts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class RetentionTrigger(models.TextChoices):
    DAILY = "daily", "The daily run of the periodic job"
    COMMAND = "command", "manage.py apply_retention --apply"


class RetentionRun(models.Model):
    day = models.DateField()
    ran_at = models.DateTimeField()
    trigger = models.CharField(max_length=20, choices=RetentionTrigger.choices)
    # Rows changed per rule: {"unsuccessful_applications": 3, ...}. Counts only.
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-ran_at"]
        constraints = [
            models.UniqueConstraint(fields=["day"], condition=Q(trigger="daily"),
                                    name="retention_one_daily_run_a_day"),
        ]

    def __str__(self) -> str:
        return f"Retention run on {self.day:%d %B %Y}"
