"""Reads across every hub, for the national roles. Counts only: the full reports come later.

Each read is a fixed number of queries, however many hubs, years and applications there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from workgroups.applications.models import Application, ApplicationStatus
from workgroups.catalogue.models import AcademicYear, Offering, OfferingStatus
from workgroups.hubs.models import Hub


@dataclass(frozen=True)
class HubYearCounts:
    hub: Hub
    offerings: int
    applications: int
    accepted: int


@dataclass(frozen=True)
class YearOverview:
    year: AcademicYear
    hubs: list[HubYearCounts]
    offerings: int
    applications: int
    accepted: int


def national_overview() -> list[YearOverview]:
    """For each academic year with anything in it (newest first), every hub's published
    offerings, applications sent (drafts are not sent) and places accepted. Four queries."""
    hubs = {hub.pk: hub for hub in Hub.objects.order_by("is_national", "name")}
    years = list(AcademicYear.objects.order_by("-starts_on"))
    offerings = {
        (row["hub_id"], row["academic_year_id"]): row["total"]
        for row in Offering.objects.exclude(status=OfferingStatus.DRAFT)
        .values("hub_id", "academic_year_id").annotate(total=Count("pk")).order_by()
    }
    applications = {
        (row["offering__hub_id"], row["offering__academic_year_id"]): (row["sent"],
                                                                        row["accepted"])
        for row in Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .values("offering__hub_id", "offering__academic_year_id")
        .annotate(sent=Count("pk"),
                  accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)))
        .order_by()
    }
    overview = []
    for year in years:
        rows = []
        for hub_id, hub in hubs.items():
            offered = offerings.get((hub_id, year.pk), 0)
            sent, accepted = applications.get((hub_id, year.pk), (0, 0))
            rows.append(HubYearCounts(hub=hub, offerings=offered, applications=sent,
                                      accepted=accepted))
        # A hub with nothing in a year that others used is worth seeing, so it stays listed.
        if any(row.offerings or row.applications for row in rows):
            overview.append(YearOverview(
                year=year, hubs=rows, offerings=sum(row.offerings for row in rows),
                applications=sum(row.applications for row in rows),
                accepted=sum(row.accepted for row in rows)))
    return overview
