"""Writes for accounts: accounts made by an emailed code, the applicant's profile, and hub API
tokens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import ApiToken, ApplicantProfile, User
from workgroups.accounts.permissions import can
from workgroups.accounts.tokens import token_digest, token_new, token_shown
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.parse import parse_urn
from workgroups.core.services import DomainError
from workgroups.eligibility.rules import FACT_KEYS, ROLES
from workgroups.hubs.models import Hub

# Facts worth offering again next time; the school and role have their own columns, and the
# email address is the account's own.
# A claim about earlier participation belongs to one application, for its hub to check.
REMEMBERED_FACTS = frozenset(FACT_KEYS) - {"email", "urn", "role", "in_england",
                                           "claimed_participation"}
NAME_MAX = 150


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
                profile = ApplicantProfile.objects.create(user=user)
                # The profile names the person in the audit without their address.
                audit_record(actor=user, action=AuditAction.ACCOUNT_CREATED, obj=profile,
                             hub=None, changes={"by": "emailed code"})
        confirmed = EmailAddress.objects.filter(user=user, email__iexact=address).first()
        if confirmed is None or not confirmed.verified:
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            if confirmed is None:
                confirmed = EmailAddress(user=user, email=address)
            confirmed.verified = True
            confirmed.primary = confirmed.primary or not has_primary
            confirmed.save()
            profile, _created = ApplicantProfile.objects.get_or_create(user=user)
            audit_record(actor=user, action=AuditAction.EMAIL_CONFIRMED, obj=profile,
                         hub=None, changes={"by": "emailed code"})
    return user


def _profile(user: User) -> ApplicantProfile:
    profile, _created = ApplicantProfile.objects.select_for_update().get_or_create(user=user)
    return profile


def profile_update(*, user: User, first_name: str, last_name: str,
                   role: str) -> ApplicantProfile:
    """Change the name and role the applicant gave."""
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name:
        raise DomainError("Enter your first name", field="first_name")
    if not last_name:
        raise DomainError("Enter your last name", field="last_name")
    if len(first_name) > NAME_MAX or len(last_name) > NAME_MAX:
        raise DomainError(f"Names must be {NAME_MAX} characters or fewer", field="first_name")
    if role and role not in ROLES:
        raise DomainError("Select your role", field="role")
    with transaction.atomic():
        profile = _profile(user)
        changed = []
        if (user.first_name, user.last_name) != (first_name, last_name):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
            changed.append("name")
        if profile.role != role:
            profile.role = role
            profile.save(update_fields=["role", "updated_at"])
            changed.append("role")
        if changed:
            # Which things changed, never their values: this is personal data.
            audit_record(actor=user, action=AuditAction.PROFILE_UPDATED, obj=profile, hub=None,
                         changes={"changed": changed})
    return profile


def profile_school_set(*, user: User, school_urn: int) -> ApplicantProfile:
    with transaction.atomic():
        profile = _profile(user)
        if profile.school_urn != school_urn:
            profile.school_urn = school_urn
            profile.save(update_fields=["school_urn", "updated_at"])
            audit_record(actor=user, action=AuditAction.PROFILE_UPDATED, obj=profile, hub=None,
                         changes={"changed": ["school"]})
    return profile


def profile_remember(*, user: User, answers: Mapping[str, Any]) -> ApplicantProfile:
    """Keep the name, role, school and career facts from an application's answers for next
    time."""
    with transaction.atomic():
        profile = _profile(user)
        name = (str(answers.get("first_name", user.first_name)).strip()[:NAME_MAX],
                str(answers.get("last_name", user.last_name)).strip()[:NAME_MAX])
        if all(name) and name != (user.first_name, user.last_name):
            user.first_name, user.last_name = name
            user.save(update_fields=["first_name", "last_name"])
        facts = {**profile.facts, **{key: value for key, value in answers.items()
                                     if key in REMEMBERED_FACTS}}
        given_role, given_urn = answers.get("role"), answers.get("urn")
        role = given_role if isinstance(given_role, str) and given_role in ROLES else profile.role
        # parse_urn: a draft's answers may hold a URN saved before URNs were bounded (10**40).
        urn = (parse_urn(given_urn) if isinstance(given_urn, int) else None) \
            or profile.school_urn
        if (facts, role, urn) != (profile.facts, profile.role, profile.school_urn):
            profile.facts, profile.role, profile.school_urn = facts, role, urn
            profile.save(update_fields=["facts", "role", "school_urn", "updated_at"])
    return profile


def profile_forget_facts(*, user: User) -> ApplicantProfile:
    """Clear the remembered career facts (the applicant asked us to)."""
    with transaction.atomic():
        profile = _profile(user)
        if profile.facts:
            profile.facts = {}
            profile.save(update_fields=["facts", "updated_at"])
            audit_record(actor=user, action=AuditAction.PROFILE_FACTS_FORGOTTEN, obj=profile,
                         hub=None)
    return profile


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


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = clock.now()
            locked.save(update_fields=["revoked_at", "updated_at"])
            audit_record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, obj=locked,
                         hub=locked.hub, changes={"name": locked.name})
    return locked
