"""Email, sent by the task worker after the change that causes it has committed. Tasks carry
ids, not addresses, so no personal data waits in the task queue; if the worker is down the tasks
wait in the database."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from workgroups.applications import interest
from workgroups.applications.models import InterestRegistration
from workgroups.applications.selectors import interest_open_offering

INTEREST_EMAILS = {
    "confirm": "Confirm you want to hear about {programme}",
    "opening": "{programme} is open for applications",
}


def _absolute(path: str) -> str:
    return settings.WORKGROUPS_SITE_URL + path


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
        "confirm_url": _absolute(reverse("interest:confirm", kwargs={
            "token": interest.confirm_token(registration.pk)})),
        "unsubscribe_url": _absolute(reverse("interest:unsubscribe", kwargs={
            "token": interest.unsubscribe_token(registration.pk)})),
        # Where they can apply now: this offering, or next year's offering of the programme.
        "open_url": _absolute((interest_open_offering(registration=registration)
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

