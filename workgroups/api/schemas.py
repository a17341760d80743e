"""Response shapes of the read API. Field names are part of the published contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer

from workgroups.core.clock import LONDON

# Always London time with an explicit offset (+00:00 in winter, +01:00 in summer), never "Z".
LondonDateTime = Annotated[
    datetime,
    PlainSerializer(lambda value: value.astimezone(LONDON).isoformat(), return_type=str),
]


class AreaOut(Schema):
    code: int
    name: str


class HubOut(Schema):
    slug: str
    name: str
    areas: list[AreaOut]


class ProgrammeBriefOut(Schema):
    slug: str
    title: str
    audience: str
    unit: str
    team_size: int


class VenueOut(Schema):
    name: str
    address: str
    postcode: str


class SessionOut(Schema):
    kind: str
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    venue: VenueOut | None
    online: bool
    equivalent_days: float
    required: bool


class WorkGroupOut(Schema):
    name: str
    delivery_mode: str
    area: str
    capacity_schools: int
    capacity_participants: int
    sessions: list[SessionOut]


class OfferingOut(Schema):
    slug: str
    code: str
    programme: ProgrammeBriefOut
    academic_year: str
    status: str
    applications_open: date | None
    applications_close: date | None
    accepting_applications: bool
    url: str
    work_groups: list[WorkGroupOut]


class ProgrammeDetailOut(ProgrammeBriefOut):
    summary: str
    who_can_take_part: str
    what_is_involved: str
    learning_outcomes: list[str]
    time_commitment: str
    equivalent_days: float
    cost: str
    prerequisites: list[str]
    next_stage: str | None
    next_stages: list[str]


class OfferingDetailOut(OfferingOut):
    programme: ProgrammeDetailOut
    how_to_apply: str
    year_notes: str
    contact_email: str


class ErrorOut(Schema):
    detail: str


class SchoolOut(Schema):
    urn: int
    name: str
    town: str
    postcode: str
    la: str
    phase: str
    status: str
    state_funded: bool


class HubRefOut(Schema):
    slug: str
    name: str


class SchoolRefOut(Schema):
    urn: int
    name: str


class SchoolDetailOut(SchoolOut):
    type: str
    region: str
    secondary: bool
    special: bool
    post16: bool
    open: bool
    in_england: bool
    hub: HubRefOut | None
    successor: SchoolRefOut | None


class EligibilityIn(Schema):
    """Applicant facts; every key is optional, and an unknown key is refused."""

    model_config = {"extra": "forbid"}

    email: str | None = None
    urn: int | None = None
    role: Literal["classroom_teacher", "head_of_department", "aspiring_head_of_department",
                  "senior_leader", "headteacher", "teaching_assistant", "trust_maths_lead",
                  "itt_lead", "other"] | None = None
    years_teaching: int | None = Field(None, ge=0, le=60)
    teaches_maths: Literal["now", "within_year", "no"] | None = None
    maths_itt: bool | None = None
    teaches_year7_below_expected: bool | None = None
    teaches_ks4: bool | None = None
    teaches_post16_resit: bool | None = None
    works_in_ks3_maths: bool | None = None
    trust_urns: list[int] | None = None
    leads_pd_beyond_own_institution: bool | None = None
    in_england: bool | None = None
    core_maths_years: int | None = Field(None, ge=0, le=60)


class SuggestionOut(Schema):
    text: str
    url: str | None


class ReasonOut(Schema):
    code: str
    message: str
    hard: bool
    suggestion: SuggestionOut | None


class EligibilityOut(Schema):
    outcome: Literal["eligible", "eligible_with_notes", "not_eligible"]
    reasons: list[ReasonOut]
    school: SchoolDetailOut | None


class SupportOut(Schema):
    kind: str
    role: str
    status: str


class ApplicationOfferingOut(Schema):
    hub: str
    year: str
    slug: str
    title: str


class MyApplicationOut(Schema):
    id: int
    offering: ApplicationOfferingOut
    status: str
    status_label: str
    submitted_at: LondonDateTime | None
    supports: list[SupportOut]


class PersonOut(Schema):
    name: str
    email: str


class ParticipantOut(PersonOut):
    role: str


class EligibilityRecordOut(Schema):
    outcome: str | None
    reasons: list[dict[str, object]]


class HubApplicationOut(Schema):
    id: int
    offering: str
    year: str
    status: str
    submitted_at: LondonDateTime | None
    school: SchoolRefOut | None
    applicant: PersonOut
    participants: list[ParticipantOut]
    eligibility: EligibilityRecordOut
    supports: list[SupportOut]


class ConflictOut(Schema):
    detail: str
    code: str


class DecisionOut(Schema):
    id: int
    status: str
    work_group: int | None
    offer_expires_at: datetime | None
    waitlist_position: int | None


class WorkGroupPlacesOut(Schema):
    id: int
    name: str
    capacity_schools: int
    capacity_participants: int
    places_taken_schools: int
    places_taken_participants: int
    waitlist_length: int


class RegisterLineOut(Schema):
    enrolment: int
    name: str
    school_urn: int | None
    status: str | None


class JourneyProgrammeOut(Schema):
    code: str
    slug: str
    title: str


class JourneyRowOut(Schema):
    academic_year: str
    programme: JourneyProgrammeOut
    work_group: str | None
    sessions_attended: int | None
    sessions_required: int | None
    outcome: str
