"""Lapse offers of a place that were not answered in time and pass each place to the waiting
list. Safe to run as often as you like (cron, hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.applications.services import offers_expire


class Command(BaseCommand):
    help = "Lapse unanswered offers past their time and offer the places to the waiting list."
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        lapsed = offers_expire()
        self.stdout.write(f"{lapsed} offer{'' if lapsed == 1 else 's'} lapsed.")
