"""Enrolments: made when an offer is accepted, ended when the place is let go.
Each write is audited in its own transaction."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from workgroups.accounts.models import User
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.delivery.feeds import calendar_feed_for
from workgroups.delivery.models import (
    Enrolment,
    EnrolmentOutcome,
)
from workgroups.delivery.tasks import send_enrolment_email

if TYPE_CHECKING:
    from workgroups.applications.models import Application


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
    # Each participant's private calendar feed is made now, when they are enrolled (the
    # calendar page only reads it).
    for address in sorted({e.email for e in created if e.email}):
        calendar_feed_for(email=address)
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
