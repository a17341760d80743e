from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workgroups.accounts.models import User
from workgroups.accounts.services import api_token_create
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub


class Command(BaseCommand):
    help = ("Make a hub API token for a member of the hub's staff and print it once. Only a "
            "digest is stored, so the token cannot be shown again.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hub", help="the hub's slug, e.g. cheshire-and-wirral")
        parser.add_argument("user_email", help="the staff member the token acts as")
        parser.add_argument("--name", default="Made on the command line",
                            help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        hub = Hub.objects.filter(slug=options["hub"]).first()
        if hub is None:
            raise CommandError(f"There is no hub “{options['hub']}”.")
        user = User.objects.filter(email=options["user_email"].strip().lower()).first()
        if user is None:
            raise CommandError("There is no account with that email address.")
        try:
            _token, raw = api_token_create(actor=None, hub=hub, user=user, name=options["name"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(raw)
        self.stderr.write("Copy the token now: only a digest of it is stored.")
