"""Reads for expressions of interest."""

from __future__ import annotations

from workgroups.catalogue.models import InterestRegistration, Offering, OfferingStatus


def interest_open_offering(*, registration: InterestRegistration) -> Offering | None:
    """Where someone who registered interest can apply now: the offering itself once it
    recruits, else the same hub's offering of the programme in the following year."""
    offering = registration.offering
    if offering.effective_status == OfferingStatus.RECRUITING:
        return offering
    return (Offering.objects.filter(
        hub_id=offering.hub_id, programme_id=offering.programme_id,
        status=OfferingStatus.RECRUITING,
        academic_year__starts_on__year=offering.academic_year.starts_on.year + 1)
        .select_related("hub", "academic_year").first())


def interest_registration_get(*, pk: int) -> InterestRegistration | None:
    return (InterestRegistration.objects
            .select_related("offering__programme", "offering__hub", "offering__academic_year")
            .filter(pk=pk).first())
