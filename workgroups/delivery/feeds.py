"""Participants' private calendar feeds: made when a person is enrolled (never on a page view),
and given a new address when they ask. Each write is audited in its own transaction."""

from __future__ import annotations

import secrets

from django.db import transaction

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.delivery.models import CalendarFeed


def calendar_feed_for(*, email: str) -> CalendarFeed:
    """The participant's feed, made if they have none yet. Called when someone is enrolled
    (and by the enrolment email, for a place given before feeds were made at enrolment)."""
    address = email.strip().lower()
    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(
            email=address, defaults={"nonce": secrets.token_urlsafe(16)})
        if created:
            audit_record(actor=None, action=AuditAction.CALENDAR_FEED_CREATED, obj=feed, hub=None)
    return feed


def calendar_feed_revoke(*, actor: User | None, email: str) -> CalendarFeed:
    """Stop the feed's current address working and give it a new one (or make the first one,
    for someone who has none)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(
            email=email.strip().lower()).first()
        if feed is None:
            feed = calendar_feed_for(email=email)
        feed.nonce = secrets.token_urlsafe(16)
        feed.save(update_fields=["nonce", "updated_at"])
        audit_record(actor=actor, action=AuditAction.CALENDAR_FEED_REVOKED, obj=feed, hub=None)
    return feed
