from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workgroups.demo.loader import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = ("Load the demo hubs, catalogues, Work Groups and one user per role. Idempotent. "
            "Refuses to run unless the demo configuration (WORKGROUPS_DEMO=1) or DEBUG is on, "
            "because the demo users share a published password.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("load_demo creates users with a published password: run it only "
                               "with WORKGROUPS_DEMO=1 or DJANGO_DEBUG=1.")
        summary = demo_load()
        counts = ", ".join(f"{n} {what}" for what, n in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {counts}."))
        self.stdout.write(f"Demo users sign in with the password “{DEMO_PASSWORD}”.")
