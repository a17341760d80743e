"""An offering's applications as CSV or XLSX, with the table's current filters."""

from __future__ import annotations

from django.http import HttpResponseBase
from django.views.decorators.http import require_POST

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications import selectors
from workgroups.applications.forms import OUTCOME_CHOICES, ApplicationFilterForm
from workgroups.applications.models import Application, ApplicationStatus
from workgroups.audit.exports import audited_export
from workgroups.catalogue import selectors as catalogue_selectors
from workgroups.catalogue.models import Offering
from workgroups.core.exports import Column
from workgroups.hubs.models import Hub

OUTCOME_WORDS = dict(OUTCOME_CHOICES)


def _applicant(application: Application) -> str:
    return application.applicant.get_full_name() or application.applicant.email


def _school(application: Application) -> str:
    return getattr(application, "school_name", None) or ""


def _eligibility(application: Application) -> str:
    outcome = (application.eligibility or {}).get("outcome", "")
    words = OUTCOME_WORDS.get(outcome, "Not checked")
    if (application.eligibility or {}).get("override"):
        words += " (decided by staff)"
    return words


def application_columns(positions: dict[int, int]) -> list[Column[Application]]:
    """The export's columns; ``positions`` are waiting-list places by application id."""
    return [
        Column("Applicant", _applicant),
        Column("Email", lambda a: a.applicant.email),
        Column("School", _school),
        Column("School URN", lambda a: a.school_urn),
        Column("Team of", lambda a: a.participants),
        Column("Sent", lambda a: a.submitted_at),
        Column("Eligibility", _eligibility),
        Column("Status", lambda a: ApplicationStatus(a.status).label),
        Column("Work Group", lambda a: a.work_group.name if a.work_group else ""),
        Column("Place on the waiting list", lambda a: positions.get(a.pk)),
    ]


def _filters(request: AuthedHttpRequest,
             offering: Offering) -> tuple[selectors.ApplicationFilters, list[str], list[str]]:
    """The table's filters from the query string, as the table reads them (unusable filters
    are ignored there, so here too); with the words for the file name and for the audit."""
    local_authorities = selectors.offering_local_authorities(offering=offering)
    form = ApplicationFilterForm(request.GET or None, local_authorities=local_authorities)
    if not form.is_valid():
        return selectors.ApplicationFilters(), [], []
    data = form.cleaned_data
    filters = selectors.ApplicationFilters(
        statuses=tuple(data["status"]), la_code=data["la"], school=data["school"],
        outcome=data["outcome"], submitted_from=data["submitted_from"],
        submitted_to=data["submitted_to"], sort=data["sort"] or "submitted")
    file_words: list[str] = []
    described: list[str] = []
    if filters.statuses:
        labels = [str(ApplicationStatus(status).label) for status in filters.statuses]
        file_words += [label.removeprefix("On the ") for label in labels]
        described.append("Status: " + ", ".join(labels))
    if filters.la_code is not None:
        name = dict(local_authorities).get(filters.la_code, str(filters.la_code))
        file_words.append(name)
        described.append(f"Local authority: {name}")
    if filters.school:
        file_words.append(filters.school)
        described.append(f"School: {filters.school}")
    if filters.outcome:
        file_words.append(OUTCOME_WORDS.get(filters.outcome, filters.outcome))
        described.append(f"Eligibility: {OUTCOME_WORDS.get(filters.outcome, filters.outcome)}")
    if filters.submitted_from:
        file_words.append(f"from {filters.submitted_from.isoformat()}")
        described.append(f"Sent on or after {filters.submitted_from:%-d %b %Y}")
    if filters.submitted_to:
        file_words.append(f"to {filters.submitted_to.isoformat()}")
        described.append(f"Sent on or before {filters.submitted_to:%-d %b %Y}")
    return filters, file_words, described


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def staff_applications_export(request: AuthedHttpRequest, hub: Hub,
                              pk: int) -> HttpResponseBase:
    """The offering's sent applications, every page, filtered and sorted as the table is."""
    offering = catalogue_selectors.staff_offering_get(hub=hub, pk=pk)
    filters, file_words, described = _filters(request, offering)
    return audited_export(
        request, hub=hub, obj=offering, what="Applications",
        columns=application_columns(selectors.waitlist_positions(offering=offering)),
        rows=selectors.offering_applications_export(offering=offering, filters=filters),
        count=lambda: selectors.offering_applications_count(offering=offering, filters=filters),
        filename_words=[hub.name, offering.programme.slug, offering.academic_year.slug,
                        "applications", *file_words],
        filters="; ".join(described))
