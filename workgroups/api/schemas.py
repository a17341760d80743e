"""Response shapes of the read API. Field names are part of the published contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
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


class OfferingDetailOut(OfferingOut):
    programme: ProgrammeDetailOut
    how_to_apply: str
    year_notes: str
    contact_email: str


class ErrorOut(Schema):
    detail: str
