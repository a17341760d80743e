"""Reads for accounts: which areas a signed-in person can use, hub API tokens, and who a bearer
token speaks for."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from workgroups.accounts.capabilities import Capability, roles_with
from workgroups.accounts.models import ApiToken, HubMembership, Role, TeamInvitation, User
from workgroups.accounts.permissions import can, can_nationally
from workgroups.accounts.tokens import TOKEN_PREFIX, token_digest
from workgroups.hubs.models import Hub

# Recording every use would write on every API call; a minute's precision is enough to see
# whether a token is still in use.


@dataclass(frozen=True)
class SignedInAreas:
    """The parts of the service a signed-in person can use, beyond their own applications: what
    the header links to and where they land after signing in. Built from one query."""

    # Slugs of the (non-national) hubs whose staff pages they may use, by hub name.
    staff_hubs: tuple[str, ...] = ()
    # Every hub's staff pages (a superuser): the staff area lists them all.
    all_hubs: bool = False
    # The national record's staff pages (its centrally-run offerings and programme rules).
    national_staff: bool = False
    national_overview: bool = False
    work_groups: bool = False

    @property
    def staff_area(self) -> bool:
        return self.all_hubs or self.national_staff or bool(self.staff_hubs)


def signed_in_areas(*, user: User | AnonymousUser) -> SignedInAreas:
    """What ``user`` can use, from their hub memberships (one query; none for a superuser or
    someone signed out)."""
    if not user.is_authenticated or not user.is_active:
        return SignedInAreas()
    if getattr(user, "is_superuser", False):
        return SignedInAreas(all_hubs=True, national_staff=True, national_overview=True)
    managers = roles_with(Capability.OFFERINGS_MANAGE)
    staff_hubs: list[str] = []
    national_staff = national_viewer = work_groups = False
    rows = (HubMembership.objects.filter(user=user)
            .values_list("role", "hub__slug", "hub__is_national").order_by("hub__name"))
    for role, slug, is_national in rows:
        if role == Role.NATIONAL_STAFF:
            national_staff = True
        elif role in managers and is_national:
            continue
        elif role in managers and slug not in staff_hubs:
            staff_hubs.append(slug)
        elif role == Role.NATIONAL_VIEWER:
            national_viewer = True
        elif role == Role.WORK_GROUP_LEAD:
            work_groups = True
    return SignedInAreas(staff_hubs=tuple(staff_hubs), national_staff=national_staff,
                         national_overview=national_staff or national_viewer,
                         work_groups=work_groups)


def api_tokens_for_hub(*, hub: Hub) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(hub=hub).select_related("user").order_by("-created_at")


def api_token_for_hub_get(*, hub: Hub, pk: int) -> ApiToken:
    try:
        return api_tokens_for_hub(hub=hub).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token in this hub.") from None


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token ``raw`` is, if its person still manages its hub; else None. Reads only:
    ``services.api_token_used`` notes the use."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user", "hub")
             .filter(digest=token_digest(raw), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    if not can(token.user, Capability.APPLICATIONS_DECIDE, token.hub):
        return None
    return token


def address_belongs_to(*, user: User, email: str) -> bool:
    """True when ``email`` is the account's own address or one it has confirmed."""
    address = email.strip().lower()
    return (user.email.strip().lower() == address
            or EmailAddress.objects.filter(user=user, email__iexact=address,
                                           verified=True).exists())


# --- A hub's team ---------------------------------------------------------------------------------

def team_memberships(*, hub: Hub) -> QuerySet[HubMembership]:
    return (HubMembership.objects.filter(hub=hub).select_related("user")
            .order_by("user__first_name", "user__last_name", "user__email", "role"))


def team_membership_get(*, hub: Hub, pk: int) -> HubMembership:
    try:
        return team_memberships(hub=hub).get(pk=pk)
    except HubMembership.DoesNotExist:
        raise Http404("No such member of this team.") from None


def team_invitations_open(*, hub: Hub) -> QuerySet[TeamInvitation]:
    """Invitations not yet accepted or cancelled (expired ones included, marked so)."""
    return (TeamInvitation.objects.filter(hub=hub, accepted_at__isnull=True,
                                          cancelled_at__isnull=True)
            .select_related("invited_by").order_by("-created_at"))


def team_invitation_for_hub_get(*, hub: Hub, pk: int) -> TeamInvitation:
    try:
        return team_invitations_open(hub=hub).get(pk=pk)
    except TeamInvitation.DoesNotExist:
        raise Http404("No such invitation.") from None


def team_invitation_by_token(raw: str) -> TeamInvitation | None:
    if not raw or len(raw) > 100:
        return None
    return (TeamInvitation.objects.select_related("hub", "invited_by")
            .filter(digest=token_digest(raw)).first())


def team_roles_grantable(*, user: User | AnonymousUser, hub: Hub) -> tuple[Role, ...]:
    """The roles ``user`` may give at ``hub``: the hub's roles if they manage its team, and on
    the national record the national roles if they manage hubs nationally."""
    roles: tuple[Role, ...] = ()
    if hub.is_national and can_nationally(user, Capability.HUBS_MANAGE):
        roles += (Role.NATIONAL_STAFF, Role.NATIONAL_VIEWER)
    if can(user, Capability.TEAM_MANAGE, hub):
        roles += (Role.HUB_STAFF, Role.WORK_GROUP_LEAD, Role.HUB_LEAD)
    return roles
