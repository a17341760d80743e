"""Reads for messages: who a message would go to (worked out the same way for the preview and
for sending), a hub's messages, and one message with its recipients in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workgroups.accounts.models import User
from workgroups.applications.addresses import mailbox
from workgroups.applications.models import (
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.catalogue.models import Offering, SupportRole
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, WorkGroup
from workgroups.delivery.selectors import lead_work_groups
from workgroups.hubs.models import Hub
from workgroups.messaging.models import Message, MessageRecipient, MessageRecipientStatus
from workgroups.schools.selectors import schools_by_urn

S = ApplicationStatus
# The applicants a hub may write to, by status, in the order the form offers them, with the
# words the form and the message page use. Drafts are not sent, and ended applications are
# not written to.
APPLICANT_STATUSES: dict[str, str] = {
    S.WAITLISTED: "Everyone on the waiting list",
    S.OFFERED: "Everyone offered a place who has not answered yet",
    S.ACCEPTED: "Everyone who accepted a place",
    S.READY_FOR_REVIEW: "Everyone waiting for the hub’s decision",
    S.AWAITING_SUPPORT: "Everyone waiting for support from their school",
    S.SUBMITTED: "Everyone whose application was just sent",
}
EVERY_LIVE_APPLICANT = "Everyone with an application still open"

# Kinds of recipient, for the preview's count by kind.
PARTICIPANT, SUPPORTER, APPLICANT = "participant", "supporter", "applicant"
KIND_WORDS = {PARTICIPANT: ("participant", "participants"),
              SUPPORTER: ("supporter copied in", "supporters copied in"),
              APPLICANT: ("applicant", "applicants")}


@dataclass(frozen=True)
class Recipient:
    """One person a message would go to, and why."""

    name: str
    email: str
    role: str
    kind: str


def audience_words(*, work_group: WorkGroup | None, status: str | None,
                   copy_supporters: bool) -> str:
    """Who a message is for, in words (no names, no addresses)."""
    if work_group is not None:
        words = f"The participants of {work_group.name}"
    else:
        words = APPLICANT_STATUSES.get(status or "", EVERY_LIVE_APPLICANT)
    return words + (", copying their supporters" if copy_supporters else "")


def _usable(address: str) -> bool:
    """An address a message can go to: not one blanked by an erasure."""
    return bool(address.strip()) and not address.strip().lower().endswith(".invalid")


def _supporter_role(role: str, school_name: str) -> str:
    words = str(SupportRole(role).label) if role in SupportRole else (role or "Supporter")
    return f"{words} at {school_name}" if school_name else words


def _supporters(applications: list[Application]) -> list[Recipient]:
    """The people named to support ``applications``: each support endorsement asked for (not
    one they declined), and any supporter the answers name with no endorsement yet. Two
    queries (endorsements, schools)."""
    endorsements = list(Endorsement.objects.filter(application__in=applications,
                                                   kind=EndorsementKind.SUPPORT)
                        .order_by("application_id", "pk"))
    by_application: dict[int, list[Endorsement]] = {}
    for endorsement in endorsements:
        by_application.setdefault(endorsement.application_id, []).append(endorsement)
    schools = schools_by_urn({a.school_urn for a in applications if a.school_urn})
    found: list[Recipient] = []
    for application in applications:
        school = schools.get(application.school_urn or 0)
        school_name = school.name if school is not None else ""
        asked = by_application.get(application.pk, [])
        known = {mailbox(e.email) for e in asked}
        for endorsement in asked:
            if endorsement.status != EndorsementStatus.DECLINED:
                found.append(Recipient(endorsement.name, endorsement.email,
                                       _supporter_role(endorsement.role, school_name),
                                       SUPPORTER))
        for role, person in (application.parsed_answers.supporters or {}).items():
            if person.complete and mailbox(person.email) not in known:
                found.append(Recipient(person.name, person.email,
                                       _supporter_role(role, school_name), SUPPORTER))
    return found


def _unique(people: list[Recipient]) -> list[Recipient]:
    """One recipient per mailbox (letter case and a ``+tag`` ignored), the first kept: a
    participant who also supports a colleague is written to once, as a participant."""
    seen: set[str] = set()
    unique = []
    for person in people:
        key = mailbox(person.email)
        if _usable(person.email) and key not in seen:
            seen.add(key)
            unique.append(Recipient(person.name, person.email.strip(), person.role[:300],
                                    person.kind))
    return unique


def recipients_of_work_group(*, work_group: WorkGroup,
                             copy_supporters: bool) -> list[Recipient]:
    """A Work Group's participants (everyone not withdrawn), then, if asked, the supporters
    named on their applications; one per address."""
    enrolments = list(Enrolment.objects.filter(work_group=work_group)
                      .exclude(outcome=EnrolmentOutcome.WITHDRAWN).order_by("name", "pk"))
    people = [Recipient(e.name, e.email, "Participant", PARTICIPANT) for e in enrolments]
    if copy_supporters and enrolments:
        applications = list(Application.objects.filter(
            pk__in={e.application_id for e in enrolments}).order_by("pk"))
        people += _supporters(applications)
    return _unique(people)


def recipients_of_offering(*, offering: Offering, status: str | None,
                           copy_supporters: bool) -> list[Recipient]:
    """An offering's applicants with ``status`` (any still-open status when None), then, if
    asked, their supporters; one per address."""
    statuses = [status] if status else list(APPLICANT_STATUSES)
    applications = list(Application.objects.filter(offering=offering, status__in=statuses)
                        .select_related("applicant").order_by("submitted_at", "pk"))
    people = [Recipient(a.applicant.get_full_name(), a.applicant.email,
                        f"Applicant: {ApplicationStatus(a.status).label.lower()}", APPLICANT)
              for a in applications]
    if copy_supporters and applications:
        people += _supporters(applications)
    return _unique(people)


def recipients_summary(recipients: list[Recipient]) -> list[str]:
    """How many of each kind, in words: ["12 participants", "5 supporters copied in"]."""
    counts: dict[str, int] = {}
    for person in recipients:
        counts[person.kind] = counts.get(person.kind, 0) + 1
    return [f"{counts[kind]} {KIND_WORDS[kind][0 if counts[kind] == 1 else 1]}"
            for kind in (PARTICIPANT, APPLICANT, SUPPORTER) if kind in counts]


def staff_offering_get(*, hub: Hub, pk: int) -> Offering:
    """One of the hub's offerings (another hub's is a 404)."""
    try:
        return (Offering.objects.select_related("programme", "academic_year", "hub")
                .get(hub=hub, pk=pk))
    except Offering.DoesNotExist:
        raise Http404("No such offering in this hub.") from None


# --- Messages as sent ---------------------------------------------------------------------------

def _with_counts(messages: QuerySet[Message]) -> QuerySet[Message]:
    return (messages.select_related("author")
            .annotate(recipient_count=Count("recipients"),
                      sent_count=Count("recipients",
                                       filter=Q(recipients__status=MessageRecipientStatus.SENT))))


def messages_of_work_group(*, work_group: WorkGroup) -> list[Message]:
    """The messages sent to a Work Group's participants, newest first, with their counts (one
    query)."""
    return list(_with_counts(Message.objects.filter(work_group=work_group)))


def messages_of_offering(*, offering: Offering) -> list[Message]:
    """The messages sent to an offering's applicants, newest first, with their counts (one
    query)."""
    return list(_with_counts(Message.objects.filter(offering=offering,
                                                    work_group__isnull=True)))


def _message_get(messages: QuerySet[Message], pk: int) -> Message:
    try:
        return (messages.select_related("hub", "author", "offering__programme",
                                        "offering__academic_year", "work_group").get(pk=pk))
    except Message.DoesNotExist:
        raise Http404("No such message.") from None


def staff_message_get(*, hub: Hub, pk: int, to_applicants: bool | None = None) -> Message:
    """One of the hub's messages (``to_applicants``: only that kind); another hub's is 404."""
    messages = Message.objects.filter(hub=hub)
    if to_applicants is not None:
        messages = messages.filter(work_group__isnull=to_applicants)
    return _message_get(messages, pk)


def lead_message_get(*, user: User | AnonymousUser, pk: int) -> Message:
    """A message to the participants of a Work Group the user leads; else 404."""
    return _message_get(Message.objects.filter(
        work_group__in=lead_work_groups(user=user).values("pk")), pk)


def message_recipients(*, message: Message) -> list[MessageRecipient]:
    """Who the message went to and how each is getting on (one query)."""
    return list(MessageRecipient.objects.filter(message=message).order_by("pk"))
