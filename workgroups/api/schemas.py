"""Response shapes of the read API. Field names are part of the published contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer, StrictBool, StrictInt

from workgroups.api.inputs import EmailText, UrnField
from workgroups.applications.models import ApplicationStatus, EndorsementKind, EndorsementStatus
from workgroups.catalogue.models import Audience, OfferingStatus, Unit
from workgroups.core.clock import LONDON
from workgroups.delivery.models import (
    AttendanceStatus,
    DeliveryMode,
    EnrolmentOutcome,
    SessionKind,
)

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
    audience: Audience
    unit: Unit
    team_size: int


class VenueOut(Schema):
    name: str
    address: str
    postcode: str


class SessionOut(Schema):
    kind: SessionKind
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    venue: VenueOut | None
    online: bool
    equivalent_days: float
    required: bool


class WorkGroupOut(Schema):
    name: str
    delivery_mode: DeliveryMode
    area: str
    capacity_schools: int
    capacity_participants: int
    sessions: list[SessionOut]


class OfferingTextOut(Schema):
    """The offering's own words for its year; where the hub wrote none, the programme's."""
    summary: str
    who_can_take_part: str
    what_is_involved: str
    learning_outcomes: list[str]
    time_commitment: str
    cost: str


class OfferingOut(Schema):
    slug: str
    code: str
    title: str = Field(description="The offering's title this year (the programme's unless "
                                   "the hub gives its own).")
    programme: ProgrammeBriefOut
    academic_year: str
    status: OfferingStatus
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
    text: OfferingTextOut
    demo_fields: list[str] = Field(description="Values invented for the demo, not the hub's.")
    how_to_apply: str
    year_notes: str
    contact_email: str


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="Where: body, query or path, then the field.")
    message: str


class ErrorOut(Schema):
    """Every 4xx answer has this shape: what went wrong in words, a stable code where the
    caller may act on it, and for input that could not be used, each field's problem."""

    detail: str
    code: str | None = None
    errors: list[FieldErrorOut] | None = None


def errors(*statuses: int) -> dict[int, Any]:
    """The error answers an operation documents: 400 (a body or query that cannot be read) and
    422 (values that cannot be used) always, and ``statuses`` (401, 403, 404, 409) as it has
    them. 409 always carries a code."""
    return {status: ConflictOut if status == 409 else ErrorOut
            for status in sorted({400, 422, *statuses})}


class SchoolOut(Schema):
    urn: int
    name: str
    town: str
    postcode: str
    la: str
    phase: str
    status: str = Field(description="As the national register words it, e.g. Open, Closed.")
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

    email: EmailText | None = None
    urn: UrnField | None = None
    role: Literal["classroom_teacher", "head_of_department", "aspiring_head_of_department",
                  "senior_leader", "headteacher", "teaching_assistant", "trust_maths_lead",
                  "itt_lead", "other"] | None = None
    years_teaching: StrictInt | None = Field(None, ge=0, le=60)
    teaches_maths: Literal["now", "within_year", "no"] | None = None
    maths_itt: StrictBool | None = None
    teaches_year7_below_expected: StrictBool | None = None
    teaches_ks4: StrictBool | None = None
    teaches_post16_resit: StrictBool | None = None
    works_in_ks3_maths: StrictBool | None = None
    trust_urns: list[UrnField] | None = Field(None, max_length=100)
    leads_pd_beyond_own_institution: StrictBool | None = None
    in_england: StrictBool | None = None
    core_maths_years: StrictInt | None = Field(None, ge=0, le=60)


class SuggestionOut(Schema):
    text: str
    url: str | None


class ReasonOut(Schema):
    code: str
    message: str
    hard: bool
    suggestion: SuggestionOut | None
    fact: str | None = Field(None, description="For missing_fact: the fact to send.")


class EligibilityOut(Schema):
    outcome: Literal["eligible", "eligible_with_notes", "not_eligible"]
    reasons: list[ReasonOut]
    school: SchoolDetailOut | None


class SupportOut(Schema):
    kind: EndorsementKind
    role: str
    status: EndorsementStatus


class ApplicationOfferingOut(Schema):
    hub: str
    year: str
    slug: str
    title: str


class MyApplicationOut(Schema):
    id: int
    offering: ApplicationOfferingOut
    status: ApplicationStatus
    status_label: str
    submitted_at: LondonDateTime | None
    supports: list[SupportOut]


class PersonOut(Schema):
    name: str
    email: str


class ParticipantOut(PersonOut):
    role: str


class EligibilityRecordOut(Schema):
    outcome: Literal["eligible", "eligible_with_notes", "not_eligible"] | None
    reasons: list[dict[str, object]]


class HubApplicationOut(Schema):
    id: int
    offering: str
    year: str
    status: ApplicationStatus
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
    status: ApplicationStatus
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
    status: AttendanceStatus | None


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
    outcome: EnrolmentOutcome
