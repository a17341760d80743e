"""Gather the facts the pure rules need from the register and history, then ask them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from workgroups.accounts.models import User
from workgroups.accounts.permissions import can_read_programmes
from workgroups.catalogue.models import Offering, OfferingStatus, Programme
from workgroups.core import clock
from workgroups.eligibility import rules
from workgroups.schools import selectors as school_selectors
from workgroups.schools.facts import PRIMARY_PHASES
from workgroups.schools.models import School


def school_facts(school: School) -> rules.SchoolFacts:
    hub = school_selectors.hub_for_la(la_code=school.la_code)
    successor = None
    if school.successor_urn:
        found = school_selectors.school_get(urn=school.successor_urn)
        successor = (school.successor_urn, found.name if found else f"URN {school.successor_urn}")
    return rules.SchoolFacts(
        urn=school.urn, name=school.name, is_open=school.is_open, in_england=school.in_england,
        state_funded=school.state_funded, secondary=school.secondary, special=school.special,
        post16=school.post16, primary=school.phase in PRIMARY_PHASES, la_code=school.la_code,
        hub=(hub.slug, hub.name) if hub else None, successor=successor)


def offering_facts(offering: Offering) -> rules.OfferingFacts:
    """The offering as the rules see it, with the hub's pages that suggestions can point to."""
    hub = offering.hub
    year_start = offering.academic_year.starts_on.year
    nearby = (Offering.objects.public().filter(hub=hub,
                                               academic_year__starts_on__year__gte=year_start - 1)
              .select_related("programme", "academic_year", "hub")
              .order_by("academic_year__starts_on"))
    urls: dict[str, str] = {}
    titles: dict[str, str] = {}
    interest_url = None
    for other in nearby:
        titles[other.programme.slug] = other.programme.title
        # Prefer the page for this year; fall back to whichever year exists.
        if other.academic_year.starts_on.year == year_start or other.programme.slug not in urls:
            urls[other.programme.slug] = other.get_absolute_url()
        if (other.programme_id == offering.programme_id
                and other.academic_year.starts_on.year > year_start
                and other.effective_status in (OfferingStatus.EXPRESSION_OF_INTEREST,
                                               OfferingStatus.RECRUITING)):
            interest_url = other.get_absolute_url()
    if interest_url is None and offering.accepts_interest_on(clock.today()):
        interest_url = reverse("interest:register", kwargs={
            "hub": hub.slug, "year": offering.academic_year.slug, "offering": offering.slug})
    # Every programme the rules name (prerequisites, next stages) by its title, so a reason or
    # a suggestion never shows a slug, even for a programme this hub does not run.
    named = rules.programme_slugs_in(offering.programme.eligibility_rules) - set(titles)
    named |= {p.slug for p in offering.programme.prerequisites.all()} - set(titles)
    if named:
        titles.update(Programme.objects.filter(slug__in=named).values_list("slug", "title"))
    return rules.OfferingFacts(
        hub_slug=hub.slug, hub_name=hub.name,
        hub_la_codes=frozenset(hub.areas.values_list("code", flat=True)),
        programme=offering.programme.slug, programme_title=offering.programme.title,
        year_start=year_start, accepting=offering.accepts_applications_on(clock.today()),
        offering_urls=urls, programme_titles=titles, interest_url=interest_url)


def eligibility_context(*, offering: Offering, facts: Mapping[str, Any]) -> tuple[
        rules.Context, School | None]:
    urn = rules.fact(facts, "urn")
    school = school_selectors.school_get(urn=urn) if urn is not None else None
    lineage = school_selectors.school_lineage(urn=urn) if urn is not None else set()
    email = rules.fact(facts, "email") or ""
    history = []
    for record in school_selectors.participation_for(urns=lineage, email=email):
        start = record.academic_year.starts_on.year
        if record.school_urn in lineage:
            history.append(rules.Participation(record.programme.slug, start, record.outcome,
                                               "school"))
        if email and record.email == email:
            history.append(rules.Participation(record.programme.slug, start, record.outcome,
                                               "person"))
    trust_urns = rules.fact(facts, "trust_urns") or ()
    trust = [school_facts(s) for s in school_selectors.schools_by_urn(trust_urns).values()]
    context = rules.Context(
        facts=facts, school=school_facts(school) if school else None, history=tuple(history),
        trust_schools=tuple(trust), offering=offering_facts(offering))
    return context, school


def eligibility_check(*, offering: Offering, facts: Mapping[str, Any]) -> tuple[
        rules.Verdict, School | None]:
    """The verdict for these facts on this offering, and the school they name (if found)."""
    context, school = eligibility_context(offering=offering, facts=facts)
    return rules.evaluate(offering.programme.eligibility_rules, context), school


# --- Staff: programmes and their rules -------------------------------------------------------

def staff_programmes(*, user: User | AnonymousUser) -> QuerySet[Programme]:
    """Every programme, for people who may read programme configuration; otherwise none."""
    if not can_read_programmes(user):
        return Programme.objects.none()
    return Programme.objects.order_by("title")


def staff_programme_get(*, user: User | AnonymousUser, slug: str) -> Programme:
    try:
        return staff_programmes(user=user).get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404("No such programme in your staff area.") from None


@dataclass(frozen=True)
class RuleSummary:
    """One configured rule in words, for the staff page."""
    name: str
    description: str
    hard: bool
    settings: list[tuple[str, str]]


# The words for each value a rule's setting can take, so staff read "a classroom teacher", not
# the code the rules store.
_CHOICE_LABELS: Mapping[str, str] = {
    **rules.ROLES, **rules.TEACHES_MATHS,
    **{fact: rules.FACT_LABELS.get(fact, fact.replace("_", " ")) for fact in rules.BOOLEAN_FACTS},
    "post16": "16 to 19", "any": "any phase",
}


def _setting_text(param: rules.Param | None, value: Any, titles: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    values = value if isinstance(value, list) else [value]
    if param is not None and param.kind in {"programme", "programmes"}:
        values = [titles.get(v, f"{v} (no such programme)") if isinstance(v, str) else v
                  for v in values]
    elif param is not None and param.choices:
        values = [_CHOICE_LABELS.get(v, v) if isinstance(v, str) else v for v in values]
    return ", ".join(str(v) for v in values)


def rule_summaries(config: Any) -> list[RuleSummary]:
    """The configured rules as staff read them, tolerant of a configuration that does not
    validate (it is shown as it is so it can be put right)."""
    specs = [spec for spec in config if isinstance(spec, Mapping)] if isinstance(
        config, list) else []
    titles = dict(Programme.objects.filter(slug__in=rules.programme_slugs_in(specs))
                  .values_list("slug", "title"))
    summaries = []
    for spec in specs:
        rule = rules.rule_of(spec)
        settings = []
        for name, value in rules.params_of(spec).items():
            param = rule.params.get(name) if rule else None
            settings.append((param.description if param else name,
                             _setting_text(param, value, titles)))
        summaries.append(RuleSummary(
            name=str(spec.get("rule", "")),
            description=rule.description if rule else "Not a known rule: it is ignored",
            hard=bool(spec.get("hard", True)), settings=settings))
    return summaries
