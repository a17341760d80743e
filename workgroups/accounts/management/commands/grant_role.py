"""Bootstrap an installation's first people: ``grant_role EMAIL HUB_SLUG ROLE`` or
``grant_role EMAIL national ROLE``. Makes the account if needed; audited with no actor; running
it again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from workgroups.accounts.capabilities import NATIONAL_ROLES
from workgroups.accounts.models import HubMembership, Role
from workgroups.accounts.services import hub_membership_grant, staff_account_ensure
from workgroups.core.services import DomainError
from workgroups.hubs.models import Hub
from workgroups.hubs.services import hub_upsert

NATIONAL = "national"
NATIONAL_RECORD_NAME = "National programmes"


class Command(BaseCommand):
    help = ("Give someone a role: grant_role EMAIL HUB_SLUG ROLE for a hub's role (hub_lead, "
            "hub_staff, work_group_lead), or grant_role EMAIL national ROLE for a national "
            "role (national_staff, national_viewer). Makes the account if there is none.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's email address")
        parser.add_argument("hub", help=f"the hub's slug, or “{NATIONAL}” for a national role")
        parser.add_argument("role", help="one of: " + ", ".join(Role.values))

    def handle(self, *args: Any, **options: Any) -> None:
        role_name, where = options["role"].strip().lower(), options["hub"].strip()
        if role_name not in Role.values:
            raise CommandError(f"There is no role “{role_name}”. Choose one of: "
                               f"{', '.join(Role.values)}.")
        role = Role(role_name)
        if where == NATIONAL and role not in NATIONAL_ROLES:
            raise CommandError(f"{role.value} is a hub's role: give a hub's slug, not "
                               f"“{NATIONAL}”.")
        if where != NATIONAL and role in NATIONAL_ROLES:
            raise CommandError(f"{role.value} is a national role: use “{NATIONAL}” in place of "
                               f"the hub's slug.")
        try:
            with transaction.atomic():
                hub = self._national_record() if where == NATIONAL else (
                    Hub.objects.filter(slug=where).first())
                if hub is None:
                    raise CommandError(f"There is no hub “{where}”. Create it first (national "
                                       f"staff: Staff area, Create a hub).")
                user, made = staff_account_ensure(email=options["email"])
                held = HubMembership.objects.filter(user=user, hub=hub, role=role).exists()
                hub_membership_grant(actor=None, user=user, hub=hub, role=role)
        except DomainError as error:
            raise CommandError(error.message) from None
        if made:
            self.stdout.write(f"Made an account for {user.email}.")
        self.stdout.write(f"{user.email} {'was already' if held else 'is now'} "
                          f"{role.label.lower()} at {hub.name}.")

    def _national_record(self) -> Hub:
        """The national record (made, audited, on a fresh installation)."""
        found = Hub.objects.filter(is_national=True).order_by("pk").first()
        if found is not None:
            return found
        if Hub.objects.filter(slug=NATIONAL).exists():
            raise CommandError(f"The hub “{NATIONAL}” is not marked as the national record.")
        return hub_upsert(actor=None, slug=NATIONAL, name=NATIONAL_RECORD_NAME, area_codes=[],
                          is_national=True)
