"""Writes for the catalogue. Each runs in a transaction and records an audit event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from workgroups.accounts.models import User
from workgroups.audit.actions import AuditAction
from workgroups.audit.services import audit_record
from workgroups.catalogue.interest.services import interest_notify_opening
from workgroups.catalogue.models import (
    CHOICE_KINDS,
    OFFERING_TRANSITIONS,
    AcademicYear,
    Offering,
    OfferingQuestion,
    OfferingStatus,
    Programme,
    QuestionKind,
)
from workgroups.core import clock
from workgroups.core.services import DomainError, full_clean_or_refuse, model_update
from workgroups.hubs.models import Hub

OFFERING_EDITABLE_FIELDS = frozenset({
    "slug", "code", "status", "applications_open", "applications_close", "how_to_apply",
    "year_notes", "contact_email", "decisions_by", "capacity_schools", "capacity_participants",
    # This year's own text (blank shows the programme's), its links and its demo values.
    "title", "summary", "who_can_take_part", "what_is_involved", "learning_outcomes",
    "time_commitment", "cost", "links", "demo_fields",
})


def academic_year_ensure(*, start_year: int) -> AcademicYear:
    """Return the academic year starting 1 September ``start_year``, creating it if needed."""
    starts_on, ends_on = AcademicYear.bounds_for(start_year)
    year, _ = AcademicYear.objects.get_or_create(
        slug=AcademicYear.slug_for(start_year),
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    return year


def programme_upsert(
    *, actor: User | None, slug: str, data: Mapping[str, Any],
    prerequisites: list[Programme] | None = None,
) -> Programme:
    """Create or update the national definition of a programme, auditing what changed."""
    return _programme_write(actor=actor, slug=slug, data=data, prerequisites=prerequisites,
                            create_only=False)


PROGRAMME_SLUG_TAKEN = "A programme already has this short name. Choose another."


def _programme_write(*, actor: User | None, slug: str, data: Mapping[str, Any],
                     prerequisites: list[Programme] | None, create_only: bool) -> Programme:
    with transaction.atomic():
        programme = Programme.objects.filter(slug=slug).first()
        if programme is not None and create_only:
            raise DomainError(PROGRAMME_SLUG_TAKEN, field="slug")
        if programme is None:
            programme = Programme(slug=slug, **data)
            full_clean_or_refuse(programme)
            try:
                with transaction.atomic():  # a savepoint: the slug may be taken meanwhile
                    programme.save()
            except IntegrityError:
                if not Programme.objects.filter(slug=slug).exists():
                    raise
                raise DomainError(PROGRAMME_SLUG_TAKEN, field="slug") from None
            audit_record(actor=actor, action=AuditAction.PROGRAMME_CREATED, obj=programme,
                         hub=None, changes={"slug": slug, **data})
        else:
            programme, changes = model_update(instance=programme, data=data)
            if changes:
                audit_record(actor=actor, action=AuditAction.PROGRAMME_UPDATED, obj=programme,
                             hub=None, changes=changes)
        if prerequisites is not None:
            before = set(programme.prerequisites.values_list("slug", flat=True))
            after = {p.slug for p in prerequisites}
            if before != after:
                programme.prerequisites.set(prerequisites)
                audit_record(actor=actor, action=AuditAction.PROGRAMME_UPDATED, obj=programme,
                             hub=None, changes={"prerequisites": [sorted(before), sorted(after)]})
    return programme


def programme_create(*, actor: User | None, slug: str, data: Mapping[str, Any],
                     prerequisites: list[Programme] | None = None) -> Programme:
    """A new national programme (national staff, on its form). Refuses a slug already used —
    also when another person takes it meanwhile — rather than changing that programme."""
    return _programme_write(actor=actor, slug=slug, data=data, prerequisites=prerequisites,
                            create_only=True)


# Words the catalogue's own addresses use after a hub's year: an offering called one of them
# would sit behind that page (/hubs/<hub>/<year>/embed/ is the embeddable catalogue).
RESERVED_OFFERING_SLUGS = frozenset({"embed"})


def reserved_offering_slug_message(slug: str) -> str:
    return (f"“{slug}” is used by the catalogue’s own pages: choose another web address name, "
            f"for example {slug}-maths.")


def _check_slug_free(slug: str) -> None:
    if slug in RESERVED_OFFERING_SLUGS:
        raise DomainError(reserved_offering_slug_message(slug), field="slug",
                          code="reserved_slug")


def _check_window(opens: date | None, closes: date | None) -> None:
    if opens and closes and closes < opens:
        raise DomainError("The closing date must be on or after the opening date.",
                          field="applications_close")


def offering_create(
    *,
    actor: User | None,
    hub: Hub,
    academic_year: AcademicYear,
    programme: Programme,
    slug: str,
    status: OfferingStatus = OfferingStatus.DRAFT,
    code: str = "",
    applications_open: date | None = None,
    applications_close: date | None = None,
    how_to_apply: str = "",
    year_notes: str = "",
    contact_email: str = "",
    decisions_by: date | None = None,
) -> Offering:
    """Put a programme into a hub's catalogue for a year.

    Raises DomainError if the hub already has an offering with that slug in that year, the slug
    is one the catalogue's own addresses use, or the application window closes before it opens.
    """
    _check_slug_free(slug)
    _check_window(applications_open, applications_close)
    with transaction.atomic():
        if Offering.objects.filter(hub=hub, academic_year=academic_year, slug=slug).exists():
            raise DomainError(f"{hub.name} already has an offering called “{slug}” in "
                              f"{academic_year.label}.", field="slug")
        offering = Offering(
            hub=hub, academic_year=academic_year, programme=programme, slug=slug, status=status,
            code=code, applications_open=applications_open, applications_close=applications_close,
            how_to_apply=how_to_apply, year_notes=year_notes, contact_email=contact_email,
            decisions_by=decisions_by,
        )
        full_clean_or_refuse(offering)
        offering.save()
        if offering.status == OfferingStatus.RECRUITING:
            interest_notify_opening(offering=offering)
        audit_record(
            actor=actor, action=AuditAction.OFFERING_CREATED, obj=offering, hub=hub,
            changes={"programme": programme, "academic_year": academic_year.slug, "slug": slug,
                     "status": status, "code": code, "applications_open": applications_open,
                     "applications_close": applications_close},
        )
    return offering


def _check_can_complete(offering: Offering) -> None:
    """"Completed" lets outcomes be recorded and cannot be undone, so it must be true: the year
    is over, or every session still on has ended. (Sessions are read through the relation
    names, so the catalogue needs nothing from delivery.)"""
    now = clock.now()
    if clock.today() > offering.academic_year.ends_on:
        return
    still_to_come = (offering.work_groups
                     .filter(sessions__ends_at__gt=now, sessions__cancelled_at__isnull=True)
                     .exists())
    if still_to_come:
        raise DomainError("This offering cannot be completed yet: some of its sessions have not "
                          "happened. Cancel them, or wait until the last one is over.",
                          field="status")


def offering_update(
    *, actor: User | None, offering: Offering, data: Mapping[str, Any]
) -> Offering:
    """Change an offering's editable fields; a status change must follow OFFERING_TRANSITIONS.

    Raises DomainError for an unknown field, a forbidden status change, a clashing slug or a
    window that closes before it opens. Nothing is saved when it raises.
    """
    unknown = set(data) - OFFERING_EDITABLE_FIELDS
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = Offering.objects.select_for_update().get(pk=offering.pk)
        new_status = data.get("status", locked.status)
        if new_status != locked.status and new_status not in OFFERING_TRANSITIONS[
                OfferingStatus(locked.status)]:
            raise DomainError(
                f"An offering that is {OfferingStatus(locked.status).label.lower()} cannot "
                f"become {OfferingStatus(new_status).label.lower()}.", field="status")
        if new_status == OfferingStatus.COMPLETED and new_status != locked.status:
            _check_can_complete(locked)
        _check_window(data.get("applications_open", locked.applications_open),
                      data.get("applications_close", locked.applications_close))
        new_slug = data.get("slug", locked.slug)
        if new_slug != locked.slug:
            _check_slug_free(new_slug)
        if new_slug != locked.slug and Offering.objects.filter(
                hub_id=locked.hub_id, academic_year_id=locked.academic_year_id,
                slug=new_slug).exists():
            raise DomainError("Another offering in this year already uses that web address.",
                              field="slug")
        locked, changes = model_update(instance=locked, data=data)
        if "status" in changes and locked.status == OfferingStatus.RECRUITING:
            interest_notify_opening(offering=locked)
        if changes:
            audit_record(actor=actor, action=AuditAction.OFFERING_UPDATED, obj=locked,
                         hub=locked.hub, changes=changes)
    return locked


# --- An offering's own questions for applicants ---------------------------------------------

def _clean_question(data: Mapping[str, Any]) -> dict[str, Any]:
    kind = QuestionKind(data["kind"])
    choices = [str(c).strip() for c in data.get("choices", []) if str(c).strip()]
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            raise DomainError("Give at least two answers to choose from, one on each line.",
                              field="choices")
        if len(set(choices)) != len(choices):
            raise DomainError("Each answer to choose from must be different.", field="choices")
    else:
        choices = []
    text = str(data["text"]).strip()
    if not text:
        raise DomainError("Enter the question", field="text")
    return {"kind": kind, "text": text, "hint": str(data.get("hint", "")).strip(),
            "choices": choices, "required": bool(data.get("required", True))}


def offering_question_create(*, actor: User | None, offering: Offering,
                             data: Mapping[str, Any]) -> OfferingQuestion:
    """Add a question to the end of an offering's application form."""
    fields = _clean_question(data)
    with transaction.atomic():
        Offering.objects.select_for_update().get(pk=offering.pk)  # one position at a time
        last = offering.questions.aggregate(last=Max("position"))["last"]
        question = OfferingQuestion(offering=offering, position=(last or 0) + 1, **fields)
        full_clean_or_refuse(question)
        question.save()
        audit_record(actor=actor, action=AuditAction.QUESTION_CREATED, obj=question,
                     hub=offering.hub, changes=fields)
    return question


def offering_question_update(*, actor: User, question: OfferingQuestion,
                             data: Mapping[str, Any]) -> OfferingQuestion:
    """Change a question. Its answers are kept under the same key, so drafts keep them."""
    fields = _clean_question(data)
    with transaction.atomic():
        locked = OfferingQuestion.objects.select_for_update().get(pk=question.pk)
        locked, changes = model_update(instance=locked, data=fields)
        if changes:
            audit_record(actor=actor, action=AuditAction.QUESTION_UPDATED, obj=locked,
                         hub=question.offering.hub, changes=changes)
    return locked


def offering_question_delete(*, actor: User, question: OfferingQuestion) -> None:
    """Remove a question. Applications already sent keep their answer to it."""
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.QUESTION_DELETED, obj=question,
                     hub=question.offering.hub, changes={"text": question.text})
        question.delete()
