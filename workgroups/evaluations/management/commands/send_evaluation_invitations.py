"""Invite participants of Work Groups that have ended to evaluate them, and remind once.
Idempotent: run it as often as you like (cron, daily); the periodic job runs it too."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from workgroups.evaluations.services import evaluation_invitations_send


class Command(BaseCommand):
    help = "Send evaluation invitations for Work Groups that have ended, and the one reminder."
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def handle(self, *args: Any, **options: Any) -> None:
        done = evaluation_invitations_send()
        self.stdout.write(f"Invited {done['invited']}, reminded {done['reminded']}.")
