"""Registers: marks one by one, all present, or from a CSV file.
Each write is audited in its own transaction."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Enrolment,
    Session,
)

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
