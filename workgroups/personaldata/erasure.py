"""Erasing a person: on their own request ("delete your account") or on an erasure request made
to a hub's staff.

What only serves the person goes (their sign-in addresses and second factors, API tokens,
calendar feed, interest registrations, pending invitations, sign-in sessions, queued emails).
What a hub must still count (applications: offering, school, status and dates; enrolments,
attendance, outcomes, certificates; participation records) is kept without the person: names,
addresses, answers and typed words are blanked or replaced by ``erased-…@erased.invalid``, and
the audit trail about them is pseudonymised. The account row stays (applications refer to it)
but can never sign in again. Erasing twice is harmless.

Someone with no account (a supporter, a team member, someone who registered interest) is known
only by an address: ``address_erase`` erases the rows keyed by it the same way (the part shared
with ``person_erase``: ``_address_rows_erase`` and ``_traces_erase``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, fields
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q

from workgroups.accounts.models import ApiToken, HubMembership, TeamInvitation, User
from workgroups.applications.models import (
    ApplicantProfile,
    Application,
    ApplicationStatusChange,
    Endorsement,
    EndorsementKind,
)
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import InterestRegistration
from workgroups.core.models import FailedEmail
from workgroups.core.services import DomainError
from workgroups.delivery.models import CalendarFeed, Enrolment
from workgroups.hubs.models import Hub
from workgroups.messaging.models import MessageRecipient
from workgroups.personaldata.scrub import (
    ERASED,
    erased_email,
    events_mentioning,
    is_erased_email,
    needles_for,
    person_label,
    save_scrubbed,
    scrub_value,
)
from workgroups.progression.models import Invitation, InvitationStatus
from workgroups.schools.models import ParticipationRecord

# Per-account records of apps that may or may not be installed: deleted with the account's data.
OPTIONAL_PER_USER_MODELS = [("allauth.usersessions", "usersessions.UserSession"),
                            ("workgroups.accounts", "accounts.KnownBrowser")]


@dataclass(frozen=True)
class ErasureReport:
    """How many of each kind of record erasure deleted or pseudonymised."""

    applications: int = 0
    endorsements: int = 0
    named_in_applications: int = 0
    enrolments: int = 0
    participation_records: int = 0
    interest_registrations: int = 0
    calendar_feeds: int = 0
    invitations: int = 0
    team_invitations: int = 0
    email_addresses: int = 0
    second_factors: int = 0
    api_tokens: int = 0
    roles: int = 0
    profiles: int = 0
    sign_in_sessions: int = 0
    email_tasks: int = 0
    failed_emails: int = 0
    messages_received: int = 0
    audit_events: int = 0
    admin_log_entries: int = 0

    def as_dict(self) -> dict[str, int]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())


def _blank_status_notes(application_ids: list[int]) -> None:
    ApplicationStatusChange.objects.filter(application_id__in=application_ids).exclude(
        note="").update(note="")


def endorsements_pseudonymise(endorsements: models.QuerySet[Endorsement]) -> int:
    """Blank the supporter's name, address and comment (and a team member's own words for their
    role); the kind, status and dates stay. The number changed."""
    done = 0
    for endorsement in endorsements.select_for_update():
        if (is_erased_email(endorsement.email) and not endorsement.name
                and not endorsement.comment):
            continue
        endorsement.name = ""
        endorsement.email = erased_email(f"endorsement-{endorsement.pk}")
        endorsement.comment = ""
        if endorsement.kind == EndorsementKind.AGREEMENT:
            endorsement.role = ""
        # A new nonce: the link in the supporter's mailbox opens nothing any more.
        endorsement.link_nonce = secrets.token_hex(16)
        endorsement.save(update_fields=["name", "email", "comment", "role", "link_nonce",
                                        "updated_at"])
        done += 1
    return done


def application_is_pseudonymised(application: Application) -> bool:
    eligibility = application.eligibility if isinstance(application.eligibility, dict) else {}
    return (not application.answers and not application.withdrawn_reason
            and not application.decision_reason and set(eligibility) <= {"outcome"})


def applications_pseudonymise(applications: models.QuerySet[Application]) -> tuple[int, int]:
    """Keep each application's counted facts (offering, applicant, school, status, dates,
    places, Work Group, the eligibility outcome) and blank the rest: answers, typed reasons,
    notes on its history and the people asked to support it; and pseudonymise the audit events
    about it and its supports. Returns (applications changed, endorsements changed)."""
    ids = list(applications.values_list("pk", flat=True))
    changed = 0
    for application in Application.objects.filter(pk__in=ids).select_for_update():
        if application_is_pseudonymised(application):
            continue
        eligibility = application.eligibility if isinstance(application.eligibility,
                                                            dict) else {}
        application.answers = {}
        application.eligibility = ({"outcome": eligibility["outcome"]}
                                   if "outcome" in eligibility else {})
        application.withdrawn_reason = ""
        application.decision_reason = ""
        application.save(update_fields=["answers", "eligibility", "withdrawn_reason",
                                        "decision_reason", "updated_at"])
        changed += 1
    _blank_status_notes(ids)
    endorsement_ids = list(Endorsement.objects.filter(application_id__in=ids)
                           .values_list("pk", flat=True))
    endorsements = endorsements_pseudonymise(Endorsement.objects.filter(pk__in=endorsement_ids))
    _scrub_events_about(Application, ids, needles=frozenset())
    _scrub_events_about(Endorsement, endorsement_ids, needles=frozenset())
    return changed, endorsements


# The erasures' own records are left as written: they already name nobody.
ERASURE_ACTIONS = (AuditAction.PERSON_ERASED, AuditAction.ADDRESS_ERASED)


def _events_about(model: type[models.Model], ids: list[Any]) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                     object_id__in=[str(pk) for pk in ids])


def _scrub_events_about(model: type[models.Model], ids: list[Any], *,
                        needles: frozenset[str]) -> set[int]:
    if not ids:
        return set()
    events = (_events_about(model, ids).exclude(action__in=ERASURE_ACTIONS)
              .select_related("content_type"))
    return save_scrubbed(events.iterator(), needles=needles, about_person=True, emails=True)


def _sign_in_sessions_delete(person: User | None, needles: frozenset[str]) -> int:
    """Sessions signed in as the person (if they have an account), or holding their address
    (a half-finished sign-in)."""
    if not apps.is_installed("django.contrib.sessions") or not settings.SESSION_ENGINE.endswith(
            ("sessions.backends.db", "sessions.backends.cached_db")):
        return 0
    from django.contrib.sessions.models import Session
    from django.utils.module_loading import import_string

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    doomed = []
    for session in Session.objects.all().iterator():
        data = store_class().decode(session.session_data)
        if (person is not None and str(data.get("_auth_user_id", "")) == str(person.pk)) or (
                needles and any(needle in json.dumps(data, default=str).lower()
                                for needle in needles)):
            doomed.append(session.session_key)
    if not doomed:
        return 0
    if settings.SESSION_ENGINE.endswith("cached_db"):
        for key in doomed:
            store_class(session_key=key).delete()
    return int(Session.objects.filter(session_key__in=doomed).delete()[0])


def _email_tasks_delete(address: str) -> int:
    """Queued or finished tasks whose arguments (or result) carry the address."""
    if not address or not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    return int(DBTaskResult.objects.filter(
        Q(args_kwargs__icontains=address) | Q(return_value__icontains=address)
        | Q(traceback__icontains=address)).delete()[0])


def _admin_log_scrub(person: User | None, needles: frozenset[str]) -> int:
    if not apps.is_installed("django.contrib.admin"):
        return 0
    from django.contrib.admin.models import LogEntry

    user_type = ContentType.objects.get_for_model(User)
    query = (Q(content_type=user_type, object_id=str(person.pk)) if person is not None
             else Q(pk__in=[]))
    for needle in needles:
        query |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    done = 0
    for entry in LogEntry.objects.filter(query):
        label = person_label(entry.object_id) if person is not None and (
            entry.object_id == str(person.pk) and entry.content_type_id == user_type.pk) else (
            f"Record #{entry.object_id} (erased)")
        message = entry.change_message
        if any(needle in message.lower() for needle in needles):
            message = json.dumps(scrub_value(_json_or_text(message), needles=needles))
        if entry.object_repr != label or message != entry.change_message:
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=label,
                                                        change_message=message)
            done += 1
    return done


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return ERASED


def _reason_without(reason: str, needles: frozenset[str]) -> str:
    """The typed reason, minus the person's own address and names should staff have typed them."""
    return _text_without(reason, needles).strip()[:500]


def _text_without(text: str, needles: frozenset[str]) -> str:
    """``text`` with every (case-insensitive) occurrence of ``needles`` replaced by
    ``[erased]``."""
    cleaned = text
    for needle in sorted(needles, key=len, reverse=True):
        lowered = cleaned.lower()
        start = lowered.find(needle)
        while start != -1:
            cleaned = cleaned[:start] + ERASED + cleaned[start + len(needle):]
            lowered = cleaned.lower()
            start = lowered.find(needle, start + len(ERASED))
    return cleaned


def _by_address(addresses: list[str]) -> Q:
    """Rows whose ``email`` is one of ``addresses`` (none when there are none)."""
    query = Q(pk__in=[])
    for email in addresses:
        query |= Q(email__iexact=email)
    return query


def _answers_without(value: Any, *, addresses: frozenset[str], needles: frozenset[str],
                     placeholder: str) -> Any:
    """An application's answers with the person named in them taken out: an entry giving one of
    ``addresses`` (a supporter, a team member) keeps its role but loses its name and address;
    any other text naming them has that part replaced by ``[erased]``."""
    if isinstance(value, dict):
        email = value.get("email")
        theirs = isinstance(email, str) and email.strip().lower() in addresses
        return {key: (placeholder if theirs and key == "email" else
                      "" if theirs and key in {"name", "first_name", "last_name"} else
                      _answers_without(item, addresses=addresses, needles=needles,
                                       placeholder=placeholder))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_answers_without(item, addresses=addresses, needles=needles,
                                 placeholder=placeholder) for item in value]
    if isinstance(value, str) and any(needle in value.lower() for needle in needles):
        return _text_without(value, needles)
    return value


def _named_in_applications(addresses: list[str], *, needles: frozenset[str],
                           placeholder: str, exclude: list[Any]) -> int:
    """Others' applications naming the person as a supporter or team member (their answers
    hold the name and address the applicant typed): those entries are blanked."""
    query = Q(pk__in=[])
    for email in addresses:
        query |= Q(answers__icontains=email)
    done = 0
    for application in (Application.objects.filter(query).exclude(pk__in=exclude)
                        .select_for_update()):
        answers = _answers_without(application.answers, addresses=frozenset(addresses),
                                   needles=needles, placeholder=placeholder)
        if answers != application.answers:
            application.answers = answers
            application.save(update_fields=["answers", "updated_at"])
            done += 1
    return done


def _address_rows_erase(*, addresses: list[str], person: User | None, placeholder: str,
                        needles: frozenset[str], counts: dict[str, int],
                        content_ids: dict[type[models.Model], list[Any]]) -> None:
    """Erase the rows keyed by the person's ``addresses`` (and by their account, when they have
    one): supports asked of them, places, participation records, invitations, interest
    registrations, calendar feeds, sign-in addresses, entries naming them in others'
    applications, queued emails, emails that could not be sent and messages hubs sent them.
    Counts go into ``counts`` (added to what is there), the rows' ids into ``content_ids`` for
    the audit trail."""
    by_address = _by_address(addresses)
    by_account = Q(user=person) if person is not None else Q(pk__in=[])

    # Supports the person was asked for on other people's applications.
    asked = Endorsement.objects.filter(by_address)
    content_ids[Endorsement] = content_ids.get(Endorsement, []) + list(
        asked.values_list("pk", flat=True))
    counts["endorsements"] = counts.get("endorsements", 0) + endorsements_pseudonymise(asked)
    counts["named_in_applications"] = _named_in_applications(
        addresses, needles=needles, placeholder=placeholder,
        exclude=content_ids.get(Application, []))

    # Places they took: kept for the register, outcomes and certificates, without them.
    enrolments = Enrolment.objects.filter(by_account | by_address)
    content_ids[Enrolment] = list(enrolments.values_list("pk", flat=True))
    counts["enrolments"] = 0
    for enrolment in enrolments.select_for_update():
        if enrolment.email == placeholder and not enrolment.name:
            continue
        enrolment.name = ""
        enrolment.email = placeholder
        enrolment.save(update_fields=["name", "email", "updated_at"])
        counts["enrolments"] += 1

    records = ParticipationRecord.objects.filter(by_address)
    content_ids[ParticipationRecord] = list(records.values_list("pk", flat=True))
    counts["participation_records"] = records.update(email=placeholder, name="")

    # Progression invitations: a pending one goes, a sent or dismissed one is kept blank.
    invitations = Invitation.objects.filter(by_address)
    content_ids[Invitation] = list(invitations.values_list("pk", flat=True))
    counts["invitations"] = (
        invitations.filter(status=InvitationStatus.PROPOSED).delete()[0]
        + sum(Invitation.objects.filter(pk=pk).update(
            email=placeholder, name="", nonce=secrets.token_hex(16))
            for pk in content_ids[Invitation]))

    team_invitations = TeamInvitation.objects.filter(by_address)
    content_ids[TeamInvitation] = list(team_invitations.values_list("pk", flat=True))
    counts["team_invitations"] = (
        team_invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True).delete()[0]
        + TeamInvitation.objects.filter(pk__in=content_ids[TeamInvitation]).update(
            email=placeholder))

    interest = InterestRegistration.objects.filter(by_address)
    content_ids[InterestRegistration] = list(interest.values_list("pk", flat=True))
    counts["interest_registrations"] = interest.delete()[0]
    feeds = CalendarFeed.objects.filter(by_address)
    content_ids[CalendarFeed] = list(feeds.values_list("pk", flat=True))
    counts["calendar_feeds"] = feeds.delete()[0]

    counts["email_addresses"] = 0
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress
        counts["email_addresses"] = EmailAddress.objects.filter(by_account | by_address).delete()[0]

    counts["email_tasks"] = sum(_email_tasks_delete(email) for email in addresses)
    counts["failed_emails"] = 0
    for email in addresses:
        counts["failed_emails"] += FailedEmail.objects.filter(
            recipient__icontains=email).delete()[0]
    # Messages a hub sent them: kept (the hub's record of whom it wrote to, and as what)
    # without their name or address.
    counts["messages_received"] = MessageRecipient.objects.filter(by_address).update(
        name="", email=placeholder)


def _traces_erase(*, person: User | None, needles: frozenset[str],
                  wide_needles: frozenset[str], counts: dict[str, int],
                  content_ids: dict[type[models.Model], list[Any]]) -> None:
    """What records say about the person: sign-in sessions, the audit trail (events about
    anything of theirs, and any event carrying their address or whole name) and the Django
    admin's log."""
    counts["sign_in_sessions"] = _sign_in_sessions_delete(person, wide_needles)
    scrubbed: set[int] = set()
    for model, ids in content_ids.items():
        scrubbed |= _scrub_events_about(model, ids, needles=needles)
    scrubbed |= save_scrubbed(
        events_mentioning(wide_needles).exclude(action__in=ERASURE_ACTIONS)
        .select_related("content_type").iterator(),
        needles=wide_needles, about_person=False)
    counts["audit_events"] = len(scrubbed)
    counts["admin_log_entries"] = _admin_log_scrub(person, wide_needles)


def person_erase(*, person: User, actor: User | AnonymousUser | None, reason: str,
                 hub: Hub | None = None) -> ErasureReport:
    """Erase ``person``'s personal data, keeping what hubs must count, in one transaction, and
    record who did it and why (``hub``: the hub whose staff acted, or None for the person's own
    request). Nothing in the record names the person."""
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        address = person.email.strip().lower()
        known = [address] if not is_erased_email(address) else []
        # Every address the person signed in with, not only the current one.
        if apps.is_installed("allauth.account"):
            from allauth.account.models import EmailAddress
            known += [email.lower() for email in EmailAddress.objects.filter(user=person)
                      .values_list("email", flat=True) if not is_erased_email(email)]
        known = sorted(set(known))
        full_name = f"{person.first_name} {person.last_name}".strip()
        needles = needles_for(*known, full_name, person.first_name, person.last_name)
        # The strings searched across every audit event: the addresses and the whole name
        # (a first name alone is too common a word to scrub from other people's records).
        wide_needles = needles_for(*known, full_name)

        counts: dict[str, int] = {}
        content_ids: dict[type[models.Model], list[Any]] = {User: [person.pk]}

        # Applications: their own, pseudonymised with the supports they asked for.
        applications = Application.objects.filter(applicant=person)
        content_ids[Application] = list(applications.values_list("pk", flat=True))
        changed, endorsements = applications_pseudonymise(applications)
        counts["applications"] = changed
        counts["endorsements"] = endorsements
        placeholder = erased_email(str(person.pk))
        _address_rows_erase(addresses=known, person=person, placeholder=placeholder,
                            needles=wide_needles, counts=counts, content_ids=content_ids)

        counts["second_factors"] = 0
        if apps.is_installed("allauth.mfa"):
            authenticator = apps.get_model("mfa", "Authenticator")
            counts["second_factors"] = authenticator.objects.filter(user=person).delete()[0]
        for app_name, model_label in OPTIONAL_PER_USER_MODELS:
            if apps.is_installed(app_name):
                try:
                    model = apps.get_model(model_label)
                except LookupError:
                    continue
                model._default_manager.filter(user=person).delete()
        tokens = ApiToken.objects.filter(user=person)
        content_ids[ApiToken] = list(tokens.values_list("pk", flat=True))
        counts["api_tokens"] = tokens.delete()[0]
        memberships = HubMembership.objects.filter(user=person)
        content_ids[HubMembership] = list(memberships.values_list("pk", flat=True))
        counts["roles"] = memberships.delete()[0] + person.led_work_groups.count()
        person.led_work_groups.clear()
        profiles = ApplicantProfile.objects.filter(user=person)
        content_ids[ApplicantProfile] = list(profiles.values_list("pk", flat=True))
        counts["profiles"] = profiles.delete()[0]

        _traces_erase(person=person, needles=needles, wide_needles=wide_needles,
                      counts=counts, content_ids=content_ids)

        # The account itself: kept (applications refer to it), unable to sign in, nameless.
        person.email = placeholder
        person.first_name = ""
        person.last_name = ""
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        if person.has_usable_password():
            person.set_unusable_password()
        person.save()
        person.groups.clear()
        person.user_permissions.clear()

        report = ErasureReport(**counts)
        event = audit_record(
            actor=actor if isinstance(actor, User) else None, action=AuditAction.PERSON_ERASED,
            obj=person, hub=hub,
            changes={"reason": _reason_without(reason, needles), "erased": report.as_dict()})
        AuditEvent.objects.filter(pk=event.pk).update(object_repr=person_label(person.pk))
        return report


ADDRESS_REPR = "Records of an email address (erased)"
ACCOUNT_HOLDS_ADDRESS = (
    "Someone has an account with this address. Erase their data as a person instead, so that "
    "their account is closed too.")


def _names_at(addresses: list[str]) -> list[str]:
    """The names typed beside the address on the rows keyed by it (a supporter's, say)."""
    by_address = _by_address(addresses)
    names: set[str] = set()
    for model in (Endorsement, Enrolment, ParticipationRecord, Invitation,
                  InterestRegistration):
        names |= {name.strip() for name in model._default_manager.filter(by_address)
                  .values_list("name", flat=True) if name and name.strip()}
    return sorted(names)


def address_erase(*, email: str, actor: User, reason: str, hub: Hub) -> ErasureReport:
    """Erase everything held under an email address that no account uses (someone asked to
    support an application, a team member, someone who registered interest), as
    ``person_erase`` does for the rows keyed by an address, in one transaction; recorded once,
    against ``hub``, with nothing of the address in the record. Refused when an account uses
    the address (``person_erase`` is then the right call). Erasing twice is harmless."""
    from workgroups.personaldata.selectors import account_for_address, normalised

    address = normalised(email)
    if not address or is_erased_email(address):
        raise DomainError("Enter the email address whose records should be erased.",
                          field="email", code="invalid")
    with transaction.atomic():
        if account_for_address(email=address) is not None:
            raise DomainError(ACCOUNT_HOLDS_ADDRESS, field="email", code="has_account")
        addresses = [address]
        # Names typed beside the address: a whole name is searched for everywhere (the audit
        # trail, others' answers), any name within the records about these rows.
        names = _names_at(addresses)
        needles = needles_for(address, *names)
        wide_needles = needles_for(address, *[name for name in names if " " in name])
        # One placeholder for all of this address's rows (they stay countable as one
        # person's), from a random token: nothing of the address can be read back from it.
        placeholder = erased_email(f"address-{secrets.token_hex(8)}")
        counts: dict[str, int] = {}
        content_ids: dict[type[models.Model], list[Any]] = {}
        _address_rows_erase(addresses=addresses, person=None, placeholder=placeholder,
                            needles=wide_needles, counts=counts, content_ids=content_ids)
        _traces_erase(person=None, needles=needles, wide_needles=wide_needles, counts=counts,
                      content_ids=content_ids)
        report = ErasureReport(**counts)
        event = audit_record(
            actor=actor, action=AuditAction.ADDRESS_ERASED, obj=hub, hub=hub,
            changes={"reason": _reason_without(reason, needles), "erased": report.as_dict()})
        AuditEvent.objects.filter(pk=event.pk).update(object_repr=ADDRESS_REPR)
        return report
