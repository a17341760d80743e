"""Each programme's eligibility rules as the hubs' pages state them.

Loaded into ``Programme.eligibility_rules`` by the demo; staff with the national role edit them
from there. "Must", "only" and "not eligible" are hard rules; "normally", "ideally" and
"encouraged" are soft.
"""

from __future__ import annotations

from typing import Any

TEACHERS = ["classroom_teacher", "head_of_department", "aspiring_head_of_department",
            "senior_leader", "headteacher"]
TFM = ["secondary-tfm-development", "secondary-tfm-development-special-schools",
       "secondary-tfm-embedding", "secondary-tfm-sustaining"]

SECONDARY_SCHOOL: dict[str, Any] = {"rule": "school", "params": {"phases": ["secondary"]}}
IN_AREA: dict[str, Any] = {"rule": "hub_area", "hard": False}
OPEN: dict[str, Any] = {"rule": "applications_open"}


def _role(*roles: str) -> dict[str, Any]:
    return {"rule": "role", "params": {"roles": list(roles)}}


def _not_already(scope: str, next_stage: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"scope": scope}
    if next_stage:
        params["next"] = next_stage
    return {"rule": "not_already", "params": params}


DEFAULT_RULES: dict[str, list[dict[str, Any]]] = {
    "secondary-tfm-development": [
        SECONDARY_SCHOOL, IN_AREA, _role(*TEACHERS), {"rule": "teaches_maths"},
        _not_already("school", "secondary-tfm-embedding"), OPEN],
    "secondary-tfm-development-special-schools": [
        {"rule": "school", "params": {"phases": ["special"]}}, IN_AREA,
        _role(*TEACHERS), {"rule": "teaches_maths"}, _not_already("school"), OPEN],
    "secondary-tfm-embedding": [
        SECONDARY_SCHOOL, IN_AREA,
        {"rule": "prerequisite", "params": {"programme": "secondary-tfm-development",
                                            "scope": "school", "previous_year_only": True}},
        {"rule": "prerequisite", "hard": False,
         "params": {"programme": "secondary-tfm-development", "scope": "person"}},
        _role(*TEACHERS), {"rule": "teaches_maths"},
        _not_already("school", "secondary-tfm-sustaining"), OPEN],
    "secondary-tfm-sustaining": [
        SECONDARY_SCHOOL, IN_AREA,
        {"rule": "prerequisite", "params": {"programme": "secondary-tfm-embedding",
                                            "scope": "school"}},
        _role(*TEACHERS), {"rule": "teaches_maths"}, OPEN],
    "subject-leaders-community": [
        SECONDARY_SCHOOL, IN_AREA, _role("head_of_department"), OPEN],
    "mat-maths-leaders": [
        _role("trust_maths_lead"), {"rule": "trust", "params": {"min_schools": 2}},
        {"rule": "school_in_programmes", "hard": False,
         "params": {"programmes": TFM, "years_back": 0}}, OPEN],
    "securing-foundations-year-7": [
        SECONDARY_SCHOOL, IN_AREA, {"rule": "teaches_maths"},
        {"rule": "target_group", "params": {
            "any_of": ["teaches_year7_below_expected"],
            "message": "This programme is for teachers of Year 7 pupils who have not reached "
                       "the expected standard in maths."}}, OPEN],
    "cross-phase-level-2": [
        {"rule": "school", "params": {"phases": ["secondary", "post16"]}}, IN_AREA,
        {"rule": "teaches_maths"},
        {"rule": "target_group", "params": {
            "any_of": ["teaches_ks4", "teaches_post16_resit"],
            "message": "This Work Group is for teachers of Year 10 and 11, or of post-16 GCSE "
                       "resit or Functional Skills maths."}}, OPEN],
    "sktm-non-specialist": [
        {"rule": "school", "params": {"phases": ["secondary", "post16"]}}, IN_AREA,
        {"rule": "teaches_maths", "params": {"accept": ["now", "within_year"]}},
        {"rule": "no_maths_itt"}, _not_already("person"), OPEN],
    "sktm-ect-phase-1": [
        SECONDARY_SCHOOL, IN_AREA, {"rule": "teaches_maths"},
        {"rule": "early_career", "params": {"min": 1, "max": 2}},
        _not_already("person", "sktm-ect-phase-2"), OPEN],
    "sktm-ect-phase-2": [
        SECONDARY_SCHOOL, IN_AREA, {"rule": "teaches_maths"},
        {"rule": "prerequisite", "params": {"programme": "sktm-ect-phase-1", "scope": "person"}},
        {"rule": "early_career", "hard": False, "params": {"min": 1, "max": 4}},
        _not_already("person"), OPEN],
    "sktm-teaching-assistants": [
        SECONDARY_SCHOOL, IN_AREA, _role("teaching_assistant"),
        {"rule": "target_group", "params": {
            "any_of": ["works_in_ks3_maths"],
            "message": "This programme is for teaching assistants who work mainly in Key Stage "
                       "3 maths lessons or lead maths intervention groups."}},
        {"rule": "school_in_programmes", "params": {"programmes": TFM, "years_back": 1}},
        _not_already("person"), OPEN],
    "itt-partnerships": [_role("itt_lead"), {"rule": "in_england"}, OPEN],
    "mastery-specialists": [
        SECONDARY_SCHOOL, {"rule": "teaches_maths"}, {"rule": "not_early_career"},
        _not_already("person"), OPEN],
    "pd-lead": [
        {"rule": "in_england"}, {"rule": "leads_pd"}, _not_already("person"), OPEN],
    "school-development-lead": [
        {"rule": "in_england"},
        {"rule": "prerequisite", "hard": False, "params": {"programme": "pd-lead",
                                                           "scope": "person"}},
        _not_already("person"), OPEN],
    "years-5-8-continuity": [
        {"rule": "school", "params": {"phases": ["primary", "secondary"]}}, IN_AREA,
        {"rule": "teaches_maths"}, OPEN],
    "years-7-11-coherence": [SECONDARY_SCHOOL, IN_AREA, {"rule": "teaches_maths"}, OPEN],
    "developing-mathematical-thinking": [
        SECONDARY_SCHOOL, IN_AREA, {"rule": "teaches_maths"}, OPEN],
    "developing-core-maths-pedagogy": [
        {"rule": "school", "params": {"phases": ["secondary", "post16"]}}, IN_AREA,
        {"rule": "core_maths", "params": {"min": 2}}, OPEN],
}
