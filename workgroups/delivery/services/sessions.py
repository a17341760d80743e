"""Sessions: add, change, delete, cancel, in-school visits and reminders.
Each write is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.delivery.models import (
    EnrolmentOutcome,
    Session,
    SessionKind,
    SessionReminder,
    Venue,
    WorkGroup,
)
from workgroups.delivery.selectors import sessions_needing_reminders
from workgroups.delivery.services._common import _only
from workgroups.delivery.tasks import (
    send_session_email,
    session_changes_described,
)

SESSION_FIELDS = frozenset(
    {"kind", "starts_at", "ends_at", "venue", "online", "online_link", "equivalent_days",
     "required", "is_demo"}
)


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
            enqueue_with_change(send_session_email, session.pk, "added")
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
                enqueue_with_change(
                    send_session_email, locked.pk, "changed", "", None,
                    session_changes_described({field: changes[field] for field in news}))
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
        enqueue_with_change(send_session_email, locked.pk, "cancelled", reason.strip())
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


def session_in_school_visit_add(*, actor: User | None, work_group: WorkGroup,
                                starts_at: datetime, ends_at: datetime,
                                equivalent_days: Decimal = Decimal("0.5")) -> Session:
    """A lead records an in-school support visit, which then has a register like any session."""
    return session_create(actor=actor, work_group=work_group,
                          kind=SessionKind.IN_SCHOOL_SUPPORT, starts_at=starts_at,
                          ends_at=ends_at, equivalent_days=equivalent_days, required=False)
