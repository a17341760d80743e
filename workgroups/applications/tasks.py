"""Email, sent by the task worker after the change that causes it has committed. Tasks carry
ids, not addresses, so no personal data waits in the task queue; if the worker is down the tasks
wait in the database."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from workgroups.applications import interest, links
from workgroups.applications.models import Application, Endorsement, InterestRegistration
from workgroups.applications.selectors import interest_open_offering, waitlist_position
from workgroups.core.email import absolute, send_plain

INTEREST_EMAILS = {
    "confirm": "Confirm you want to hear about {programme}",
    "opening": "{programme} is open for applications",
}


@task
def send_interest_email(registration_id: int, kind: str) -> None:
    """The confirmation, or the one email that says applications are open."""
    registration = (InterestRegistration.objects
                    .select_related("offering__programme", "offering__hub",
                                    "offering__academic_year")
                    .filter(pk=registration_id).first())
    if registration is None or registration.unsubscribed_at:
        return
    offering = registration.offering
    context = {
        "registration": registration, "offering": offering, "hub": offering.hub,
        "programme": offering.programme,
        "contact_email": offering.contact_email or offering.hub.contact_email,
        "confirm_url": absolute(reverse("interest:confirm", kwargs={
            "token": interest.confirm_token(registration.pk)})),
        "unsubscribe_url": absolute(reverse("interest:unsubscribe", kwargs={
            "token": interest.unsubscribe_token(registration.pk)})),
        # Where they can apply now: this offering, or next year's offering of the programme.
        "open_url": absolute((interest_open_offering(registration=registration)
                               or offering).get_absolute_url()),
    }
    message = EmailMultiAlternatives(
        subject=INTEREST_EMAILS[kind].format(programme=offering.programme.title),
        body=render_to_string(f"applications/email/interest_{kind}.txt", context),
        to=[registration.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
    )
    message.attach_alternative(
        render_to_string(f"applications/email/interest_{kind}.html", context), "text/html")
    message.send()



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
ENDORSEMENT_EMAILS = {
    ("support", "request"): "{applicant} asks for your support: {programme}",
    ("support", "reminder"): "Reminder: {applicant} asks for your support: {programme}",
    ("agreement", "request"): "{applicant} has named you for {programme}: do you agree?",
    ("agreement", "reminder"): "Reminder: {applicant} has named you for {programme}",
}


def _send(*, subject: str, template: str, context: dict[str, object], to: str,
          reply_to: str = "") -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[to],
        reply_to=[reply_to] if reply_to else None)
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


def _offering_context(application: Application) -> dict[str, object]:
    offering = application.offering
    contact = offering.contact_email or offering.hub.contact_email
    return {"application": application, "offering": offering, "hub": offering.hub,
            "programme": offering.programme, "contact_email": contact,
            "applicant_name": application.applicant.get_full_name() or "An applicant"}


@task
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
    if kind in DECISION_EMAILS:
        context.update(
            offer_url=absolute(reverse("applications:offer", kwargs={"pk": application.pk})),
            position=waitlist_position(application=application),
            work_group=application.work_group)
        send_plain(subject=APPLICATION_EMAILS[kind].format(
                       programme=application.offering.programme.title),
                   template=f"applications/email/decision_{kind}.txt", context=context,
                   to=application.applicant.email, reply_to=str(context["contact_email"]))
        return
    _send(subject=APPLICATION_EMAILS[kind].format(programme=application.offering.programme.title,
                                                  hub=application.offering.hub.name),
          template=f"applications/email/application_{kind}", context=context,
          to=application.applicant.email, reply_to=str(context["contact_email"]))


@task
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
        applicant=context["applicant_name"],
        programme=endorsement.application.offering.programme.title)
    _send(subject=subject, template=f"applications/email/endorsement_{endorsement.kind}",
          context={**context, "reminder": kind == "reminder"}, to=endorsement.email,
          reply_to=str(context["contact_email"]))
