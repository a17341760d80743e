"""Email about places and sessions, sent by the task worker. Tasks carry ids, never addresses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from workgroups.core import clock
from workgroups.core.email import absolute, email_task, send_plain
from workgroups.delivery import links
from workgroups.delivery.feeds import calendar_feed_for
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, Session, SessionKind, Venue

SESSION_SUBJECTS = {
    "added": "New session: {programme} on {day}",
    "changed": "Changed: {programme} session on {day}",
    "cancelled": "Cancelled: {programme} session on {day}",
    "reminder": "Reminder: {programme} session on {day}",
}


def feed_url(email: str) -> str:
    """The participant's private calendar feed address. The feed is made when they are
    enrolled; one enrolled before that is given theirs here."""
    feed = calendar_feed_for(email=email)
    return absolute(reverse("calendar:feed", kwargs={
        "token": links.feed_token(feed.pk, feed.nonce)}))


def _session_context(session: Session) -> dict[str, object]:
    offering = session.work_group.offering
    return {"session": session, "work_group": session.work_group, "offering": offering,
            "programme": offering.programme, "hub": offering.hub,
            "contact_email": offering.contact_email or offering.hub.contact_email,
            "ics_url": absolute(reverse("calendar:session", kwargs={"pk": session.pk}))}


@email_task()
def send_enrolment_email(enrolment_id: int) -> None:
    """Tell a participant they have a place, with the sessions and their calendar feed."""
    enrolment = (Enrolment.objects.select_related(
        "work_group__offering__programme", "work_group__offering__hub",
        "work_group__offering__academic_year", "application__applicant")
        .prefetch_related(Prefetch("work_group__sessions",
                                   queryset=Session.objects.select_related("venue")))
        .filter(pk=enrolment_id).first())
    if enrolment is None or enrolment.outcome == EnrolmentOutcome.WITHDRAWN:
        return
    offering = enrolment.work_group.offering
    context = {"enrolment": enrolment, "work_group": enrolment.work_group, "offering": offering,
               "programme": offering.programme, "hub": offering.hub,
               "sessions": [s for s in enrolment.work_group.sessions.all()
                            if not s.is_cancelled],
               "contact_email": offering.contact_email or offering.hub.contact_email,
               "feed_url": feed_url(enrolment.email)}
    send_plain(subject=f"Your place in {offering.programme.title}",
               template="delivery/email/enrolled.txt", context=context,
               to=enrolment.email,
               reply_to=str(context["contact_email"]), hub=offering.hub)


# What a participant is told changed, in this order, with the field's name in words.
CHANGE_LABELS = {"kind": "Kind of session", "starts_at": "Starts", "ends_at": "Ends",
                 "venue": "Venue", "online": "Where", "online_link": "Joining link"}


def _change_words(field: str, value: Any) -> str:
    if field in {"starts_at", "ends_at"} and isinstance(value, datetime):
        return f"{value.astimezone(clock.LONDON):%A %-d %B %Y, %H:%M} (London time)"
    if field == "venue":
        return value.one_line if isinstance(value, Venue) else "None"
    if field == "online":
        return "Online" if value else "In person"
    if field == "kind":
        return str(SessionKind(value).label) if value in SessionKind.values else str(value)
    return str(value) if value else "None"


def session_changes_described(changes: Mapping[str, list[Any]]) -> list[list[str]]:
    """``[label, before, after]`` in words for each field people act on (times in London
    time): what the "changed" email lists, old then new. Plain strings, so the email task
    carries them."""
    return [[label, _change_words(field, changes[field][0]),
             _change_words(field, changes[field][1])]
            for field, label in CHANGE_LABELS.items() if field in changes]


@email_task()
def send_session_email(session_id: int, kind: str, reason: str = "",
                       enrolment_id: int | None = None,
                       changes: list[list[str]] | None = None) -> None:
    """A new, changed or cancelled session, or a reminder, to one participant. Without
    ``enrolment_id`` it queues one such email for every enrolled participant, so each is
    retried (and, if it fails, recorded) on its own and nobody is emailed twice."""
    session = (Session.objects.select_related("venue", "work_group__offering__programme",
                                              "work_group__offering__hub")
               .filter(pk=session_id).first())
    if session is None:
        return
    enrolments = Enrolment.objects.filter(work_group_id=session.work_group_id,
                                          outcome=EnrolmentOutcome.ENROLLED)
    if enrolment_id is None:
        for each in enrolments.order_by("pk").values_list("pk", flat=True):
            send_session_email.enqueue(session_id, kind, reason, each, changes)
        return
    enrolment = enrolments.filter(pk=enrolment_id).first()
    if enrolment is None:
        return
    context = _session_context(session)
    subject = SESSION_SUBJECTS[kind].format(
        programme=session.work_group.offering.programme.title,
        day=f"{session.starts_at.astimezone(clock.LONDON):%-d %B %Y}")
    send_plain(subject=subject, template=f"delivery/email/session_{kind}.txt",
               context={**context, "enrolment": enrolment, "reason": reason,
                        "changes": changes or []},
               to=enrolment.email,
               reply_to=str(context["contact_email"]), hub=session.work_group.offering.hub)
