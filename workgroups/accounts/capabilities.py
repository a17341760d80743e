"""What each role may do. Roles live in the database as hub memberships; capabilities are code.

A hub role grants its capabilities on the hub whose record holds the membership. A national role
grants its capabilities nationally (on no hub's personal-data pages). A Work Group lead holds
``WORK_GROUP_LEAD_CAPABILITIES`` only on the Work Groups they lead (see
``delivery.selectors.work_groups_where``).

| Capability           | Pages                                                             |
|----------------------|-------------------------------------------------------------------|
| OFFERINGS_MANAGE     | offerings, questions, Work Groups, sessions, venues, leads        |
| APPLICATIONS_DECIDE  | applications; API tokens (they decide applications); failed emails|
| REGISTERS_TAKE       | registers (staff, lead and API)                                   |
| OUTCOMES_RECORD      | outcomes, withdrawals, rollover, invitations to the next stage    |
| REPORTS_VIEW         | journeys, the year overview; nationally: the national overview    |
| AUDIT_VIEW           | history pages                                                     |
| TEAM_MANAGE          | the hub's team: invite, change a role, remove                     |
| PERSONAL_DATA_REQUESTS | a person's data on request: download it, or erase it            |
| PROGRAMMES_MANAGE    | national programmes (national)                                    |
| HUBS_MANAGE          | create hubs, grant national roles (national)                      |
"""

from __future__ import annotations

from enum import StrEnum

from workgroups.accounts.models import Role


class Capability(StrEnum):
    OFFERINGS_MANAGE = "offerings.manage"
    APPLICATIONS_DECIDE = "applications.decide"
    REGISTERS_TAKE = "registers.take"
    OUTCOMES_RECORD = "outcomes.record"
    REPORTS_VIEW = "reports.view"
    AUDIT_VIEW = "audit.view"
    TEAM_MANAGE = "team.manage"
    # Subject access and erasure requests: the hub, as the data controller, answers them.
    PERSONAL_DATA_REQUESTS = "personal_data.requests"
    PROGRAMMES_MANAGE = "programmes.manage"
    HUBS_MANAGE = "hubs.manage"


HUB_STAFF_CAPABILITIES: frozenset[Capability] = frozenset({
    Capability.OFFERINGS_MANAGE, Capability.APPLICATIONS_DECIDE, Capability.REGISTERS_TAKE,
    Capability.OUTCOMES_RECORD, Capability.REPORTS_VIEW, Capability.AUDIT_VIEW,
})

# What each hub role may do at the hub whose record holds the membership.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.HUB_LEAD: HUB_STAFF_CAPABILITIES | {Capability.TEAM_MANAGE,
                                             Capability.PERSONAL_DATA_REQUESTS},
    Role.HUB_STAFF: HUB_STAFF_CAPABILITIES,
    # Nothing hub-wide: see WORK_GROUP_LEAD_CAPABILITIES.
    Role.WORK_GROUP_LEAD: frozenset(),
}

# What a Work Group lead may do on the Work Groups they lead, and nowhere else.
WORK_GROUP_LEAD_CAPABILITIES: frozenset[Capability] = frozenset({Capability.REGISTERS_TAKE})

# What each national role may do nationally, whichever hub record holds the membership (the
# national record's, when granted on its team page).
NATIONAL_ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.NATIONAL_VIEWER: frozenset({Capability.REPORTS_VIEW}),
    Role.NATIONAL_STAFF: frozenset({Capability.PROGRAMMES_MANAGE, Capability.HUBS_MANAGE,
                                    Capability.REPORTS_VIEW, Capability.AUDIT_VIEW}),
}

NATIONAL_ROLES: frozenset[Role] = frozenset(NATIONAL_ROLE_CAPABILITIES)
HUB_ROLES: frozenset[Role] = frozenset(ROLE_CAPABILITIES)


def roles_with(capability: Capability) -> frozenset[Role]:
    """The hub roles that grant ``capability`` on their hub."""
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)


def national_roles_with(capability: Capability) -> frozenset[Role]:
    """The national roles that grant ``capability`` nationally."""
    return frozenset(role for role, caps in NATIONAL_ROLE_CAPABILITIES.items()
                     if capability in caps)
