"""Reads over the school register and participation history."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from workgroups.catalogue.models import AcademicYear, Offering
from workgroups.core import clock
from workgroups.core.parse import has_nul, parse_urn
from workgroups.hubs.models import Hub
from workgroups.schools import facts
from workgroups.schools.models import ParticipationRecord, School, SchoolLink

# How far to follow links: conversions and mergers rarely chain more than a few times.
LINEAGE_DEPTH = 6
# Academic years start on 1 September.
ACADEMIC_YEAR_FIRST_MONTH = 9


# A postcode as people type it: the outward code (district, e.g. CW1, SW1A), then optionally
# all or the start of the inward code (digit and two letters). "CW14EB" reads as CW1 4EB.
POSTCODE_QUERY = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{0,2})?")


@dataclass(frozen=True)
class SchoolSearchResults:
    """The schools shown, best first, and how many matched in all (the list may be capped)."""

    schools: Sequence[School]
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.schools), 0)


def postcode_condition(text: str) -> tuple[Q, Q, str] | None:
    """(matches, exact, the stored postcodes' prefix) for text shaped like a postcode or its
    start; ``None`` for other text.

    A district is matched whole: CW1 finds CW1 4EB but not CW10 9AA. Postcodes are stored without
    spaces (``search_postcode``) and an inward code is always three characters, so a school in
    district D has a postcode of exactly len(D) + 3 characters starting with D.
    """
    shaped = POSTCODE_QUERY.fullmatch(" ".join(text.upper().split()))
    if shaped is None:
        return None
    outward, inward = shaped.group(1), shaped.group(2) or ""
    if len(inward) == facts.INWARD_CODE_LENGTH:
        exact = Q(search_postcode=outward + inward)
        return exact, exact, outward + inward
    in_district = Q(Exact(Length("search_postcode"), len(outward) + facts.INWARD_CODE_LENGTH))
    return (Q(search_postcode__startswith=outward + inward) & in_district, Q(pk__in=[]),
            outward + inward)


def school_search_results(*, query: str, limit: int = 10, secondary_first: bool = True,
                          count: bool = True) -> SchoolSearchResults:
    """Schools matching a name, URN, postcode (or its district) or town, in one to three queries
    (the schools; how many matched, when the list is capped; the names of their successors).

    Order: open schools before closed ones; with ``secondary_first`` (every secondary
    programme, and the public search by default) open secondary schools before other open
    ones; then exact matches (URN, whole name, full postcode), names starting with the query,
    the rest; then by name. Name matching ignores case and punctuation and treats "Saint" and
    "St" alike: every word of the query must appear in the name. A town matches the register's
    post town or locality whole ("Crewe", not "Crew"). Each closed school carries its
    successor's name (``successor_name``) so pages can say what replaced it.

    Without ``count`` the total is only the schools returned: counting every match of a common
    word ("primary": 19,000 names) costs as much as finding the first ten.
    """
    text = " ".join(query.split())
    if not text or has_nul(text):
        return SchoolSearchResults(schools=[], total=0)
    limit = max(1, min(limit, 50))
    conditions = Q(town__iexact=text) | Q(locality__iexact=text)
    exact = Q(pk__in=[])
    words = facts.normalise_name(text).split()
    normalised = " ".join(words)
    if words:
        name_match = Q()
        for word in words:
            name_match &= Q(search_name__contains=word)
        conditions |= name_match
        exact |= Q(search_name=normalised)
    urn = parse_urn(text)
    if urn is not None:
        conditions |= Q(urn=urn)
        exact |= Q(urn=urn)
    postcode = postcode_condition(text)
    if postcode is not None:
        conditions |= postcode[0]
        exact |= postcode[1]
    starts = Q(search_name__startswith=normalised) if normalised else Q(pk__in=[])
    match_rank = Case(When(exact, then=Value(0)), When(starts, then=Value(1)), default=Value(2))
    order = ["-is_open", *(["-secondary"] if secondary_first else []), "match_rank",
             "search_name", "urn"]
    matching = School.objects.filter(conditions)
    if connection.vendor == "sqlite":
        candidates = sqlite_candidates(words=words, text=text, urn=urn,
                                       postcode_prefix=postcode[2] if postcode else None)
        if candidates is not None:
            matching = matching.filter(urn__in=candidates)
    found = list(matching.annotate(match_rank=match_rank).order_by(*order)[:limit])
    # Counted apart, and only when the list is full: a window count in the same query made
    # SQLite carry every matching row through the sort (a search for "school": 1 s, not 0.1 s).
    total = matching.count() if count and len(found) == limit else len(found)
    replaced = {school.successor_urn for school in found
                if not school.is_open and school.successor_urn}
    if replaced:
        names = dict(School.objects.filter(urn__in=replaced).values_list("urn", "name"))
        for school in found:
            school.successor_name = names.get(school.successor_urn or 0, "")
    return SchoolSearchResults(schools=found, total=total)


# The FTS5 trigram index (migration 0003) finds text of three characters or more.
TRIGRAM = 3
# Beyond any character a stored postcode holds: the upper bound of a prefix's range.
AFTER_EVERY_CHARACTER = chr(0x10FFFF)


def fts5_phrase(word: str) -> str:
    """``word`` as an FTS5 string: in double quotes, an embedded quote doubled, so no input is
    read as FTS5 syntax (``*``, ``^``, ``NEAR``, ``AND``, ``:``, ``-``...). The trigram tokenizer
    makes it a phrase of the word's trigrams, which matches the names containing the word."""
    return '"' + word.replace('"', '""') + '"'


def sqlite_candidates(*, words: list[str], text: str, urn: int | None,
                      postcode_prefix: str | None) -> RawSQL | None:
    """On SQLite, the URNs that could match, each branch found by an index (ADR 21): name words
    by the FTS5 trigram table, town and locality by their NOCASE indexes, a postcode's start by a
    range over ``search_postcode``'s index, the URN itself. A superset: the search's own
    conditions still decide. ``None`` when a name word is shorter than a trigram in a query that
    has no longer word: such names can only be found by reading them all."""
    branches: list[str] = []
    params: list[str | int] = []
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if words and not long_words:
        return None
    if long_words:
        branches.append("SELECT rowid FROM schools_school_search "
                        "WHERE schools_school_search MATCH %s")
        params.append(" AND ".join(fts5_phrase(word) for word in long_words))
    branches.append("SELECT urn FROM schools_school WHERE town = %s COLLATE NOCASE")
    branches.append("SELECT urn FROM schools_school WHERE locality = %s COLLATE NOCASE")
    params.extend([text, text])
    if urn is not None:
        branches.append("SELECT %s")
        params.append(urn)
    if postcode_prefix:
        branches.append("SELECT urn FROM schools_school "
                        "WHERE search_postcode >= %s AND search_postcode < %s")
        params.extend([postcode_prefix, postcode_prefix + AFTER_EVERY_CHARACTER])
    # Fixed SQL text; the query's words, town, URN and postcode travel as parameters only.
    return RawSQL(" UNION ".join(branches), params)  # noqa: S611


def school_search(*, query: str, limit: int = 10, secondary_first: bool = True) -> list[School]:
    """The schools of ``school_search_results``, for callers that show no count."""
    return list(school_search_results(query=query, limit=limit, secondary_first=secondary_first,
                                      count=False).schools)


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


# A postcode district counts as one of a local authority's when the register has at least this
# many of its schools there: one stray record (a head office address) does not make a district.
MIN_SCHOOLS_IN_DISTRICT = 2


def la_postcode_districts(*, la_code: int) -> frozenset[str]:
    """The postcode districts where this local authority's schools are (ADR 14).

    Districts straddle authority boundaries, so these cover the authority and the strip just
    beyond its border: what a teacher there would call "in or near" it.
    """
    counts = Counter(facts.postcode_district(postcode) for postcode in
                     School.objects.filter(la_code=la_code).values_list("postcode", flat=True))
    return frozenset(district for district, count in counts.items()
                     if district and count >= MIN_SCHOOLS_IN_DISTRICT)


@dataclass(frozen=True)
class HubFinding:
    """Where a school's teachers should look for Work Groups.

    ``hub`` serves the school's local authority (``None`` when no hub in the service does);
    ``year_label`` is the academic year today is in; ``year`` is that year when the hub has
    published Work Groups for it, else ``None``, with ``latest_year`` its newest catalogue.
    """

    school: School
    hub: Hub | None
    year_label: str
    year: AcademicYear | None
    latest_year: AcademicYear | None


def hub_finding(*, school: School) -> HubFinding:
    today = clock.today()
    start = today.year if today.month >= ACADEMIC_YEAR_FIRST_MONTH else today.year - 1
    year_label = f"{start}/{str(start + 1)[-2:]}"
    hub = hub_for_la(la_code=school.la_code)
    if hub is None:
        return HubFinding(school=school, hub=None, year_label=year_label, year=None,
                          latest_year=None)
    published = list(AcademicYear.objects.filter(
        offerings__in=Offering.objects.public().filter(hub=hub)).distinct())  # newest first
    current = next((year for year in published if year.contains(today)), None)
    return HubFinding(school=school, hub=hub, year_label=year_label, year=current,
                      latest_year=published[0] if published else None)


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
