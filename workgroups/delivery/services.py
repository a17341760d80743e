"""Writes for Work Groups, their sessions and venues. Each is audited in its own transaction."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import Offering
from workgroups.core import clock
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.delivery.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CalendarFeed,
    DeliveryMode,
    Enrolment,
    EnrolmentOutcome,
    Session,
    SessionKind,
    SessionReminder,
    Venue,
    WorkGroup,
)
from workgroups.delivery.selectors import sessions_needing_reminders
from workgroups.delivery.tasks import (
    send_enrolment_email,
    send_session_email,
    session_changes_described,
)
from workgroups.hubs.models import Hub

if TYPE_CHECKING:
    from workgroups.applications.models import Application

WORK_GROUP_FIELDS = frozenset(
    {"name", "delivery_mode", "area", "capacity_schools", "capacity_participants"}
)
SESSION_FIELDS = frozenset(
    {"kind", "starts_at", "ends_at", "venue", "online", "online_link", "equivalent_days",
     "required", "is_demo"}
)
VENUE_FIELDS = frozenset({"name", "address", "postcode"})


def _only(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")


def _check_capacities(schools: int, participants: int) -> None:
    if schools < 1:
        raise DomainError("A Work Group needs room for at least one school.",
                          field="capacity_schools")
    if participants < 1:
        raise DomainError("A Work Group needs room for at least one participant.",
                          field="capacity_participants")


def work_group_create(
    *,
    actor: User | None,
    offering: Offering,
    name: str,
    capacity_schools: int,
    capacity_participants: int,
    delivery_mode: DeliveryMode = DeliveryMode.FACE_TO_FACE,
    area: str = "",
) -> WorkGroup:
    """Add a cohort to an offering. Raises DomainError for a clashing name or a capacity below 1."""
    _check_capacities(capacity_schools, capacity_participants)
    with transaction.atomic():
        if WorkGroup.objects.filter(offering=offering, name=name).exists():
            raise DomainError("This offering already has a Work Group with that name.",
                              field="name")
        work_group = WorkGroup(
            offering=offering, name=name, delivery_mode=delivery_mode, area=area,
            capacity_schools=capacity_schools, capacity_participants=capacity_participants,
        )
        full_clean_or_refuse(work_group)
        work_group.save()
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_CREATED, obj=work_group,
                     hub=offering.hub,
                     changes={"offering": offering, "name": name, "delivery_mode": delivery_mode,
                              "area": area, "capacity_schools": capacity_schools,
                              "capacity_participants": capacity_participants})
    return work_group


def work_group_update(
    *, actor: User | None, work_group: WorkGroup, data: Mapping[str, Any]
) -> WorkGroup:
    _only(data, WORK_GROUP_FIELDS)
    _check_capacities(data.get("capacity_schools", work_group.capacity_schools),
                      data.get("capacity_participants", work_group.capacity_participants))
    with transaction.atomic():
        locked = (WorkGroup.objects.select_for_update(of=("self",))
                  .select_related("offering__hub").get(pk=work_group.pk))
        new_name = data.get("name", locked.name)
        if new_name != locked.name and WorkGroup.objects.filter(
                offering_id=locked.offering_id, name=new_name).exists():
            raise DomainError("This offering already has a Work Group with that name.",
                              field="name")
        locked, changes = model_update(instance=locked, data=data)
        if changes:
            audit_record(actor=actor, action=AuditAction.WORK_GROUP_UPDATED, obj=locked,
                         hub=locked.offering.hub, changes=changes)
    return locked


def _check_session(work_group: WorkGroup, starts_at: datetime, ends_at: datetime,
                   venue: Venue | None) -> None:
    if ends_at <= starts_at:
        raise DomainError("The session must end after it starts.", field="ends_at")
    year = work_group.offering.academic_year
    for moment in (starts_at, ends_at):
        if not year.contains(moment.astimezone(clock.LONDON).date()):
            raise DomainError(f"The session must fall within {year.label} "
                              f"(1 September to 31 August).", field="starts_at")
    if venue is not None and venue.hub_id != work_group.offering.hub_id:
        raise DomainError("Choose one of this hub's venues.", field="venue")


def session_create(
    *,
    actor: User | None,
    work_group: WorkGroup,
    kind: SessionKind,
    starts_at: datetime,
    ends_at: datetime,
    venue: Venue | None = None,
    online: bool = False,
    online_link: str = "",
    equivalent_days: Decimal = Decimal("1"),
    required: bool = True,
    is_demo: bool = False,
    to_confirm: bool = False,
) -> Session:
    """Add a dated meeting to a Work Group.

    Raises DomainError if it ends before it starts, falls outside the offering's academic year,
    or uses another hub's venue.
    """
    _check_session(work_group, starts_at, ends_at, venue)
    with transaction.atomic():
        session = Session(
            work_group=work_group, kind=kind, starts_at=starts_at, ends_at=ends_at, venue=venue,
            online=online, online_link=online_link, equivalent_days=equivalent_days,
            required=required, is_demo=is_demo, to_confirm=to_confirm,
        )
        full_clean_or_refuse(session)
        session.save()
        audit_record(actor=actor, action=AuditAction.SESSION_CREATED, obj=session,
                     hub=work_group.offering.hub,
                     changes={"work_group": work_group, "kind": kind, "starts_at": starts_at,
                              "ends_at": ends_at, "venue": venue, "online": online,
                              "equivalent_days": equivalent_days, "required": required})
        # Participants hear of a new date at once, with its venue or joining link. Not of a
        # date still to confirm (the rollover's), one school's in-school visit, or a session
        # recorded after it happened.
        if (not to_confirm and kind != SessionKind.IN_SCHOOL_SUPPORT and starts_at > clock.now()
                and work_group.enrolments.filter(outcome=EnrolmentOutcome.ENROLLED).exists()):
            transaction.on_commit(partial(send_session_email.enqueue, session.pk, "added"))
    return session


def session_update(
    *, actor: User | None, session: Session, data: Mapping[str, Any]
) -> Session:
    _only(data, SESSION_FIELDS)
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).select_related(
            "work_group__offering__academic_year", "work_group__offering__hub").get(pk=session.pk)
        _check_session(locked.work_group, data.get("starts_at", locked.starts_at),
                       data.get("ends_at", locked.ends_at), data.get("venue", locked.venue))
        if locked.cancelled_at is not None:
            raise DomainError("This session has been cancelled, so it cannot be changed.")
        # Saving a session rolled over from last year is staff confirming its date.
        locked, changes = model_update(instance=locked,
                                       data={**data, "to_confirm": False} if locked.to_confirm
                                       else data)
        if changes:
            news = SESSION_NEWS_FIELDS & set(changes)
            if news:
                # Calendars keep the event's UID and take the higher SEQUENCE as the update.
                locked.sequence += 1
                locked.save(update_fields=["sequence"])
                transaction.on_commit(partial(
                    send_session_email.enqueue, locked.pk, "changed", "", None,
                    session_changes_described({field: changes[field] for field in news})))
            audit_record(actor=actor, action=AuditAction.SESSION_UPDATED, obj=locked,
                         hub=locked.work_group.offering.hub, changes=changes)
    return locked


def session_delete(*, actor: User | None, session: Session) -> None:
    """Remove a session added by mistake. Once anyone is enrolled it must be cancelled instead,
    so they (and their calendars) are told."""
    with transaction.atomic():
        if session.work_group.enrolments.exclude(outcome=EnrolmentOutcome.WITHDRAWN).exists():
            raise DomainError("People are enrolled in this Work Group: cancel the session "
                              "instead, so they are told.")
        hub = session.work_group.offering.hub
        audit_record(actor=actor, action=AuditAction.SESSION_DELETED, obj=session, hub=hub,
                     changes={"work_group": session.work_group, "starts_at": session.starts_at})
        session.delete()


def venue_create(
    *, actor: User | None, hub: Hub, name: str, address: str, postcode: str
) -> Venue:
    with transaction.atomic():
        if Venue.objects.filter(hub=hub, name=name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        venue = Venue(hub=hub, name=name, address=address, postcode=postcode.upper().strip())
        full_clean_or_refuse(venue)
        venue.save()
        audit_record(actor=actor, action=AuditAction.VENUE_CREATED, obj=venue, hub=hub,
                     changes={"name": name, "address": address, "postcode": venue.postcode})
    return venue


def venue_update(
    *, actor: User | None, venue: Venue, data: Mapping[str, Any]
) -> Venue:
    _only(data, VENUE_FIELDS)
    with transaction.atomic():
        locked = (Venue.objects.select_for_update(of=("self",)).select_related("hub")
                  .get(pk=venue.pk))
        new_name = data.get("name", locked.name)
        if new_name != locked.name and Venue.objects.filter(hub_id=locked.hub_id,
                                                            name=new_name).exists():
            raise DomainError("Your hub already has a venue with that name.", field="name")
        cleaned = dict(data)
        if "postcode" in cleaned:
            cleaned["postcode"] = str(cleaned["postcode"]).upper().strip()
        locked, changes = model_update(instance=locked, data=cleaned)
        if changes:
            audit_record(actor=actor, action=AuditAction.VENUE_UPDATED, obj=locked,
                         hub=locked.hub, changes=changes)
    return locked


# --- Enrolments: made when an offer is accepted, ended when the place is let go -------------

def _participants(application: Application) -> list[dict[str, str]]:
    """Who takes part: each member of a school team, else the applicant."""
    team = application.answers.get("team")
    if application.is_school_team and isinstance(team, list):
        return [{"name": str(m.get("name", "")), "email": str(m.get("email", "")).lower(),
                 "role": str(m.get("role", ""))} for m in team if isinstance(m, dict)]
    answers = application.answers
    name = " ".join(str(answers.get(k, "")).strip() for k in ("first_name", "last_name")).strip()
    return [{"name": name or application.applicant.get_full_name() or "Participant",
             "email": application.applicant.email.lower(),
             "role": str(answers.get("role", ""))}]


def enrolments_create_for(*, application: Application) -> list[Enrolment]:
    """Enrol every participant of an accepted application in its Work Group. Call inside the
    transaction that accepts the offer."""
    if application.work_group_id is None:
        raise DomainError("This application has no Work Group to join.")
    people = _participants(application)
    accounts = {u.email.lower(): u for u in User.objects.filter(
        email__in=[p["email"] for p in people])}
    enrolments = [Enrolment(work_group_id=application.work_group_id, application=application,
                            user=accounts.get(p["email"]), name=p["name"], email=p["email"],
                            role=p["role"], school_urn=application.school_urn)
                  for p in people]
    try:
        with transaction.atomic():
            created = Enrolment.objects.bulk_create(enrolments)
    except IntegrityError:
        raise DomainError("Someone in this team already has a place in this Work Group.") \
            from None
    for enrolment in created:
        _notify_enrolment(enrolment.pk)
    return created


def enrolments_withdraw_for(*, application: Application) -> int:
    """End the places an application held (its participants are no longer expected)."""
    # Only those still taking part: a recorded outcome (completed, incomplete) stays as it is.
    return (Enrolment.objects.filter(application=application, outcome=EnrolmentOutcome.ENROLLED)
            .update(outcome=EnrolmentOutcome.WITHDRAWN, updated_at=clock.now()))


def _notify_enrolment(enrolment_id: int) -> None:
    transaction.on_commit(partial(send_enrolment_email.enqueue, enrolment_id))


# --- Work Group leads ---------------------------------------------------------------------------

def work_group_lead_add(*, actor: User | None, work_group: WorkGroup, email: str) -> User:
    """Make a member of the hub a lead of this Work Group: they then see its participants,
    schools and sessions, and nothing else."""
    address = email.strip().lower()
    hub = work_group.offering.hub
    person = User.objects.filter(email=address, memberships__hub=hub).distinct().first()
    if person is None:
        raise DomainError("Give the email address of someone with a role at your hub. Ask the "
                          "hub lead to add them first.", field="email")
    with transaction.atomic():
        if work_group.leads.filter(pk=person.pk).exists():
            raise DomainError("They already lead this Work Group.", field="email")
        work_group.leads.add(person)
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_LEAD_ADDED, obj=work_group,
                     hub=hub, changes={"lead": person})
    return person


def work_group_lead_remove(*, actor: User | None, work_group: WorkGroup, lead: User) -> None:
    with transaction.atomic():
        work_group.leads.remove(lead)
        audit_record(actor=actor, action=AuditAction.WORK_GROUP_LEAD_REMOVED, obj=work_group,
                     hub=work_group.offering.hub, changes={"lead": lead})


# --- Session changes, cancellations and reminders ---------------------------------------------

# A change to any of these is news to participants (and to their calendars).
SESSION_NEWS_FIELDS = frozenset({"kind", "starts_at", "ends_at", "venue", "online",
                                 "online_link"})


def session_cancel(*, actor: User | None, session: Session, reason: str = "") -> Session:
    """Cancel a session: it stays on record (calendars are sent it as cancelled) and every
    enrolled participant is emailed."""
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).select_related(
            "work_group__offering__hub").get(pk=session.pk)
        if locked.cancelled_at is not None:
            raise DomainError("This session is already cancelled.")
        locked.cancelled_at = clock.now()
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        audit_record(actor=actor, action=AuditAction.SESSION_CANCELLED, obj=locked,
                     hub=locked.work_group.offering.hub, changes={"reason": reason.strip()})
        transaction.on_commit(partial(send_session_email.enqueue, locked.pk, "cancelled",
                                      reason.strip()))
    return locked


def session_reminders_send(*, days_before: int | None = None) -> int:
    """Email each enrolled participant about each session starting within ``days_before``
    days. A reminder row is written with the email's task in one transaction, and the pair is
    unique, so each goes exactly once however often this runs. Returns how many were sent."""
    days = settings.WORKGROUPS_SESSION_REMINDER_DAYS if days_before is None else days_before
    now = clock.now()
    sent = 0
    for session in sessions_needing_reminders(now=now, until=now + timedelta(days=days)):
        for enrolment in session.pending:  # type: ignore[attr-defined]
            try:
                with transaction.atomic():
                    SessionReminder.objects.create(session=session, enrolment=enrolment,
                                                   sent_at=now)
                    # Enqueued inside the transaction: the task row commits with the reminder
                    # row (both live in this database), so neither exists without the other.
                    send_session_email.enqueue(session.pk, "reminder", "", enrolment.pk)
            except IntegrityError:
                continue  # another run sent this one a moment ago
            sent += 1
    return sent


# --- Calendar feeds ----------------------------------------------------------------------------

def calendar_feed_for(*, email: str) -> CalendarFeed:
    """The participant's feed, made the first time it is asked for."""
    address = email.strip().lower()
    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(
            email=address, defaults={"nonce": secrets.token_urlsafe(16)})
        if created:
            audit_record(actor=None, action=AuditAction.CALENDAR_FEED_CREATED, obj=feed, hub=None)
    return feed


def calendar_feed_revoke(*, actor: User | None, email: str) -> CalendarFeed:
    """Stop the feed's current address working and give it a new one."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(
            email=email.strip().lower()).first()
        if feed is None:
            feed = calendar_feed_for(email=email)
        feed.nonce = secrets.token_urlsafe(16)
        feed.save(update_fields=["nonce", "updated_at"])
        audit_record(actor=actor, action=AuditAction.CALENDAR_FEED_REVOKED, obj=feed, hub=None)
    return feed


# --- Registers ----------------------------------------------------------------------------------

REGISTER_SOURCES = frozenset({"register", "upload", "api"})


def _register_participants(session: Session) -> dict[int, Enrolment]:
    """Everyone who has had a place in the Work Group, withdrawn or not (a register says why
    it cannot mark someone rather than pretending not to know them)."""
    return {e.pk: e for e in Enrolment.objects.filter(work_group_id=session.work_group_id)}


def register_refusal(*, session: Session, now: datetime) -> str | None:
    """Why the session's register cannot be taken at ``now``, or None if it can: a cancelled
    session has no register, and nobody can be marked at a session that has not started."""
    if session.cancelled_at is not None:
        return "This session was cancelled, so it has no register."
    if session.starts_at > now:
        starts = session.starts_at.astimezone(clock.LONDON)
        return (f"This session has not started yet: its register can be taken from "
                f"{starts:%H:%M} on {starts:%A} {starts.day} {starts:%B %Y}.")
    return None


def register_save(*, actor: User | None, session: Session, marks: Mapping[int, str],
                  source: str = "register") -> int:
    """Mark participants at a session: {enrolment id: present | absent | apologies}. A new mark
    or a correction is kept with who made it (AttendanceChange) and audited; marking the same
    again changes nothing. All the marks are saved together or none is. Returns how many
    changed."""
    if source not in REGISTER_SOURCES:
        raise DomainError("Unknown register source.")
    unknown_status = sorted({s for s in marks.values() if s not in AttendanceStatus.values})
    if unknown_status:
        raise DomainError(f"A mark must be present, absent or apologies (not "
                          f"{', '.join(unknown_status)}).", field="status")
    now = clock.now()
    refusal = register_refusal(session=session, now=now)
    if refusal:
        raise DomainError(refusal, code="register_closed")
    with transaction.atomic():
        participants = _register_participants(session)
        strangers = sorted(set(marks) - set(participants))
        if strangers:
            raise DomainError("Someone on this register has no place in the Work Group "
                              f"(enrolment {', '.join(map(str, strangers))}).",
                              field="enrolment")
        final = [participants[pk] for pk in marks if participants[pk].why_not_markable]
        if final:
            raise DomainError(" ".join(f"{e.name} cannot be marked. {e.why_not_markable}"
                                       for e in final), field="enrolment",
                              code="not_markable")
        existing = {a.enrolment_id: a for a in Attendance.objects.select_for_update()
                    .filter(session=session, enrolment_id__in=list(marks))}
        changed: dict[str, list[str]] = {}
        for enrolment_id, status in marks.items():
            attendance = existing.get(enrolment_id)
            before = attendance.status if attendance else ""
            if before == status:
                continue
            if attendance is None:
                try:
                    with transaction.atomic():
                        attendance = Attendance.objects.create(
                            enrolment_id=enrolment_id, session=session, status=status,
                            marked_at=now,
                            marked_by=actor if actor and actor.is_authenticated else None)
                except IntegrityError:
                    # Someone marked them a moment ago (a double tap, or two people at once):
                    # theirs is the mark to correct.
                    attendance = Attendance.objects.select_for_update().get(
                        enrolment_id=enrolment_id, session=session)
                    before = attendance.status
                    if before == status:
                        continue
            if attendance.status != status:
                attendance.status, attendance.marked_at = status, now
                attendance.marked_by = actor if actor and actor.is_authenticated else None
                attendance.save(update_fields=["status", "marked_at", "marked_by"])
            AttendanceChange.objects.create(
                attendance=attendance, from_status=before, to_status=status, at=now,
                actor=actor if actor and actor.is_authenticated else None, source=source)
            changed[str(enrolment_id)] = [before, status]
        if changed:
            audit_record(actor=actor, action=AuditAction.REGISTER_MARKED, obj=session,
                         hub=session.work_group.offering.hub,
                         changes={"marks": changed, "source": source})
    return len(changed)


def register_mark_all_present(*, actor: User | None, session: Session) -> int:
    """Staff's "mark all present": everyone who can be marked and has no mark yet is marked
    present (marks already made, such as apologies, are kept), audited like any register
    marking. Returns how many were marked."""
    refusal = register_refusal(session=session, now=clock.now())
    if refusal:
        raise DomainError(refusal, code="register_closed")
    with transaction.atomic():
        marked = set(Attendance.objects.filter(session=session)
                     .values_list("enrolment_id", flat=True))
        unmarked = [e.pk for e in _register_participants(session).values()
                    if not e.why_not_markable and e.pk not in marked]
        if not unmarked:
            return 0
        return register_save(actor=actor, session=session,
                             marks=dict.fromkeys(unmarked, AttendanceStatus.PRESENT.value))


@dataclass
class RegisterUpload:
    saved: int = 0
    errors: list[tuple[int, str]] = dataclass_field(default_factory=list)


STATUS_WORDS = {"present": "present", "p": "present", "attended": "present", "yes": "present",
                "absent": "absent", "a": "absent", "no": "absent",
                "apologies": "apologies", "apology": "apologies", "ap": "apologies"}


def _csv_rows(reader: csv.DictReader[str],
              result: RegisterUpload) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Each row with the line it starts on; a row the csv module cannot read (a cell over its
    field size limit, a stray quote) becomes that line's error and the rest are still read."""
    line = 1
    while True:
        line += 1  # the header is line 1; rows are counted as lines, as a spreadsheet shows them
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = ("A cell in this row is too long." if "field limit" in str(error)
                       else f"This row could not be read as CSV ({error}).")
            result.errors.append((line, message))
            continue
        yield line, row


def register_upload(*, actor: User | None, session: Session, text: str) -> RegisterUpload:
    """Marks from a CSV with a ``status`` column and an ``email`` or a ``name`` column, one row
    per participant. Rows that can be read are saved together; each row that cannot is reported
    with its line and why (like the register imports). A file without the columns is refused."""
    refusal = register_refusal(session=session, now=clock.now())
    if refusal:
        raise DomainError(refusal, field="file")
    # newline="": the csv module then ends lines at CR (Excel for Mac), LF or CRLF alike.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise DomainError(f"The first row could not be read as CSV ({error}).",
                          field="file") from None
    headers = {(h or "").strip().lower(): h for h in fieldnames}
    if "status" not in headers or not ({"email", "name"} & set(headers)):
        raise DomainError("The file needs a “status” column and an “email” or a “name” "
                          "column in its first row.", field="file")
    # Those who can be marked last, so they win an address or a name shared with someone
    # withdrawn from the Work Group before.
    participants = sorted(_register_participants(session).values(),
                          key=lambda e: not e.why_not_markable)
    by_email = {e.email.lower(): e for e in participants}
    by_name: dict[str, list[Enrolment]] = {}
    for enrolment in participants:
        by_name.setdefault(" ".join(enrolment.name.lower().split()), []).append(enrolment)
    result = RegisterUpload()
    marks: dict[int, str] = {}
    for line, row in _csv_rows(reader, result):
        def cell(column: str, row: dict[str, str | None] = row) -> str:
            return (row.get(headers.get(column, ""), "") or "").strip()

        status = STATUS_WORDS.get(cell("status").lower())
        who = cell("email").lower() or cell("name")
        if not who and not cell("status"):
            continue  # a blank line
        if status is None:
            result.errors.append((line, f"“{cell('status')}” is not a mark: use present, "
                                        f"absent or apologies."))
            continue
        if cell("email"):
            match = by_email.get(cell("email").lower())
            if match is None:
                result.errors.append((line, "Nobody with this email address has a place in "
                                            "the Work Group."))
                continue
        else:
            found = by_name.get(" ".join(cell("name").lower().split()), [])
            found = [e for e in found if not e.why_not_markable] or found
            if len(found) != 1:
                result.errors.append((line, "No participant has this name." if not found else
                                      "Two participants have this name: use their email."))
                continue
            match = found[0]
        if match.why_not_markable:
            result.errors.append((line, f"{match.name} cannot be marked. "
                                        f"{match.why_not_markable}"))
            continue
        if match.pk in marks and marks[match.pk] != status:
            result.errors.append((line, "This participant appears twice with different marks."))
            continue
        marks[match.pk] = status
    if marks:
        register_save(actor=actor, session=session, marks=marks, source="upload")
    result.saved = len(marks)
    return result


def session_in_school_visit_add(*, actor: User | None, work_group: WorkGroup,
                                starts_at: datetime, ends_at: datetime,
                                equivalent_days: Decimal = Decimal("0.5")) -> Session:
    """A lead records an in-school support visit, which then has a register like any session."""
    return session_create(actor=actor, work_group=work_group,
                          kind=SessionKind.IN_SCHOOL_SUPPORT, starts_at=starts_at,
                          ends_at=ends_at, equivalent_days=equivalent_days, required=False)


def work_group_dates_confirm(*, actor: User | None, work_group: WorkGroup) -> int:
    """Staff confirm, in one go, the dates a rollover gave the Work Group's sessions."""
    with transaction.atomic():
        confirmed = Session.objects.filter(work_group=work_group, to_confirm=True).update(
            to_confirm=False, updated_at=clock.now())
        if confirmed:
            audit_record(actor=actor, action=AuditAction.WORK_GROUP_DATES_CONFIRMED,
                         obj=work_group, hub=work_group.offering.hub,
                         changes={"sessions": confirmed})
    return confirmed
