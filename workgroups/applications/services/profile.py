"""Writes for the applicant's profile: what they told us last time, offered again on their next
application. (Moved from accounts, issue 13.)"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.applications.answers import ApplicationAnswers
from workgroups.applications.models import ApplicantProfile
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core.services import DomainError
from workgroups.eligibility.rules import FACT_KEYS, ROLES

# Facts worth offering again next time; the school and role have their own columns, and the
# email address is the account's own.
# A claim about earlier participation belongs to one application, for its hub to check.
REMEMBERED_FACTS = frozenset(FACT_KEYS) - {"email", "urn", "role", "in_england",
                                           "claimed_participation"}
NAME_MAX = 150


def profile_for_audit(*, sender: Any, user: User, **kwargs: Any) -> ApplicantProfile:
    """Receiver of accounts' ``person_named``: the profile names a person in the audit without
    their address (made now for a new account). Runs in the caller's transaction."""
    profile, _created = ApplicantProfile.objects.get_or_create(user=user)
    return profile


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


def profile_remember(*, user: User, answers: ApplicationAnswers) -> ApplicantProfile:
    """Keep the name, role, school and career facts from an application's answers for next
    time."""
    with transaction.atomic():
        profile = _profile(user)
        name = ((answers.first_name if answers.has("first_name") else user.first_name)
                .strip()[:NAME_MAX],
                (answers.last_name if answers.has("last_name") else user.last_name)
                .strip()[:NAME_MAX])
        changed = []
        if all(name) and name != (user.first_name, user.last_name):
            user.first_name, user.last_name = name
            user.save(update_fields=["first_name", "last_name"])
            changed.append("name")
        facts = {**profile.facts, **{key: value for key, value in answers.items()
                                     if key in REMEMBERED_FACTS}}
        role = answers.role if answers.role in ROLES else profile.role
        # The parse bounds the URN: a draft may hold one saved before URNs were (10**40).
        urn = answers.urn or profile.school_urn
        changed += [part for part, now, before in (("role", role, profile.role),
                                                    ("school", urn, profile.school_urn),
                                                    ("saved answers", facts, profile.facts))
                    if now != before]
        if (facts, role, urn) != (profile.facts, profile.role, profile.school_urn):
            profile.facts, profile.role, profile.school_urn = facts, role, urn
            profile.save(update_fields=["facts", "role", "school_urn", "updated_at"])
        if changed:
            # Which things changed, never their values: this is personal data.
            audit_record(actor=user, action=AuditAction.PROFILE_UPDATED, obj=profile, hub=None,
                         changes={"changed": changed, "by": "application sent"})
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
