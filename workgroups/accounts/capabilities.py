"""What each role may do. Roles live in the database as hub memberships; capabilities are code."""

from __future__ import annotations

from enum import StrEnum

from workgroups.accounts.models import Role


class Capability(StrEnum):
    CATALOGUE_MANAGE = "catalogue.manage"
    AUDIT_VIEW = "audit.view"
    REPORTS_VIEW = "reports.view"
    # Programmes are national: this capability counts only on the national hub record.
    PROGRAMMES_MANAGE = "programmes.manage"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.HUB_LEAD: frozenset(
        {Capability.CATALOGUE_MANAGE, Capability.AUDIT_VIEW, Capability.REPORTS_VIEW,
         Capability.PROGRAMMES_MANAGE}
    ),
    Role.HUB_STAFF: frozenset(
        {Capability.CATALOGUE_MANAGE, Capability.AUDIT_VIEW, Capability.REPORTS_VIEW,
         Capability.PROGRAMMES_MANAGE}
    ),
    Role.WORK_GROUP_LEAD: frozenset(),
    # National viewers read reports across all hubs, whichever hub record holds the membership.
    Role.NATIONAL_VIEWER: frozenset({Capability.REPORTS_VIEW}),
}

NATIONAL_ROLES: frozenset[Role] = frozenset({Role.NATIONAL_VIEWER})


def roles_with(capability: Capability) -> frozenset[Role]:
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)
