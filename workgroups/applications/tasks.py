"""Email, sent by the task worker after the change that causes it has committed. Tasks carry
ids, not addresses, so no personal data waits in the task queue; if the worker is down the tasks
wait in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse

from workgroups.applications import links
from workgroups.applications.models import Application, Endorsement
from workgroups.applications.selectors import (
    has_room_for,
    waitlist_position,
)

# Interest emails moved to catalogue; an email queued before the move names this path.
from workgroups.catalogue.interest.tasks import send_interest_email  # noqa: F401
from workgroups.core.email import absolute, building_for, deliver, email_task, send_plain
from workgroups.delivery.calendar import sessions_calendar
from workgroups.delivery.models import Session, SessionKind, WorkGroup
from workgroups.hubs.models import Hub

APPLICATION_EMAILS = {
    "submitted": "Your application for {programme} has been sent",
    "declined_by_supporter": "Your application for {programme} cannot go ahead",
    "ready_for_review": "Your application for {programme} is with {hub}",
    "offered": "You are offered a place: {programme}",
    "offered_from_waitlist": "A place has come free for you: {programme}",
    "waitlisted": "You are on the waiting list: {programme}",
    "declined": "Your application for {programme}",
    "offer_expired": "Your offer of a place has run out: {programme}",
    "accepted": "Your place is confirmed: {programme}",
}
# The emails about the hub's decisions are written once, as plain text (sent with an HTML copy).
DECISION_EMAILS = frozenset({"offered", "offered_from_waitlist", "waitlisted", "declined",
                             "offer_expired", "accepted"})
# Subjects hold no text an applicant typed (their name is in the body): typed text never
# reaches a header.
ENDORSEMENT_EMAILS = {
    ("support", "request"): "Your support is asked for: {programme}",
    ("support", "reminder"): "Reminder: your support is asked for: {programme}",
    ("agreement", "request"): "You are named for {programme}: do you agree?",
    ("agreement", "reminder"): "Reminder: you are named for {programme}",
}
# The offer carries the Work Group's sessions as a calendar file.
OFFER_EMAILS = frozenset({"offered", "offered_from_waitlist"})


def _send(*, subject: str, template: str, context: dict[str, object], to: str, hub: Hub,
          reply_to: str = "") -> None:
    with building_for(hub=hub, to=to, subject=subject):
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"{template}.txt", context), to=[to],
            reply_to=[reply_to] if reply_to else None)
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    deliver(message, hub=hub)


@dataclass(frozen=True)
class WorkGroupSummary:
    """What a supporter or team member needs to know about one Work Group."""

    name: str
    first: datetime | None
    last: datetime | None
    meetings: int
    days_out_of_school: Decimal
    places: list[str]


def work_group_summary(work_group: WorkGroup, sessions: list[Session]) -> WorkGroupSummary:
    """Dates, place and days out of school from the Work Group's sessions (cancelled ones
    left out). Days out of school count the required sessions held away from school: at a
    venue or still to be placed, not online and not the in-school support visits."""
    held = sorted((s for s in sessions if not s.is_cancelled), key=lambda s: s.starts_at)
    away = [s for s in held if s.required and not s.online
            and s.kind != SessionKind.IN_SCHOOL_SUPPORT]
    places = list(dict.fromkeys(s.place for s in held))
    return WorkGroupSummary(
        name=work_group.name, first=held[0].starts_at if held else None,
        last=held[-1].starts_at if held else None, meetings=len(held),
        days_out_of_school=sum((s.equivalent_days for s in away), Decimal(0)).normalize(),
        places=places)


def _work_group_summaries(application: Application) -> list[WorkGroupSummary]:
    """The Work Group the application has a place in, or every Work Group of the offering."""
    groups = (WorkGroup.objects.filter(offering_id=application.offering_id)
              .prefetch_related(Prefetch("sessions",
                                         queryset=Session.objects.select_related("venue")))
              .order_by("name", "pk"))
    if application.work_group_id is not None:
        groups = groups.filter(pk=application.work_group_id)
    return [work_group_summary(group, list(group.sessions.all())) for group in groups]


def _offer_calendar(application: Application) -> list[tuple[str, bytes, str]]:
    """The offered Work Group's sessions as an .ics attachment (no joining links: those go to
    participants' own feeds once they accept)."""
    group = application.work_group
    if group is None:
        return []
    sessions = list(group.sessions.select_related("venue").order_by("starts_at"))
    for session in sessions:
        session.work_group = group
    name = f"{application.offering.programme.title}: {group.name}"
    return [(f"work-group-{group.pk}.ics", sessions_calendar(sessions, name=name),
             "text/calendar")]


def _offering_context(application: Application) -> dict[str, object]:
    offering = application.offering
    contact = offering.contact_email or offering.hub.contact_email
    return {"application": application, "offering": offering, "hub": offering.hub,
            "programme": offering.programme, "contact_email": contact,
            "applicant_name": application.applicant.get_full_name() or "An applicant"}


@email_task()
def send_application_email(application_id: int, kind: str) -> None:
    """Tell the applicant where their application stands and what happens next."""
    application = (Application.objects
                   .select_related("offering__programme", "offering__hub",
                                   "offering__academic_year", "applicant", "work_group")
                   .prefetch_related("endorsements").filter(pk=application_id).first())
    if application is None:
        return
    context = {**_offering_context(application),
               "endorsements": list(application.endorsements.all()),
               "application_url": absolute(reverse("applications:detail",
                                                    kwargs={"pk": application.pk}))}
    recipient = application.applicant.email
    if kind in DECISION_EMAILS:
        context.update(
            offer_url=absolute(reverse("applications:offer", kwargs={"pk": application.pk})),
            position=waitlist_position(application=application),
            # A waiting list is not always for want of a place: say which it is.
            places_free=kind == "waitlisted" and has_room_for(application=application),
            work_group=application.work_group)
        send_plain(subject=APPLICATION_EMAILS[kind].format(
                       programme=application.offering.programme.title),
                   template=f"applications/email/decision_{kind}.txt", context=context,
                   to=recipient, reply_to=str(context["contact_email"]),
                   hub=application.offering.hub,
                   attachments=_offer_calendar(application) if kind in OFFER_EMAILS else ())
        return
    _send(subject=APPLICATION_EMAILS[kind].format(programme=application.offering.programme.title,
                                                  hub=application.offering.hub.name),
          template=f"applications/email/application_{kind}", context=context,
          to=recipient, reply_to=str(context["contact_email"]), hub=application.offering.hub)


@email_task()
def send_endorsement_email(endorsement_id: int, kind: str) -> None:
    """Ask a supporter (or team member) for their answer, with their signed link."""
    endorsement = (Endorsement.objects
                   .select_related("application__offering__programme",
                                   "application__offering__hub",
                                   "application__offering__academic_year",
                                   "application__applicant")
                   .filter(pk=endorsement_id).first())
    if endorsement is None or endorsement.status != "requested":
        return
    context = {**_offering_context(endorsement.application), "endorsement": endorsement,
               "link": absolute(reverse("endorsements:respond", kwargs={
                   "token": links.endorsement_token(endorsement.pk, endorsement.link_nonce)}))}
    subject = ENDORSEMENT_EMAILS[(endorsement.kind, kind)].format(
        programme=endorsement.application.offering.programme.title)
    _send(subject=subject, template=f"applications/email/endorsement_{endorsement.kind}",
          context={**context, "reminder": kind == "reminder",
                   "work_groups": _work_group_summaries(endorsement.application)},
          to=endorsement.email,
          reply_to=str(context["contact_email"]), hub=endorsement.application.offering.hub)
