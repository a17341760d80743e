"""Writes for accounts: accounts made by an emailed code, hub API tokens, and a hub's team
(roles and invitations). The applicant's profile is in applications."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction

from workgroups.accounts.capabilities import NATIONAL_ROLES, Capability
from workgroups.accounts.models import (
    ApiToken,
    HubMembership,
    Role,
    TeamInvitation,
    User,
)
from workgroups.accounts.permissions import can
from workgroups.accounts.selectors import address_belongs_to, team_roles_grantable
from workgroups.accounts.signals import hub_member_left, person_named
from workgroups.accounts.tasks import send_team_invitation_email
from workgroups.accounts.tokens import token_digest, token_new, token_shown
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError, full_clean_or_refuse
from workgroups.hubs.models import Hub


def _audit_name(user: User) -> Any:
    """What names ``user`` in the audit without their address: the applicant's profile, which
    applications makes when asked (``person_named``), else the account itself."""
    for _receiver, named in person_named.send(sender=User, user=user):
        if named is not None:
            return named
    return user


def account_confirm_by_code(*, email: str, user: User | None = None) -> User:
    """Someone typed the code we emailed to ``email``, so the address is theirs: their account
    (``user``, the one the address was found on when the code was sent), or one made now if the
    address is new (with no password: they sign in by code), with the address confirmed."""
    address = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        if user is None:
            user = User.objects.filter(email__iexact=address).first()
        if user is None:
            try:
                with transaction.atomic():  # two confirmations at once: the second reads it
                    user = User.objects.create_user(address)
            except IntegrityError:
                user = User.objects.get(email__iexact=address)
            else:
                audit_record(actor=user, action=AuditAction.ACCOUNT_CREATED,
                             obj=_audit_name(user), hub=None, changes={"by": "emailed code"})
        confirmed = EmailAddress.objects.filter(user=user, email__iexact=address).first()
        if confirmed is None or not confirmed.verified:
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            if confirmed is None:
                confirmed = EmailAddress(user=user, email=address)
            confirmed.verified = True
            confirmed.primary = confirmed.primary or not has_primary
            confirmed.save()
            audit_record(actor=user, action=AuditAction.EMAIL_CONFIRMED,
                         obj=_audit_name(user), hub=None, changes={"by": "emailed code"})
    return user


# --- Hub API tokens ----------------------------------------------------------------------------

def api_token_create(*, actor: User | None, hub: Hub, user: User,
                     name: str) -> tuple[ApiToken, str]:
    """Make an API token for ``user`` at ``hub``. Returns the record and the token itself, which
    is shown once and never stored (only its digest is)."""
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for the token, like “Hub spreadsheet”", field="name")
    if len(name) > 100:
        raise DomainError("The name must be 100 characters or fewer", field="name")
    if not can(user, Capability.APPLICATIONS_DECIDE, hub):
        raise DomainError(f"{user} does not manage {hub.name}, so cannot have its API token.")
    raw = token_new()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, hub=hub, name=name, prefix=token_shown(raw),
                                        digest=token_digest(raw))
        audit_record(actor=actor, action=AuditAction.API_TOKEN_CREATED, obj=token, hub=hub,
                     changes={"name": name, "for_user": user.pk})
    return token, raw


# When a token was last used is noted to the hour: precise enough for staff to see whether it
# is still in use, and a read writes at most once an hour per token.
LAST_USED_PRECISION = timedelta(hours=1)


def api_token_used(*, token: ApiToken) -> None:
    """Note that ``token`` was just used (shown on the hub's tokens page), at most once an hour:
    a use within the hour of the one noted writes nothing. This is the one write an API read
    makes, on purpose (ADR 18). Not audited: using a token changes nothing anyone manages."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = clock.now()
            locked.save(update_fields=["revoked_at", "updated_at"])
            audit_record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, obj=locked,
                         hub=locked.hub, changes={"name": locked.name})
    return locked


# --- A hub's team: roles given, changed and removed; invitations -------------------------------

INVITATION_LIFETIME = timedelta(days=14)
# A team may not lose the last person who can manage it.
MANAGING_ROLES = frozenset({Role.HUB_LEAD, Role.NATIONAL_STAFF})


def _check_role(hub: Hub, role: str) -> Role:
    if role not in Role.values:
        raise DomainError("Choose a role", field="role")
    chosen = Role(role)
    if chosen in NATIONAL_ROLES and not hub.is_national:
        raise DomainError(f"{chosen.label} is a national role: give it on the national record.",
                          field="role")
    return chosen


def _refuse_losing_last_manager(membership: HubMembership) -> None:
    role = Role(membership.role)
    # Only an active account can manage the team: a deactivated one does not count.
    if role in MANAGING_ROLES and not HubMembership.objects.filter(
            hub_id=membership.hub_id, role=role, user__is_active=True,
    ).exclude(pk=membership.pk).exists():
        raise DomainError(f"{membership.user} is the only {role.label.lower()} here. Give "
                          f"someone else that role first, so the team can still be managed.")


def hub_membership_grant(*, actor: User | None, user: User, hub: Hub,
                         role: str) -> HubMembership:
    """Give ``user`` ``role`` at ``hub`` (audited); giving a role they already hold changes
    nothing."""
    chosen = _check_role(hub, role)
    with transaction.atomic():
        membership, created = HubMembership.objects.get_or_create(user=user, hub=hub,
                                                                  role=chosen)
        if created:
            audit_record(actor=actor, action=AuditAction.MEMBERSHIP_GRANTED, obj=membership,
                         hub=hub, changes={"user": user.pk, "role": chosen.value})
    return membership


def hub_membership_change(*, actor: User | None, membership: HubMembership,
                          role: str) -> HubMembership:
    """Change a person's role at a hub (audited). What the old role let them hold and the new
    one does not (API tokens, open invitations they sent, Work Group leads) goes at once, as
    when a role is removed."""
    chosen = _check_role(membership.hub, role)
    with transaction.atomic():
        locked = (HubMembership.objects.select_for_update().select_related("user", "hub")
                  .get(pk=membership.pk))
        if locked.role == chosen:
            return locked
        _refuse_losing_last_manager(locked)
        before = locked.role
        if HubMembership.objects.filter(user=locked.user, hub=locked.hub, role=chosen).exists():
            locked.delete()  # they already hold the new role: just drop the old one
            kept = HubMembership.objects.get(user=locked.user, hub=locked.hub, role=chosen)
        else:
            locked.role = chosen
            locked.save(update_fields=["role", "updated_at"])
            kept = locked
        audit_record(actor=actor, action=AuditAction.MEMBERSHIP_CHANGED, obj=kept,
                     hub=kept.hub, changes={"user": kept.user_id, "role": [before, chosen.value]})
        _after_roles_changed(actor=actor, user=kept.user, hub=kept.hub)
    return kept


def hub_membership_revoke(*, actor: User | None, membership: HubMembership) -> None:
    """Remove a person's role at a hub (audited). If it leaves them no role there that allows
    API tokens, their tokens for the hub are revoked; if they can no longer manage its team, the
    open invitations they sent there are cancelled; if it leaves them no role there at all,
    they stop leading its Work Groups (``hub_member_left``) — all in this transaction."""
    with transaction.atomic():
        locked = (HubMembership.objects.select_for_update().select_related("user", "hub")
                  .filter(pk=membership.pk).first())
        if locked is None:
            return
        _refuse_losing_last_manager(locked)
        user, hub, role = locked.user, locked.hub, locked.role
        audit_record(actor=actor, action=AuditAction.MEMBERSHIP_REVOKED, obj=locked, hub=hub,
                     changes={"user": user.pk, "role": role})
        locked.delete()
        _after_roles_changed(actor=actor, user=user, hub=hub)


def _after_roles_changed(*, actor: User | None, user: User, hub: Hub) -> None:
    """What ``user``'s roles at ``hub`` no longer allow goes, in the caller's transaction: their
    API tokens there, the open invitations they sent there to roles they can no longer give
    (cancelled, ``actor`` the one who changed their role), and, with no role left there, their
    Work Group leads."""
    grantable = team_roles_grantable(user=user, hub=hub)
    for invitation in TeamInvitation.objects.filter(
            hub=hub, invited_by=user, accepted_at__isnull=True,
            cancelled_at__isnull=True).exclude(role__in=grantable).order_by("pk"):
        team_invitation_cancel(actor=actor, invitation=invitation)
    if not can(user, Capability.APPLICATIONS_DECIDE, hub):
        for token in ApiToken.objects.filter(user=user, hub=hub, revoked_at__isnull=True):
            api_token_revoke(actor=actor, token=token)
    if not HubMembership.objects.filter(user=user, hub=hub).exists():
        hub_member_left.send(sender=HubMembership, actor=actor, user=user, hub=hub)


def team_invitation_create(*, actor: User | None, hub: Hub, email: str, role: str,
                           link_for: Callable[[str], str]) -> TeamInvitation:
    """Invite ``email`` to ``role`` at ``hub`` (audited) and queue the email. ``link_for``
    makes the accept link from the token, which is stored nowhere: only its digest is kept.
    A new invitation to the same address replaces one still open."""
    chosen = _check_role(hub, role)
    address = User.objects.normalize_email(email.strip()).lower()
    if not address:
        raise DomainError("Enter an email address", field="email")
    if HubMembership.objects.filter(hub=hub, role=chosen, user__email__iexact=address).exists():
        raise DomainError(f"{address} is already {chosen.label.lower()} here.", field="email")
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = clock.now()
        for old in TeamInvitation.objects.select_for_update().filter(
                hub=hub, email__iexact=address, accepted_at__isnull=True,
                cancelled_at__isnull=True):
            team_invitation_cancel(actor=actor, invitation=old)
        invitation = TeamInvitation(hub=hub, email=address, role=chosen,
                                    digest=token_digest(raw), invited_by=actor,
                                    expires_at=now + INVITATION_LIFETIME)
        full_clean_or_refuse(invitation)
        invitation.save()
        audit_record(actor=actor, action=AuditAction.TEAM_INVITATION_SENT, obj=invitation,
                     hub=hub, changes={"role": chosen.value})  # no address in the audit
        link = link_for(raw)
        enqueue_with_change(send_team_invitation_email, invitation_id=invitation.pk, link=link)
    return invitation


def team_invitation_cancel(*, actor: User | None, invitation: TeamInvitation) -> TeamInvitation:
    with transaction.atomic():
        locked = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is None and locked.cancelled_at is None:
            locked.cancelled_at = clock.now()
            locked.save(update_fields=["cancelled_at", "updated_at"])
            audit_record(actor=actor, action=AuditAction.TEAM_INVITATION_CANCELLED, obj=locked,
                         hub=locked.hub, changes={"role": locked.role})
    return locked


def team_invitation_refusal(*, invitation: TeamInvitation, user: User | None) -> str:
    """Why ``user`` cannot accept ``invitation`` now, in words; empty if they can."""
    if invitation.accepted_at is not None:
        return "This invitation has already been accepted."
    if invitation.cancelled_at is not None:
        return "This invitation was cancelled. Ask the hub to invite you again."
    if invitation.expires_at <= clock.now():
        return "This invitation has expired. Ask the hub to invite you again."
    if user is not None and not address_belongs_to(user=user, email=invitation.email):
        return ("This invitation was sent to a different email address. Sign out, then open "
                "the link again and continue with the address it was sent to.")
    return ""


def team_invitation_accept(*, user: User, invitation: TeamInvitation) -> HubMembership:
    """``user`` accepts: they get the role (audited) and the invitation is used up."""
    with transaction.atomic():
        locked = TeamInvitation.objects.select_for_update().select_related("hub").get(
            pk=invitation.pk)
        refusal = team_invitation_refusal(invitation=locked, user=user)
        if refusal:
            raise DomainError(refusal)
        membership = hub_membership_grant(actor=user, user=user, hub=locked.hub,
                                          role=locked.role)
        locked.accepted_at = clock.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(actor=user, action=AuditAction.TEAM_INVITATION_ACCEPTED, obj=locked,
                     hub=locked.hub, changes={"role": locked.role})
    return membership


def staff_account_ensure(*, email: str) -> tuple[User, bool]:
    """The account for ``email``, made now (audited, with no password: they sign in with an
    emailed code, or set a password from the sign-in page) if there is none. For bootstrapping
    an installation's first people (``manage.py grant_role``)."""
    address = User.objects.normalize_email(email.strip()).lower()
    validator = EmailValidator()
    try:
        validator(address)
    except ValidationError:
        raise DomainError(f"“{email}” is not an email address.", field="email") from None
    with transaction.atomic():
        user = User.objects.filter(email__iexact=address).first()
        if user is not None:
            return user, False
        user = User.objects.create_user(address)
        # Its address on record (not yet confirmed: the emailed code confirms it), as sign-up
        # would make it, so no page has to make it later on a GET.
        EmailAddress.objects.create(user=user, email=address, primary=True, verified=False)
        audit_record(actor=None, action=AuditAction.ACCOUNT_CREATED, obj=_audit_name(user),
                     hub=None, changes={"by": "grant_role"})
    return user, True
