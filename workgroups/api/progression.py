"""Registers and journeys in the API. A register is read and written by the Work Group's lead
(their session) or the hub's staff (session or hub API token); journeys need the hub's token.
Another hub's object is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import ApiToken, User
from workgroups.api.allocation import Refused
from workgroups.api.auth import HubToken, signed_in, token_hub
from workgroups.api.inputs import EmailText, IdField, IdParam, Slug, UrnParam
from workgroups.api.schemas import JourneyRowOut, RegisterLineOut, errors
from workgroups.core.services import DomainError
from workgroups.delivery import selectors as delivery_selectors
from workgroups.delivery.models import AttendanceStatus, Session
from workgroups.delivery.services import register_save
from workgroups.hubs.models import Hub
from workgroups.progression import selectors
from workgroups.progression.selectors import JourneyRow

router = Router(tags=["registers and journeys"])


class MarkIn(Schema):
    enrolment: IdField
    status: AttendanceStatus


def _register_session(request: HttpRequest, work_group_id: int, session_id: int) -> Session:
    # A hub token reaches its own hub's Work Groups only; a signed-in session, those its person
    # may take registers for (their hub's, or the ones they lead).
    allowed = delivery_selectors.work_groups_where(request.user, Capability.REGISTERS_TAKE)
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        allowed = allowed.filter(offering__hub=token.hub_id)
    session = (Session.objects.select_related("work_group__offering__hub")
               .filter(pk=session_id, work_group_id=work_group_id, work_group__in=allowed)
               .first())
    if session is None:
        raise Http404("No such session.")
    return session


def _lines(session: Session) -> list[dict[str, Any]]:
    return [{"enrolment": line.enrolment.pk, "name": line.enrolment.name,
             "school_urn": line.enrolment.school_urn, "status": line.status or None}
            for line in delivery_selectors.register_lines(session=session)]


@router.get("/work-groups/{work_group}/sessions/{session}/register",
            response={200: list[RegisterLineOut], **errors(401, 404)},
            auth=[HubToken(), signed_in], summary="A session's register")
def register_get(request: HttpRequest, work_group: IdParam,
                 session: IdParam) -> list[dict[str, Any]]:
    return _lines(_register_session(request, work_group, session))


@router.put("/work-groups/{work_group}/sessions/{session}/register",
            # 403: a signed-in session's PUT without Django's CSRF token.
            response={200: list[RegisterLineOut], **errors(401, 403, 404, 409)},
            auth=[HubToken(), signed_in],
            summary="Mark participants present, absent or apologies")
def register_put(request: HttpRequest, work_group: IdParam, session: IdParam,
                 marks: list[MarkIn]) -> list[dict[str, Any]]:
    found = _register_session(request, work_group, session)
    by_enrolment = {mark.enrolment: mark.status for mark in marks}
    if len(by_enrolment) != len(marks):
        raise Refused(DomainError("Each participant may appear once."))
    actor = request.user if isinstance(request.user, User) else None
    try:
        register_save(actor=actor, session=found, marks=by_enrolment, source="api")
    except DomainError as problem:
        raise Refused(problem) from None
    return _lines(found)


def _journey_out(rows: list[JourneyRow]) -> list[dict[str, Any]]:
    return [{"academic_year": row.academic_year.slug,
             "programme": {"code": row.code, "slug": row.programme.slug,
                           "title": row.programme.title},
             "work_group": row.work_group.name if row.work_group else None,
             "sessions_attended": row.sessions_attended,
             "sessions_required": row.sessions_required, "outcome": row.outcome}
            for row in rows]


def _token_hub(request: HttpRequest, hub: str) -> Hub:
    return token_hub(request, Capability.REPORTS_VIEW, slug=hub)


@router.get("/hubs/{hub}/schools/{urn}/journey",
            response={200: list[JourneyRowOut], **errors(401, 404)},
            auth=HubToken(), summary="A school's years with the hub (following URN changes)")
def school_journey(request: HttpRequest, hub: Slug, urn: UrnParam) -> list[dict[str, Any]]:
    _school, rows = selectors.school_journey(hub=_token_hub(request, hub), urn=urn)
    return _journey_out(rows)


class PersonIn(Schema):
    email: EmailText


@router.post("/hubs/{hub}/people/journey",
             response={200: list[JourneyRowOut], **errors(401, 404)},
             auth=HubToken(), summary="A person's years with the hub, by email address",
             description="The address goes in the JSON body, never in the URL (URLs are "
                         "written to access logs). Reads only: nothing is changed.")
def person_journey(request: HttpRequest, hub: Slug, person: PersonIn) -> list[dict[str, Any]]:
    return _journey_out(selectors.person_journey(hub=_token_hub(request, hub),
                                                 email=person.email))
