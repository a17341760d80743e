"""Writes for hubs and the local-authority register."""

from __future__ import annotations

import contextlib
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.core import clock
from workgroups.core.email import EMAIL_TASKS
from workgroups.core.models import FailedEmail
from workgroups.core.queue import enqueue_with_change
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.hubs.models import EmbedOrigin, Hub, LocalAuthority, Region
from workgroups.hubs.origins import OriginError, parse_origin

if TYPE_CHECKING:
    from workgroups.accounts.models import User

LA_LOOKUP_PATH = Path(__file__).parent / "data" / "la_lookup_dfeR.csv"


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    unchanged: int


def local_authorities_load(*, path: Path = LA_LOOKUP_PATH) -> LoadSummary:
    """Upsert regions and local authorities from DfE's LA lookup file; running it twice is a no-op.

    An LA that appears in several rows (renamed over the years) keeps the row with the latest
    ``last_year``, so the current name wins.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["last_year"] or 0))
    latest = {int(row["la_code"]): row for row in rows}
    created = updated = unchanged = 0
    with transaction.atomic():
        regions = {region.code: region for region in Region.objects.all()}
        existing = {la.code: la for la in LocalAuthority.objects.select_related("region")}
        for code, row in sorted(latest.items()):
            region = regions.get(row["region_code"])
            if region is None:
                region = Region.objects.create(code=row["region_code"], name=row["region_name"])
                regions[region.code] = region
            elif region.name != row["region_name"]:
                region.name = row["region_name"]
                region.save(update_fields=["name"])
            wanted = {"name": row["la_name"], "gss_code": row["la_gss_code"], "region": region}
            la = existing.get(code)
            if la is None:
                LocalAuthority.objects.create(code=code, **wanted)
                created += 1
            elif any(getattr(la, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(la, field, value)
                la.save(update_fields=list(wanted))
                updated += 1
            else:
                unchanged += 1
    return LoadSummary(created=created, updated=updated, unchanged=unchanged)


def hub_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    area_codes: list[int],
    lead_school: str = "",
    contact_email: str = "",
    website: str = "",
    is_national: bool = False,
) -> Hub:
    """Create or update a hub and the local authorities it serves, auditing what changed.

    Raises DomainError naming any LA code that is not in the register.
    """
    return _hub_write(actor=actor, slug=slug, name=name, area_codes=area_codes,
                      lead_school=lead_school, contact_email=contact_email, website=website,
                      is_national=is_national, create_only=False)


HUB_SLUG_TAKEN = "A hub already has this web address name: choose another"


def _hub_write(*, actor: User | None, slug: str, name: str, area_codes: list[int],
               lead_school: str, contact_email: str, website: str, is_national: bool,
               create_only: bool) -> Hub:
    with transaction.atomic():
        areas = list(LocalAuthority.objects.filter(code__in=area_codes))
        missing = sorted(set(area_codes) - {la.code for la in areas})
        if missing:
            raise DomainError(f"Unknown local authority codes: {', '.join(map(str, missing))}.")
        data = {"name": name, "lead_school": lead_school, "contact_email": contact_email,
                "website": website, "is_national": is_national}
        hub = Hub.objects.filter(slug=slug).first()
        if hub is not None and create_only:
            raise DomainError(HUB_SLUG_TAKEN, field="slug")
        if hub is None:
            hub = Hub(slug=slug, **data)
            full_clean_or_refuse(hub)
            try:
                with transaction.atomic():  # a savepoint: the slug may be taken meanwhile
                    hub.save()
            except IntegrityError:
                if not Hub.objects.filter(slug=slug).exists():
                    raise
                raise DomainError(HUB_SLUG_TAKEN, field="slug") from None
            changes: dict[str, Any] = {"slug": slug, **data}
            action = AuditAction.HUB_CREATED
        else:
            hub, changes = model_update(instance=hub, data=data)
            action = AuditAction.HUB_UPDATED
        before_areas = sorted(hub.areas.values_list("code", flat=True))
        if before_areas != sorted(area_codes):
            hub.areas.set(areas)
            changes["areas"] = ([before_areas, sorted(area_codes)]
                                if action == AuditAction.HUB_UPDATED else sorted(area_codes))
        if changes:
            audit_record(actor=actor, action=action, obj=hub, hub=hub, changes=changes)
    return hub


# --- Emails the worker gave up on --------------------------------------------------------------

def failed_email_send_again(*, actor: User | None, failed_email: FailedEmail) -> FailedEmail:
    """Queue a failed email once more, rebuilt from its task's ids (so it says what is true
    now), and mark the record sent again. Audited. Raises DomainError if it cannot go again."""
    with transaction.atomic():
        locked = FailedEmail.objects.select_for_update(of=("self",)).select_related("hub").get(
            pk=failed_email.pk)
        if not locked.can_send_again:
            raise DomainError("This email cannot be sent again: it held a sign-in code, which "
                              "has expired. The person can ask for a new code.")
        if locked.sent_again_at is not None:
            raise DomainError("This email has already been sent again.")
        with contextlib.suppress(ImportError):
            import_string(locked.task_path)  # registers the task if not yet imported
        email = EMAIL_TASKS.get(locked.task_path)
        if email is None:
            raise DomainError("This kind of email is no longer sent, so it cannot go again.")
        locked.sent_again_at = clock.now()
        locked.sent_again_by = actor if actor is not None and actor.is_authenticated else None
        locked.save(update_fields=["sent_again_at", "sent_again_by"])
        audit_record(actor=actor, action=AuditAction.FAILED_EMAIL_SENT_AGAIN, obj=locked,
                     # The subject says which email; the address stays out of the audit log.
                     hub=locked.hub, changes={"subject": locked.subject})
        args = list(locked.arguments.get("args", []))
        kwargs = dict(locked.arguments.get("kwargs", {}))
        enqueue_with_change(email, *args, **kwargs)
    return locked


def hub_create(*, actor: User | None, slug: str, name: str, area_codes: list[int],
               contact_email: str = "", website: str = "") -> Hub:
    """National staff create a hub (audited, as ``hub_upsert``); a slug already taken is
    refused rather than updating that hub — also when another person takes it meanwhile."""
    if Hub.objects.filter(slug=slug).exists():
        raise DomainError(HUB_SLUG_TAKEN, field="slug")
    if not area_codes:
        raise DomainError("Select the local authorities the hub serves", field="areas")
    return _hub_write(actor=actor, slug=slug, name=name, area_codes=area_codes, lead_school="",
                      contact_email=contact_email, website=website, is_national=False,
                      create_only=True)


EMBED_ORIGIN_LISTED = "This website can already show your catalogue"
MAX_EMBED_ORIGINS = 20


def embed_origin_add(*, actor: User | None, hub: Hub, address: str) -> EmbedOrigin:
    """Let the website at ``address`` show the hub's catalogue in a frame (from the next
    request: the embed page reads the list each time). Refuses an address that is not a
    website's origin, one already listed, or more than MAX_EMBED_ORIGINS."""
    try:
        origin = parse_origin(address)
    except OriginError as error:
        raise DomainError(str(error), field="origin", code="invalid_origin") from None
    with transaction.atomic():
        Hub.objects.select_for_update().filter(pk=hub.pk).first()  # one add at a time per hub
        listed = EmbedOrigin.objects.filter(hub=hub)
        if listed.filter(origin=origin).exists():
            raise DomainError(EMBED_ORIGIN_LISTED, field="origin", code="origin_listed")
        if listed.count() >= MAX_EMBED_ORIGINS:
            raise DomainError(f"A hub can list up to {MAX_EMBED_ORIGINS} websites. Remove one "
                              "you no longer use first.", field="origin",
                              code="too_many_origins")
        embed_origin = EmbedOrigin.objects.create(hub=hub, origin=origin)
        audit_record(actor=actor, action=AuditAction.EMBED_ORIGIN_ADDED, obj=embed_origin,
                     hub=hub, changes={"origin": origin})
    return embed_origin


def embed_origin_remove(*, actor: User | None, hub: Hub, pk: int) -> EmbedOrigin:
    """Stop the website showing the hub's catalogue (from the next request). Another hub's
    entry, or one already removed, is a DomainError."""
    with transaction.atomic():
        embed_origin = EmbedOrigin.objects.select_for_update().filter(hub=hub, pk=pk).first()
        if embed_origin is None:
            raise DomainError("That website is no longer on your list", code="not_found")
        audit_record(actor=actor, action=AuditAction.EMBED_ORIGIN_REMOVED, obj=embed_origin,
                     hub=hub, changes={"origin": embed_origin.origin})
        embed_origin.delete()
    return embed_origin
