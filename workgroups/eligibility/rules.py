"""Explainable eligibility: pure functions over plain data, no ORM.

A programme's configuration is a list of rule specs, ``{"rule": name, "hard": bool, "params":
{...}}``. Each rule reads the applicant's facts, the school's register facts, participation history
and the offering, and returns reasons. A hard reason makes the verdict ``not_eligible``; soft
reasons only (``normally``, ``ideally``, ``encouraged``) make it ``eligible_with_notes``.

A fact a rule needs but that was not given, or was given in the wrong form, yields
``missing_fact`` naming it: the engine never raises on bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from workgroups.core.parse import parse_urn

Outcome = Literal["eligible", "eligible_with_notes", "not_eligible"]

ROLES = {
    "classroom_teacher": "a classroom teacher",
    "head_of_department": "a head of department or subject leader",
    "aspiring_head_of_department": "an aspiring head of department",
    "senior_leader": "a senior leader",
    "headteacher": "a headteacher",
    "teaching_assistant": "a teaching assistant",
    "trust_maths_lead": "a trust maths lead",
    "itt_lead": "an initial teacher training lead",
    "other": "in another role",
}
TEACHES_MATHS = {"now": "teaches maths now", "within_year": "will teach maths within a year",
                 "no": "does not teach maths"}
BOOLEAN_FACTS = ("maths_itt", "teaches_year7_below_expected", "teaches_ks4",
                 "teaches_post16_resit", "works_in_ks3_maths", "leads_pd_beyond_own_institution",
                 "in_england")
INTEGER_FACTS = ("years_teaching", "core_maths_years", "urn")
# A count of years (teaching, Core Maths) larger than this is not a career: read as not given.
MAX_COUNT = 100
FACT_KEYS = ("email", "urn", "role", "years_teaching", "teaches_maths", "maths_itt",
             "teaches_year7_below_expected", "teaches_ks4", "teaches_post16_resit",
             "works_in_ks3_maths", "trust_urns", "leads_pd_beyond_own_institution", "in_england",
             "core_maths_years", "claimed_participation")
# What a person may say about a programme our records do not show them (or their school) in:
# where and when they took part, for the hub to check. Bounded so a claim stays a short note.
CLAIM_DETAIL_MAX = 300
TOOK_PART = frozenset({"completed", "incomplete"})
SCHOOL_PHASES = ("secondary", "post16", "special", "primary", "any")
SCOPES = ("school", "person")


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Claim:
    """A question the person may answer when our records miss their earlier participation
    (e.g. ECT Phase 1 with another hub): yes, naming where and when, turns the bar into a note
    for the hub to check."""
    programmes: tuple[str, ...]
    question: str


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    hard: bool
    suggestion: Suggestion | None = None
    claim: Claim | None = None
    fact: str | None = None  # for missing_fact: the fact to give (a key, for the API, not people)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SchoolFacts:
    urn: int
    name: str
    is_open: bool
    in_england: bool
    state_funded: bool
    secondary: bool
    special: bool
    post16: bool
    primary: bool
    la_code: int | None
    hub: tuple[str, str] | None = None          # (slug, name) of the hub whose area it is in
    successor: tuple[int, str] | None = None    # (urn, name)


@dataclass(frozen=True)
class Participation:
    programme: str       # programme slug
    year_start: int      # 2023 for 2023/24
    outcome: str         # completed, incomplete, withdrawn
    scope: Literal["school", "person"]


@dataclass(frozen=True)
class OfferingFacts:
    hub_slug: str
    hub_name: str
    hub_la_codes: frozenset[int]
    programme: str
    programme_title: str
    year_start: int
    accepting: bool
    # Where suggestions point: this hub's offering pages by programme slug, and titles.
    offering_urls: Mapping[str, str] = field(default_factory=dict)
    programme_titles: Mapping[str, str] = field(default_factory=dict)
    interest_url: str | None = None   # an expression of interest for a later year, if any


@dataclass(frozen=True)
class Context:
    facts: Mapping[str, Any]
    school: SchoolFacts | None
    history: Sequence[Participation]
    trust_schools: Sequence[SchoolFacts]
    offering: OfferingFacts


# --- Reading facts safely -----------------------------------------------------------------------

def fact(facts: Mapping[str, Any], key: str) -> Any:
    """The fact if it is present and well-formed, else None."""
    value = facts.get(key) if isinstance(facts, Mapping) else None
    if value is None:
        return None
    if key in BOOLEAN_FACTS:
        return value if isinstance(value, bool) else None
    if key == "urn":
        # Bounded like every URN from outside: a draft saved before the bound must not carry
        # 10**40 into a query (SQLite cannot hold it).
        return parse_urn(value) if isinstance(value, int) else None
    if key in INTEGER_FACTS:
        return value if isinstance(value, int) and not isinstance(value, bool) \
            and 0 <= value <= MAX_COUNT else None
    if key == "role":
        return value if isinstance(value, str) and value in ROLES else None
    if key == "teaches_maths":
        return value if isinstance(value, str) and value in TEACHES_MATHS else None
    if key == "email":
        return value.strip().lower() if isinstance(value, str) and "@" in value else None
    if key == "trust_urns":
        urns = tuple(parse_urn(u) if isinstance(u, int) else None for u in value) \
            if isinstance(value, list | tuple) else ()
        return urns if urns and None not in urns else None
    if key == "claimed_participation":
        # {programme slug: where and when, in the person's words}
        if isinstance(value, Mapping) and all(
                isinstance(slug, str) and slug and isinstance(detail, str)
                and 0 < len(detail.strip()) <= CLAIM_DETAIL_MAX
                for slug, detail in value.items()):
            return {slug: detail.strip() for slug, detail in value.items()}
        return None
    return None


def _title(ctx: Context, slug: str, otherwise: str) -> str:
    """A programme's title for a person; never its slug (``otherwise`` if we have no title)."""
    return ctx.offering.programme_titles.get(slug) or otherwise


def _claim_of(ctx: Context, slugs: Sequence[str]) -> tuple[str, str] | None:
    """The first of ``slugs`` the person says they took part in, with what they said."""
    claims = fact(ctx.facts, "claimed_participation") or {}
    return next(((slug, claims[slug]) for slug in slugs if slug in claims), None)


FACT_LABELS = {
    "email": "your email address", "urn": "your school", "role": "your role",
    "years_teaching": "how many years you have taught",
    "teaches_maths": "whether you teach maths", "maths_itt": "whether you trained to teach maths",
    "teaches_year7_below_expected": "whether you teach Year 7 pupils below expectations",
    "teaches_ks4": "whether you teach Year 10 or 11",
    "teaches_post16_resit": "whether you teach post-16 GCSE resit or Functional Skills maths",
    "works_in_ks3_maths": "whether you work in Key Stage 3 maths lessons",
    "trust_urns": "the schools in your trust",
    "leads_pd_beyond_own_institution": "whether you lead professional development beyond your "
                                       "own school",
    "in_england": "whether you work in England",
    "core_maths_years": "how many years your school has taught Core Maths",
    "claimed_participation": "where you took part before",
}


def missing(key: str) -> Reason:
    return Reason("missing_fact", f"We need to know {FACT_LABELS.get(key, 'one more answer')}.",
                  True, fact=key)


# --- Rules --------------------------------------------------------------------------------------

RuleCheck = Callable[[Context, Mapping[str, Any], bool], list[Reason]]


ParamKind = Literal["bool", "int", "text", "programme", "programmes", "one_of", "any_of"]


@dataclass(frozen=True)
class Param:
    """One parameter a rule takes: its kind, what it means, and for choices the allowed values."""
    kind: ParamKind
    description: str
    choices: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Rule:
    needs: Callable[[Mapping[str, Any]], tuple[str, ...]]
    check: RuleCheck
    description: str
    params: Mapping[str, Param] = field(default_factory=dict)


def _offering_link(ctx: Context, slug: str) -> Suggestion | None:
    title = _title(ctx, slug, "the programme that comes before this one")
    url = ctx.offering.offering_urls.get(slug)
    return Suggestion(f"Apply for {title} first", url)


def _school_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    school = ctx.school
    if school is None:
        return [Reason("school_not_found",
                       f"We cannot find a school with URN {fact(ctx.facts, 'urn')} in the "
                       "national register.", True,
                       Suggestion("Search for your school by name, town or postcode"))]
    reasons = []
    if not school.is_open:
        suggestion = None
        if school.successor:
            suggestion = Suggestion(f"{school.name} closed and became {school.successor[1]} "
                                    f"(URN {school.successor[0]}): apply with that school")
        reasons.append(Reason("school_closed", f"{school.name} is closed.", True, suggestion))
    if not school.in_england:
        reasons.append(Reason("school_not_in_england",
                              f"{school.name} is not in England. Maths Hubs serve schools in "
                              "England.", True))
    if params.get("state_funded", True) and not school.state_funded:
        reasons.append(Reason("school_not_state_funded",
                              f"{school.name} is not state-funded. This programme is funded for "
                              "state-funded schools only.", True))
    phases = set(params.get("phases", ["secondary"]))
    if "special" in phases and phases == {"special"}:
        if not school.special:
            reasons.append(Reason("school_not_special",
                                  f"This Work Group is for special schools, and {school.name} "
                                  "is not one.", True,
                                  Suggestion("Look at the Teaching for Mastery Development Work "
                                             "Group for mainstream schools",
                                             ctx.offering.offering_urls.get(
                                                 "secondary-tfm-development"))))
    elif "any" not in phases:
        fits = ((school.secondary and "secondary" in phases)
                or (school.post16 and "post16" in phases)
                or (school.special and "special" in phases)
                or (school.primary and "primary" in phases))
        if not fits:
            allowed = " or ".join(sorted({"secondary": "secondary schools",
                                          "post16": "post-16 colleges",
                                          "special": "special schools",
                                          "primary": "primary schools"}[p] for p in phases))
            reasons.append(Reason("school_not_secondary",
                                  f"This programme is for {allowed}, and {school.name} is not "
                                  "one.", True))
    return reasons


def _hub_area_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    school = ctx.school
    if school is None or not ctx.offering.hub_la_codes or school.la_code is None:
        return []
    if school.la_code in ctx.offering.hub_la_codes:
        return []
    suggestion = None
    if school.hub and school.hub[0] != ctx.offering.hub_slug:
        suggestion = Suggestion(f"Your school is in the area of {school.hub[1]}: look at its "
                                "Work Groups", f"/hubs/{school.hub[0]}/")
    return [Reason("school_outside_hub_area",
                   f"{school.name} is outside the area {ctx.offering.hub_name} serves. Hubs "
                   "normally take schools from their own area.", hard, suggestion)]


def _role_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    role = fact(ctx.facts, "role")
    allowed = params.get("roles", [])
    if role in allowed:
        return []
    if role == "aspiring_head_of_department":
        message = ("This programme is for serving heads of department and subject leaders. "
                   "Aspiring heads of department cannot take part yet.")
    else:
        wanted = ", ".join(ROLES[r] for r in allowed if r in ROLES) or "another role"
        message = f"This programme is for {wanted}; you told us you are {ROLES[role]}."
    return [Reason("role_not_eligible", message, hard)]


def _teaches_maths_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    if fact(ctx.facts, "teaches_maths") in params.get("accept", ["now"]):
        return []
    return [Reason("not_teaching_maths", "This programme is for people who teach maths"
                   + (" now or will within the next year." if "within_year" in
                      params.get("accept", []) else "."), hard)]


def _no_maths_itt_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    if fact(ctx.facts, "maths_itt") is False:
        return []
    return [Reason("has_maths_itt", "This programme is for teachers whose initial teacher "
                   "training was not in maths. As a maths specialist, look at the other Work "
                   "Groups.", hard)]


def _early_career_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    years = fact(ctx.facts, "years_teaching")
    low, high = params.get("min", 1), params.get("max", 2)
    if low <= years <= high:
        return []
    suggestion = None
    if years > high and params.get("next"):
        title = _title(ctx, params["next"], "the next stage of this programme")
        suggestion = Suggestion(f"Look at {title}", ctx.offering.offering_urls.get(params["next"]))
    return [Reason("not_early_career",
                   f"This programme is for teachers in years {low} to {high} of their career"
                   f"{'' if hard else ', normally'}; you are in year {years}.", hard, suggestion)]


def _not_early_career_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    years = fact(ctx.facts, "years_teaching")
    if years > params.get("max", 2):
        return []
    return [Reason("is_early_career", "Early career teachers (in their first two years) cannot "
                   "take part in this programme yet.", hard,
                   Suggestion("Look at the Specialist Knowledge for Teaching Mathematics "
                              "programme for early career teachers",
                              ctx.offering.offering_urls.get("sktm-ect-phase-1")))]


def _took_part(ctx: Context, slugs: Sequence[str], scope: str, years: Sequence[int] | None,
               outcomes: frozenset[str] = TOOK_PART) -> bool:
    return any(entry.programme in slugs and entry.scope == scope and entry.outcome in outcomes
               and (years is None or entry.year_start in years) for entry in ctx.history)


def _prerequisite_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    slug = params["programme"]
    scope = params.get("scope", "school")
    years = [ctx.offering.year_start - 1] if params.get("previous_year_only") else None
    if _took_part(ctx, [slug], scope, years):
        return []
    title = _title(ctx, slug, "the programme that comes before this one")
    who = "your school" if scope == "school" else "you"
    when = " last year" if years else ""
    did = "Did your school" if scope == "school" else "Did you"
    claim = Claim((slug,), f"{did} take part in {title}{when} with another Maths Hub, or in a "
                           "year our records do not cover?")
    claimed = _claim_of(ctx, [slug])
    if claimed:
        # The claim stays answerable, so the person can correct or take it back.
        return [Reason("prerequisite_claimed",
                       f"You told us {who} took part in {title}{when} (“{claimed[1]}”). Our "
                       "records do not show it, so the hub will check before offering a place.",
                       False, None, claim)]
    if hard:
        return [Reason("prerequisite_missing",
                       f"This programme follows on from {title}, and our records do not show "
                       f"{who} taking part in it{when}.", True, _offering_link(ctx, slug),
                       claim)]
    return [Reason("prerequisite_recommended",
                   f"Participants normally take part in {title} first; our records do not show "
                   f"{who} doing so{when}.", False, _offering_link(ctx, slug), claim)]


def _not_already_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    scope = params.get("scope", "person")
    programme = ctx.offering.programme
    who = "Your school is" if scope == "school" else "You are"
    if _took_part(ctx, [programme], scope, [ctx.offering.year_start]):
        return [Reason("already_participating",
                       f"{who} already taking part in {ctx.offering.programme_title} this year.",
                       hard)]
    earlier = [entry.year_start for entry in ctx.history
               if entry.year_start < ctx.offering.year_start]
    if _took_part(ctx, [programme], scope, earlier, frozenset({"completed"})):
        who_done = "Your school has" if scope == "school" else "You have"
        suggestion = None
        next_slug = params.get("next")
        if next_slug:
            suggestion = Suggestion(
                f"Look at {_title(ctx, next_slug, 'the next stage of this programme')}",
                ctx.offering.offering_urls.get(next_slug))
        return [Reason("already_completed",
                       f"{who_done} already completed {ctx.offering.programme_title}.", hard,
                       suggestion)]
    return []


def _school_in_programmes_rule(ctx: Context, params: Mapping[str, Any],
                               hard: bool) -> list[Reason]:
    years = [ctx.offering.year_start - back for back in range(params.get("years_back", 1) + 1)]
    programmes = params.get("programmes", [])
    if _took_part(ctx, programmes, "school", years):
        return []
    claim = Claim(tuple(programmes), "Is your school in a Teaching for Mastery Work Group with "
                                     "another Maths Hub, or one our records do not cover?")
    claimed = _claim_of(ctx, programmes)
    if claimed:
        title = _title(ctx, claimed[0], "a Teaching for Mastery Work Group")
        return [Reason("prerequisite_claimed",
                       f"You told us your school is in {title} (“{claimed[1]}”). Our records do "
                       "not show it, so the hub will check before offering a place.", False,
                       None, claim)]
    message = ("Your school needs to be in a Teaching for Mastery Work Group already."
               if hard else "Participants are encouraged to have a school in a Teaching for "
                            "Mastery Work Group; our records show none.")
    return [Reason("school_not_in_tfm_work_group", message, hard,
                   Suggestion("Look at the Teaching for Mastery Development Work Group",
                              ctx.offering.offering_urls.get("secondary-tfm-development")),
                   claim)]


def _trust_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    reasons = []
    schools = ctx.trust_schools
    if len(fact(ctx.facts, "trust_urns")) < params.get("min_schools", 2):
        reasons.append(Reason("trust_too_small", "This programme is for people who lead maths "
                              "across several schools in a trust.", hard))
    if not any(school.secondary and school.is_open for school in schools):
        reasons.append(Reason("trust_has_no_secondary", "None of the schools you listed is an "
                              "open secondary school; the trust needs at least one.", hard))
    return reasons


def _target_group_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    if any(fact(ctx.facts, key) is True for key in params.get("any_of", [])):
        return []
    return [Reason("not_teaching_target_group",
                   params.get("message", "This programme is for people who teach its target "
                                         "group of pupils."), hard)]


def _leads_pd_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    if fact(ctx.facts, "leads_pd_beyond_own_institution") is True:
        return []
    return [Reason("not_leading_pd", "This programme is for people who design and lead maths "
                   "professional development for teachers beyond their own school.", hard)]


def _in_england_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    if fact(ctx.facts, "in_england") is True:
        return []
    return [Reason("not_in_england", "This programme is for people who work in England.", hard)]


def _applications_open_rule(ctx: Context, params: Mapping[str, Any],
                            hard: bool) -> list[Reason]:
    if ctx.offering.accepting:
        return []
    suggestion = (Suggestion("Register your interest for next year", ctx.offering.interest_url)
                  if ctx.offering.interest_url else None)
    return [Reason("applications_closed", "Applications for this Work Group are not open.",
                   hard, suggestion)]


def _core_maths_rule(ctx: Context, params: Mapping[str, Any], hard: bool) -> list[Reason]:
    years = fact(ctx.facts, "core_maths_years")
    if years >= params.get("min", 2):
        return []
    return [Reason("core_maths_too_new", "This Work Group is for schools and colleges in at "
                   f"least year {params.get('min', 2)} of teaching Core Maths.", hard)]


def _fixed(*keys: str) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    return lambda params: keys


def _prerequisite_needs(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ("urn",) if params.get("scope", "school") == "school" else ("email",)


RULES: dict[str, Rule] = {
    "school": Rule(_fixed("urn"), _school_rule,
                   "The school is open, in England, state-funded and of the right phase",
                   {"state_funded": Param("bool", "Only state-funded schools (default true)"),
                    "phases": Param("any_of", "The phases accepted (default secondary)",
                                    SCHOOL_PHASES)}),
    "hub_area": Rule(_fixed("urn"), _hub_area_rule, "The school is in the hub's area"),
    "role": Rule(_fixed("role"), _role_rule, "The applicant's role is one of these",
                 {"roles": Param("any_of", "The roles accepted", tuple(ROLES), required=True)}),
    "teaches_maths": Rule(_fixed("teaches_maths"), _teaches_maths_rule, "Teaches maths",
                          {"accept": Param("any_of", "The answers accepted (default now)",
                                           tuple(TEACHES_MATHS))}),
    "no_maths_itt": Rule(_fixed("maths_itt"), _no_maths_itt_rule,
                         "Did not train to teach maths"),
    "early_career": Rule(_fixed("years_teaching"), _early_career_rule,
                         "Is in the given years of teaching",
                         {"min": Param("int", "First year accepted (default 1)"),
                          "max": Param("int", "Last year accepted (default 2)"),
                          "next": Param("programme", "What to suggest to those past it")}),
    "not_early_career": Rule(_fixed("years_teaching"), _not_early_career_rule,
                             "Is not an early career teacher",
                             {"max": Param("int", "Years that still count as early career "
                                                  "(default 2)")}),
    "prerequisite": Rule(_prerequisite_needs, _prerequisite_rule,
                         "Took part in another programme first",
                         {"programme": Param("programme", "The programme that comes first",
                                             required=True),
                          "scope": Param("one_of", "Whose history counts (default school)",
                                         SCOPES),
                          "previous_year_only": Param("bool", "Only last year's counts")}),
    "not_already": Rule(lambda p: ("urn",) if p.get("scope") == "school" else ("email",),
                        _not_already_rule, "Is not already taking part, and has not completed",
                        {"scope": Param("one_of", "Whose history counts (default person)",
                                        SCOPES),
                         "next": Param("programme", "What to suggest to those who completed")}),
    "school_in_programmes": Rule(_fixed("urn"), _school_in_programmes_rule,
                                 "The school is in one of these programmes this or last year",
                                 {"programmes": Param("programmes", "The programmes",
                                                      required=True),
                                  "years_back": Param("int", "Earlier years that count "
                                                             "(default 1)")}),
    "trust": Rule(_fixed("trust_urns"), _trust_rule,
                  "Leads maths across a trust with a secondary school",
                  {"min_schools": Param("int", "Fewest schools in the trust (default 2)")}),
    "target_group": Rule(lambda p: tuple(p.get("any_of", [])), _target_group_rule,
                         "Teaches one of the target groups",
                         {"any_of": Param("any_of", "The facts, any of which qualifies",
                                          BOOLEAN_FACTS, required=True),
                          "message": Param("text", "What to say to those who do not")}),
    "leads_pd": Rule(_fixed("leads_pd_beyond_own_institution"), _leads_pd_rule,
                     "Leads professional development beyond their own institution"),
    "in_england": Rule(_fixed("in_england"), _in_england_rule, "Works in England"),
    "applications_open": Rule(_fixed(), _applications_open_rule,
                              "The application window is open"),
    "core_maths": Rule(_fixed("core_maths_years"), _core_maths_rule,
                       "The school has taught Core Maths for long enough",
                       {"min": Param("int", "Fewest years of Core Maths (default 2)")}),
}


def rule_of(spec: Any) -> Rule | None:
    """The rule a spec names, or None when it names none (or is not a spec at all)."""
    name = spec.get("rule") if isinstance(spec, Mapping) else None
    return RULES.get(name) if isinstance(name, str) else None


def params_of(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    params = spec.get("params")
    return params if isinstance(params, Mapping) else {}


def needed_facts(config: Sequence[Any]) -> list[str]:
    """The facts a programme's rules need, in the order they are first needed."""
    keys: list[str] = []
    for spec in config:
        rule = rule_of(spec)
        if rule is None:
            continue
        for key in rule.needs(params_of(spec)):
            if key not in keys:
                keys.append(key)
    return keys


def evaluate(config: Sequence[Any], ctx: Context) -> Verdict:
    """Apply a programme's rules to the facts and return the verdict with every reason."""
    reasons: list[Reason] = []
    for spec in config:
        rule = rule_of(spec)
        if rule is None:
            continue
        params = params_of(spec)
        hard = bool(spec.get("hard", True))
        lacking = [key for key in rule.needs(params) if fact(ctx.facts, key) is None]
        if lacking:
            reasons.extend(missing(key) for key in lacking)
            continue
        reasons.extend(rule.check(ctx, params, hard))
    unique = tuple(dict.fromkeys(reasons))
    if any(reason.hard for reason in unique):
        outcome: Outcome = "not_eligible"
    elif unique:
        outcome = "eligible_with_notes"
    else:
        outcome = "eligible"
    return Verdict(outcome=outcome, reasons=unique)


def _param_problem(param: Param, value: Any) -> str | None:
    """Why ``value`` does not fit ``param``, or None. Programme slugs are checked by the caller,
    who knows which programmes exist."""
    if param.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if param.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 50
        return None if ok else "must be a whole number from 0 to 50"
    if param.kind in {"text", "programme"}:
        return None if isinstance(value, str) and value.strip() else "must be some text"
    if param.kind == "one_of":
        return None if value in param.choices else f"must be one of {', '.join(param.choices)}"
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return "must be a list of one or more names"
    if param.kind == "any_of":
        unknown = [v for v in value if v not in param.choices]
        if unknown:
            return (f"has {', '.join(unknown)}, which is not one of "
                    f"{', '.join(param.choices)}")
    return None


def programme_slugs_in(config: Sequence[Any]) -> set[str]:
    """Every programme slug a configuration refers to (prerequisites, next stages)."""
    slugs: set[str] = set()
    for spec in config:
        rule = rule_of(spec)
        if rule is None:
            continue
        params = params_of(spec)
        for name, param in rule.params.items():
            value = params.get(name)
            if param.kind == "programme" and isinstance(value, str):
                slugs.add(value)
            elif param.kind == "programmes" and isinstance(value, list):
                slugs.update(v for v in value if isinstance(v, str))
    return slugs


def validate_config(config: Any) -> list[str]:
    """Problems with a rule configuration, in words staff can act on (empty when it is fine)."""
    if not isinstance(config, list):
        return ["The rules must be a list."]
    problems = []
    for index, spec in enumerate(config, start=1):
        if not isinstance(spec, dict):
            problems.append(f"Rule {index} must be an object with a “rule” name.")
            continue
        rule = rule_of(spec)
        if rule is None:
            problems.append(f"Rule {index}: “{spec.get('rule')}” is not a known rule. Known "
                            f"rules: {', '.join(sorted(RULES))}.")
        if not isinstance(spec.get("hard", True), bool):
            problems.append(f"Rule {index}: “hard” must be true or false.")
        params = spec.get("params", {})
        if not isinstance(params, dict):
            problems.append(f"Rule {index}: “params” must be an object.")
            params = {}
        unknown = set(spec) - {"rule", "hard", "params"}
        if unknown:
            problems.append(f"Rule {index}: unknown keys {', '.join(sorted(unknown))}.")
        if rule is None:
            continue
        for name in sorted(set(params) - set(rule.params)):
            takes = ", ".join(rule.params) or "no parameters"
            problems.append(f"Rule {index} ({spec['rule']}): “{name}” is not a parameter of "
                            f"this rule; it takes {takes}.")
        for name, param in rule.params.items():
            if name not in params:
                if param.required:
                    problems.append(f"Rule {index} ({spec['rule']}): “{name}” is required "
                                    f"({param.description.lower()}).")
                continue
            problem = _param_problem(param, params[name])
            if problem:
                problems.append(f"Rule {index} ({spec['rule']}): “{name}” {problem}.")
        if rule is RULES["early_career"]:
            low, high = params.get("min", 1), params.get("max", 2)  # the rule's own defaults
            # Years the wrong way round would refuse every applicant.
            if type(low) is int and type(high) is int and low > high:
                problems.append(f"Rule {index} ({spec['rule']}): the first year accepted "
                                f"({low}) is after the last ({high}), so nobody could join.")
    return problems


def verdict_as_dict(verdict: Verdict) -> dict[str, Any]:
    """The verdict as plain JSON: the API's shape, and what an application records."""
    return {
        "outcome": verdict.outcome,
        "reasons": [{"code": r.code, "message": r.message, "hard": r.hard,
                     "suggestion": ({"text": r.suggestion.text, "url": r.suggestion.url}
                                    if r.suggestion else None),
                     "fact": r.fact} for r in verdict.reasons],
    }
