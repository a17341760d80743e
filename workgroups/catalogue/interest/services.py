"""Writes for expressions of interest: register, confirm, unsubscribe; told, once, when
applications open."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.interest.selectors import interest_open_offering
from workgroups.catalogue.interest.tasks import send_interest_email
from workgroups.catalogue.models import InterestRegistration, Offering
from workgroups.core import clock
from workgroups.core.email import email_once
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError
from workgroups.core.throttle import email_once_a_day
from workgroups.hubs.models import Hub

CONFIRMATIONS_PER_ADDRESS_A_DAY = 3


def _send_interest_email(registration_id: int, kind: str) -> None:
    enqueue_with_change(send_interest_email, registration_id, kind)


def interest_register(*, offering: Offering, email: str, name: str = "",
                      school_urn: int | None = None) -> InterestRegistration:
    """Register interest in an offering that is not open. The answer is the same whether or not
    the address was registered before, so the form cannot be used to learn who registered."""
    if not offering.accepts_interest_on(clock.today()):
        if offering.accepts_applications_on(clock.today()):
            raise DomainError("Applications for this Work Group are open: apply instead of "
                              "registering interest.")
        raise DomainError(f"{offering.academic_year.label} is over, so there is nothing left "
                          f"to register interest in. Look at the hub’s current Work Groups "
                          f"instead." if clock.today() > offering.academic_year.ends_on else
                          "You can only register interest in a Work Group that is not open "
                          "for applications.")
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise DomainError("Enter an email address in the correct format, like name@example.org",
                          field="email") from None
    with transaction.atomic():
        registration, created = (InterestRegistration.objects.select_for_update()
                                 .get_or_create(offering=offering, email=address,
                                                defaults={"name": name.strip(),
                                                          "school_urn": school_urn}))
        if registration.unsubscribed_at:  # asked again after unsubscribing: opt in afresh
            registration.unsubscribed_at = registration.confirmed_at = None
            registration.notified_at = None
            registration.save(update_fields=["unsubscribed_at", "confirmed_at", "notified_at",
                                             "updated_at"])
        # At most one confirmation a day per address and offering, and 3 a day per address in
        # all, so the form cannot be used to flood someone's inbox; the registration is kept
        # either way (registering again another day sends its link) and the page answers the
        # same.
        confirming = (registration.confirmed_at is None
                      and email_once(f"interest-confirm:{registration.pk}:"
                                     f"{clock.today().isoformat()}")
                      and email_once_a_day(scope="interest-confirm", address=address,
                                           limit=CONFIRMATIONS_PER_ADDRESS_A_DAY))
        if confirming:
            _send_interest_email(registration.pk, "confirm")
        audit_record(actor=None, action=AuditAction.INTEREST_REGISTERED, obj=registration,
                     hub=offering.hub, changes={"new": created, "confirmation_sent": confirming})
    return registration


def interest_confirm(*, registration_id: int) -> InterestRegistration | None:
    """Confirm the address (double opt-in). If applications are already open for it — this
    offering or next year's — the opening email goes at once."""
    with transaction.atomic():
        registration = (InterestRegistration.objects.select_for_update()
                        .filter(pk=registration_id, unsubscribed_at__isnull=True).first())
        if registration is None:
            return None
        if registration.confirmed_at is None:
            registration.confirmed_at = clock.now()
            registration.save(update_fields=["confirmed_at", "updated_at"])
            audit_record(actor=None, action=AuditAction.INTEREST_CONFIRMED,
                         obj=registration, hub=registration.offering.hub)
            if interest_open_offering(registration=registration):
                _notify([registration], hub=registration.offering.hub)
    return registration


def interest_unsubscribe(*, registration_id: int) -> InterestRegistration | None:
    with transaction.atomic():
        registration = (InterestRegistration.objects.select_for_update()
                        .filter(pk=registration_id).first())
        if registration is None:
            return None
        if registration.unsubscribed_at is None:
            registration.unsubscribed_at = clock.now()
            registration.save(update_fields=["unsubscribed_at", "updated_at"])
            audit_record(actor=None, action=AuditAction.INTEREST_UNSUBSCRIBED,
                         obj=registration, hub=registration.offering.hub)
    return registration


def _notify(registrations: list[InterestRegistration], *, hub: Hub) -> None:
    """Mark the (locked) registrations of ``hub``'s offerings told, in one statement, audit
    each, and queue one email each."""
    ids = [registration.pk for registration in registrations]
    now = clock.now()
    InterestRegistration.objects.filter(pk__in=ids).update(notified_at=now, updated_at=now)
    for registration in registrations:
        registration.notified_at = now  # callers show the instance they hold
        audit_record(actor=None, action=AuditAction.INTEREST_NOTIFIED, obj=registration,
                     hub=hub)
        _send_interest_email(registration.pk, "opening")


def interest_notify_opening(*, offering: Offering) -> int:
    """Email, once, everyone with a confirmed interest in this offering or in the same hub's
    offering of the programme the year before. Call it in the transaction that opens the
    offering: the notified mark commits with the status, so toggling the status back and forth
    never emails anyone twice. Returns how many were told."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("interest_notify_opening must run inside the opening transaction.")
    previous_year = offering.academic_year.starts_on.year - 1
    waiting = list(InterestRegistration.objects.select_for_update().filter(
        Q(offering=offering) | Q(offering__hub_id=offering.hub_id,
                                 offering__programme_id=offering.programme_id,
                                 offering__academic_year__starts_on__year=previous_year),
        confirmed_at__isnull=False, notified_at__isnull=True, unsubscribed_at__isnull=True,
    ).order_by("pk"))
    _notify(waiting, hub=offering.hub)
    return len(waiting)
