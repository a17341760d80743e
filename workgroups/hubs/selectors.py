"""Reads for hubs: a hub's failed emails (scoped to the hub), and the national record."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workgroups.core.models import FailedEmail
from workgroups.hubs.models import EmbedOrigin, Hub


def failed_emails_for_hub(*, hub: Hub) -> QuerySet[FailedEmail]:
    """The hub's failed emails, newest first."""
    return (FailedEmail.objects.filter(hub=hub).select_related("sent_again_by")
            .order_by("-failed_at", "-pk"))


def failed_email_for_hub_get(*, hub: Hub, pk: int) -> FailedEmail:
    """One of the hub's failed emails; another hub's is a 404."""
    try:
        return FailedEmail.objects.select_related("hub").get(hub=hub, pk=pk)
    except FailedEmail.DoesNotExist:
        raise Http404("No such failed email in this hub.") from None


def failed_emails_waiting_count(*, hub: Hub) -> int:
    """How many of the hub's failed emails nobody has sent again yet."""
    return FailedEmail.objects.filter(hub=hub, sent_again_at__isnull=True).count()


def national_record() -> Hub | None:
    """The national record (the hub record national roles are held on), if there is one."""
    return Hub.objects.filter(is_national=True).order_by("pk").first()


def embed_origins(*, hub_slug: str) -> list[str]:
    """The origins allowed to frame the hub's embedded catalogue, in order (none for an unknown
    hub)."""
    return list(EmbedOrigin.objects.filter(hub__slug=hub_slug).order_by("origin")
                .values_list("origin", flat=True))


def embed_origins_for_hub(*, hub: Hub) -> QuerySet[EmbedOrigin]:
    """The hub's allowed websites, for its staff to manage."""
    return EmbedOrigin.objects.filter(hub=hub).order_by("origin")
