"""The emails of an expression of interest, sent by the task worker after the change commits.
Tasks carry ids, not addresses."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from workgroups.catalogue.interest import links
from workgroups.catalogue.interest.selectors import interest_open_offering
from workgroups.catalogue.models import InterestRegistration
from workgroups.core.email import EMAIL_TASKS, absolute, building_for, deliver, email_task

INTEREST_EMAILS = {
    "confirm": "Confirm you want to hear about {programme}",
    "opening": "{programme} is open for applications",
}


@email_task()
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
            "token": links.confirm_token(registration.pk)})),
        "unsubscribe_url": absolute(reverse("interest:unsubscribe", kwargs={
            "token": links.unsubscribe_token(registration.pk)})),
        # Where they can apply now: this offering, or next year's offering of the programme.
        "open_url": absolute((interest_open_offering(registration=registration)
                               or offering).get_absolute_url()),
    }
    subject = INTEREST_EMAILS[kind].format(programme=offering.programme.title)
    with building_for(hub=offering.hub, to=registration.email, subject=subject):
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"catalogue/interest/email/{kind}.txt", context),
            to=[registration.email],
            headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
        )
        message.attach_alternative(
            render_to_string(f"catalogue/interest/email/{kind}.html", context), "text/html")
    deliver(message, hub=offering.hub)


# A failed email recorded before the move names the task by its old path: keep it resendable.
EMAIL_TASKS.setdefault("workgroups.applications.tasks.send_interest_email", send_interest_email)
