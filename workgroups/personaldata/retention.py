"""Retention by default: what the privacy notice promises, applied on the product clock.

The periods come from ``settings.WORKGROUPS_RETENTION`` (config/settings.py, overridable by
``WORKGROUPS_RETENTION_<KEY>``), the same numbers the privacy notice is written from. Each rule
finds what its period has ended for and, with ``apply``, acts on it; without, it only counts.
Every rule is idempotent: what it has pseudonymised or deleted is not found again.

- Unsuccessful applications (every one that did not lead to a place: declined, lapsed, or left
  unfinished when the year ended), and withdrawn ones (withdrawn, or a place turned down), N
  months after the end of their academic year: pseudonymised, as erasure does
  (answers, typed reasons, supporters, any withdrawn place's name and address), keeping what a
  hub counts (offering, school, status, dates).
- Interest registrations N months after applications for their year open: deleted.
- Email tasks (sign-in codes, support links, every email) in the task table N days after they
  were queued: deleted, finished or not.
- Emails that could not be sent, N days after the last try: deleted.
- Browsers someone signed in from, N days after the last sign-in from them: deleted.
- Audit events older than N years: names, addresses and typed words in them pseudonymised.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from workgroups.accounts.models import KnownBrowser
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.audit.services import audit_record
from workgroups.catalogue.models import AcademicYear, InterestRegistration, Offering
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.delivery.models import Enrolment
from workgroups.personaldata.erasure import (
    application_is_pseudonymised,
    applications_pseudonymise,
)
from workgroups.personaldata.models import RetentionRun, RetentionTrigger
from workgroups.personaldata.scrub import erased_email, is_erased_email, save_scrubbed

# Once its academic year has ended, an application that did not lead to a place is
# unsuccessful, whether it was turned down or lapsed, or simply stopped (a draft never sent, one
# never decided, waiting-listed or offered to the end): all but an accepted place, which stays
# with the participation, and the withdrawn ones, which have their own period.
WITHDRAWN_STATUSES = frozenset({ApplicationStatus.WITHDRAWN, ApplicationStatus.OFFER_DECLINED})
UNSUCCESSFUL_STATUSES = frozenset(ApplicationStatus) - WITHDRAWN_STATUSES - {
    ApplicationStatus.ACCEPTED}


def add_months(day: date, months: int) -> date:
    """``day`` moved on by whole calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period(key: str) -> int:
    return int(settings.WORKGROUPS_RETENTION[key])


def _years_ended_before(months: int, today: date) -> list[int]:
    """Academic years whose end was more than ``months`` months before ``today``."""
    return [year.pk for year in AcademicYear.objects.all()
            if add_months(year.ends_on, months) < today]


def _applications_due(statuses: frozenset[ApplicationStatus], months: int,
                      today: date) -> list[int]:
    candidates = (Application.objects
                  .filter(status__in=sorted(statuses),
                          offering__academic_year_id__in=_years_ended_before(months, today))
                  .prefetch_related("endorsements", "status_changes", "enrolments"))
    due = []
    for application in candidates:
        if (not application_is_pseudonymised(application)
                or any(not is_erased_email(e.email) or e.name or e.comment
                       for e in application.endorsements.all())
                or any(change.note for change in application.status_changes.all())
                or any(not is_erased_email(e.email) or e.name
                       for e in application.enrolments.all())):
            due.append(application.pk)
    return due


def _applications_rule(statuses: frozenset[ApplicationStatus], key: str, *, today: date,
                       apply: bool) -> int:
    due = _applications_due(statuses, _period(key), today)
    if apply and due:
        applications_pseudonymise(Application.objects.filter(pk__in=due))
        # A place that was given and then given up: its register line is kept, nameless.
        for enrolment in Enrolment.objects.filter(application_id__in=due):
            if is_erased_email(enrolment.email) and not enrolment.name:
                continue
            enrolment.name = ""
            enrolment.email = erased_email(f"enrolment-{enrolment.pk}")
            enrolment.save(update_fields=["name", "email", "updated_at"])
    return len(due)


def unsuccessful_applications(*, today: date, apply: bool) -> int:
    return _applications_rule(UNSUCCESSFUL_STATUSES, "unsuccessful_application_months",
                              today=today, apply=apply)


def withdrawn_applications(*, today: date, apply: bool) -> int:
    return _applications_rule(WITHDRAWN_STATUSES, "withdrawn_application_months",
                              today=today, apply=apply)


def interest_opening(registration: InterestRegistration,
                     next_openings: dict[tuple[int, int, int], date | None]) -> date:
    """When applications opened (or will open) for the year a registration is for: when the
    person was told they opened; else its offering's opening if that is still to come when they
    registered; else the same hub's offering of the programme next year; and when no opening
    is known, the day after the registration's academic year ends (the start of the next)."""
    if registration.notified_at is not None:
        return registration.notified_at.astimezone(clock.LONDON).date()
    offering = registration.offering
    registered_on = registration.created_at.astimezone(clock.LONDON).date()
    if offering.applications_open and offering.applications_open >= registered_on:
        return offering.applications_open
    following = next_openings.get((offering.hub_id, offering.programme_id,
                                   offering.academic_year.starts_on.year + 1))
    if following:
        return following
    return offering.academic_year.ends_on + timedelta(days=1)


def interest_registrations(*, today: date, apply: bool) -> int:
    months = _period("interest_registration_months")
    next_openings: dict[tuple[int, int, int], date | None] = {
        (row["hub_id"], row["programme_id"], row["academic_year__starts_on"].year):
            row["applications_open"]
        for row in Offering.objects.values("hub_id", "programme_id", "academic_year__starts_on",
                                           "applications_open")}
    due = [registration.pk for registration in
           InterestRegistration.objects.select_related("offering__academic_year")
           if add_months(interest_opening(registration, next_openings), months) < today]
    if apply and due:
        InterestRegistration.objects.filter(pk__in=due).delete()
    return len(due)


def _email_task_paths() -> list[str]:
    from workgroups.core.email import EMAIL_TASKS

    autodiscover_modules("tasks")  # every app's email tasks declared, whatever ran before
    return sorted(EMAIL_TASKS)


def email_tasks(*, now: datetime, apply: bool) -> int:
    from django_tasks_db.models import DBTaskResult

    # The task table is stamped by the task library in real time, not the product's clock
    # (which the demo pins in the past), so its age is measured in real time too.
    cutoff = timezone.now() - timedelta(days=_period("email_task_days"))
    old = DBTaskResult.objects.filter(task_path__in=_email_task_paths(), enqueued_at__lt=cutoff)
    return int(old.delete()[0]) if apply else old.count()


def failed_emails(*, now: datetime, apply: bool) -> int:
    """Emails that could not be sent, listed for staff to send again: deleted N days after
    the last try (the address and subject go with them)."""
    cutoff = now - timedelta(days=_period("failed_email_days"))
    old = FailedEmail.objects.filter(failed_at__lt=cutoff)
    return int(old.delete()[0]) if apply else old.count()


def known_browsers(*, now: datetime, apply: bool) -> int:
    """Browsers nobody has signed in from for N days (their cookie has ended too)."""
    cutoff = now - timedelta(days=_period("known_browser_days"))
    old = KnownBrowser.objects.filter(last_seen_at__lt=cutoff)
    return int(old.delete()[0]) if apply else old.count()


def audit_events(*, now: datetime, apply: bool) -> int:
    years = _period("audit_event_years")
    moment = now.astimezone(clock.LONDON)
    try:
        cutoff = moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        cutoff = moment.replace(year=moment.year - years, day=28)
    old = AuditEvent.objects.filter(at__lt=cutoff).select_related("content_type")
    return len(save_scrubbed(old.iterator(), needles=frozenset(), about_person=True,
                             emails=True, apply=apply))


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    run: Callable[[date, datetime, bool], int]


RULES: tuple[Rule, ...] = (
    Rule("unsuccessful_applications", "Unsuccessful applications pseudonymised",
         lambda today, now, apply: unsuccessful_applications(today=today, apply=apply)),
    Rule("withdrawn_applications", "Withdrawn applications pseudonymised",
         lambda today, now, apply: withdrawn_applications(today=today, apply=apply)),
    Rule("interest_registrations", "Interest registrations deleted",
         lambda today, now, apply: interest_registrations(today=today, apply=apply)),
    Rule("email_tasks", "Emails deleted from the task table",
         lambda today, now, apply: email_tasks(now=now, apply=apply)),
    Rule("failed_emails", "Emails that could not be sent deleted",
         lambda today, now, apply: failed_emails(now=now, apply=apply)),
    Rule("known_browsers", "Browsers not used for sign-in deleted",
         lambda today, now, apply: known_browsers(now=now, apply=apply)),
    Rule("audit_events", "Audit events pseudonymised",
         lambda today, now, apply: audit_events(now=now, apply=apply)),
)


def retention_counts(*, apply: bool) -> dict[str, int]:
    """Every rule on the product clock: what it changed (``apply``) or would change."""
    now, today = clock.now(), clock.today()
    return {rule.key: rule.run(today, now, apply) for rule in RULES}


def retention_apply(*, trigger: RetentionTrigger = RetentionTrigger.COMMAND
                    ) -> tuple[RetentionRun, dict[str, int]]:
    """Apply every rule in one transaction, record the run, and audit each rule that changed
    anything (with its count; never what it changed)."""
    with transaction.atomic():
        counts = retention_counts(apply=True)
        run = RetentionRun.objects.create(day=clock.today(), ran_at=clock.now(),
                                          trigger=trigger, counts=counts)
        _audit(run, counts)
    return run, counts


def _audit(run: RetentionRun, counts: dict[str, int]) -> None:
    for rule in RULES:
        if counts[rule.key]:
            audit_record(actor=None, action=AuditAction.RETENTION_APPLIED, obj=run, hub=None,
                         changes={"rule": rule.label, "count": counts[rule.key]})


def retention_apply_daily() -> dict[str, int] | None:
    """For the periodic job (hourly): apply the rules once a calendar day (London), the first
    time it runs that day; None when today's run has already happened."""
    today = clock.today()
    if RetentionRun.objects.filter(day=today, trigger=RetentionTrigger.DAILY).exists():
        return None
    try:
        with transaction.atomic():
            # Claimed first: a second job running at the same moment waits on this row, then
            # finds the day taken.
            run = RetentionRun.objects.create(day=today, ran_at=clock.now(),
                                              trigger=RetentionTrigger.DAILY)
            counts = retention_counts(apply=True)
            run.counts = counts
            run.save(update_fields=["counts"])
            _audit(run, counts)
    except IntegrityError:
        return None
    return counts


def retention_summary(counts: dict[str, Any]) -> list[tuple[str, int]]:
    """The counts by rule, in words, in the rules' order."""
    return [(rule.label, int(counts.get(rule.key, 0))) for rule in RULES]

