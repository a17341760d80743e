"""Reads over the school register and participation history."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from workgroups.hubs.models import Hub
from workgroups.schools import facts
from workgroups.schools.models import ParticipationRecord, School, SchoolLink

# How far to follow links: conversions and mergers rarely chain more than a few times.
LINEAGE_DEPTH = 6


def school_search(*, query: str, limit: int = 10) -> list[School]:
    """Schools matching a name, URN, postcode or town; open ones first, best matches first.

    Name matching ignores case and punctuation and treats "Saint" and "St" alike: every word of
    the query must appear in the name.
    """
    text = query.strip()
    if not text:
        return []
    limit = max(1, min(limit, 50))
    conditions = Q()
    words = facts.normalise_name(text).split()
    if words:
        name_match = Q()
        for word in words:
            name_match &= Q(search_name__contains=word)
        conditions |= name_match
    if text.isdigit():
        conditions |= Q(urn=int(text))
    postcode = facts.normalise_postcode(text)
    if len(postcode) >= 3 and any(c.isdigit() for c in postcode):
        conditions |= Q(search_postcode__startswith=postcode)
    conditions |= Q(town__iexact=text)
    candidates = list(School.objects.filter(conditions).order_by("-is_open", "name")[:200])
    normalised = " ".join(words)

    def rank(school: School) -> tuple[int, int, int, str]:
        exact = 0 if (school.urn == (int(text) if text.isdigit() else None)
                      or school.search_name == normalised) else 1
        starts = 0 if school.search_name.startswith(normalised) else 1
        return (0 if school.is_open else 1, exact, starts, school.search_name)

    return sorted(candidates, key=rank)[:limit]


def school_get(*, urn: int) -> School | None:
    return School.objects.filter(urn=urn).first()


def schools_by_urn(urns: Iterable[int]) -> dict[int, School]:
    return {school.urn: school for school in School.objects.filter(urn__in=set(urns))}


def school_lineage(*, urn: int) -> set[int]:
    """The URN and every URN linked to it through predecessor or successor links."""
    seen = {urn}
    level = {urn}
    for _ in range(LINEAGE_DEPTH):  # one query per generation of links, not per school
        if not level:
            break
        linked = SchoolLink.objects.filter(Q(urn__in=level) | Q(link_urn__in=level))
        level = {other for pair in linked.values_list("urn", "link_urn") for other in pair}
        level -= seen
        seen |= level
    return seen


def hub_for_la(*, la_code: int | None) -> Hub | None:
    """The (non-national) hub whose areas include this local authority."""
    if la_code is None:
        return None
    return Hub.objects.filter(is_national=False, areas__code=la_code).order_by("name").first()


def participation_for(*, urns: Iterable[int] = (), email: str = "") -> QuerySet[
        ParticipationRecord]:
    """Participation of any of these schools, or of the person with this email."""
    condition = Q(school_urn__in=set(urns))
    if email:
        condition |= Q(email=email.strip().lower())
    return ParticipationRecord.objects.filter(condition).select_related(
        "programme", "academic_year", "hub")


def current_school_urn(*, urn: int) -> int:
    """The URN a school has now: itself while open, else the open school its links lead to
    (an academy conversion closes the old URN and opens a new one)."""
    open_urns = set(School.objects.filter(urn__in=school_lineage(urn=urn), is_open=True)
                    .values_list("urn", flat=True))
    if urn in open_urns or not open_urns:
        return urn
    return max(open_urns)  # the newest establishment of the line
