"""Remind enrolled participants of sessions starting soon. Run it from cron as often as you
like (hourly is good): each participant hears once per session."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workgroups.delivery.services import session_reminders_send


class Command(BaseCommand):
    help = "Email participants about sessions starting within the reminder period, once each."
    requires_system_checks: list[str] = []  # a scheduled job: checks run at deploy

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="days ahead to remind (default: WORKGROUPS_SESSION_REMINDER_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = session_reminders_send(days_before=options["days"])
        self.stdout.write(f"{sent} session reminder{'' if sent == 1 else 's'} sent.")
