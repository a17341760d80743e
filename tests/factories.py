"""Factory functions: each makes one valid object with sensible defaults, overridable by keyword."""

from __future__ import annotations

import itertools
import time as wallclock
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator

from workgroups.accounts.models import HubMembership, Role, User
from workgroups.accounts.second_factor import needs_second_factor
from workgroups.applications.models import Application
from workgroups.catalogue.models import (
    AcademicYear,
    Audience,
    Offering,
    OfferingStatus,
    Programme,
    Unit,
)
from workgroups.core import clock
from workgroups.delivery.models import DeliveryMode, Session, SessionKind, Venue, WorkGroup
from workgroups.hubs.models import Hub, LocalAuthority, Region
from workgroups.schools.models import School

_seq = itertools.count(1)


def academic_year(start_year: int = 2024) -> AcademicYear:
    starts_on, ends_on = AcademicYear.bounds_for(start_year)
    year, _ = AcademicYear.objects.get_or_create(
        slug=AcademicYear.slug_for(start_year),
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    return year


def local_authority(code: int | None = None, name: str | None = None) -> LocalAuthority:
    region, _ = Region.objects.get_or_create(code="E12000002", defaults={"name": "North West"})
    n = next(_seq)
    return LocalAuthority.objects.create(code=code or 100 + n, name=name or f"Authority {n}",
                                         region=region)


def hub(slug: str | None = None, **kwargs: Any) -> Hub:
    n = next(_seq)
    defaults: dict[str, Any] = {"name": f"Test Maths Hub {n}",
                                "contact_email": f"hub{n}@example.org"}
    defaults.update(kwargs)
    return Hub.objects.create(slug=slug or f"hub-{n}", **defaults)


def programme(slug: str | None = None, **kwargs: Any) -> Programme:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "title": f"Programme {n}", "audience": Audience.TEACHERS,
        "summary": "A summary.", "who_can_take_part": "Teachers of maths.",
        "what_is_involved": "Workshops.", "learning_outcomes": ["Something useful"],
        "time_commitment": "Three days.", "equivalent_days": Decimal("3"),
        "cost": "Fully funded.", "unit": Unit.INDIVIDUAL, "team_size": 1,
    }
    defaults.update(kwargs)
    return Programme.objects.create(slug=slug or f"programme-{n}", **defaults)


def offering(**kwargs: Any) -> Offering:
    kwargs.setdefault("hub", kwargs.get("hub") or hub())
    kwargs.setdefault("academic_year", academic_year())
    kwargs.setdefault("programme", programme())
    kwargs.setdefault("slug", kwargs["programme"].slug)
    kwargs.setdefault("status", OfferingStatus.RECRUITING)
    return Offering.objects.create(**kwargs)


def venue(hub_obj: Hub, **kwargs: Any) -> Venue:
    n = next(_seq)
    defaults: dict[str, Any] = {"name": f"Venue {n}", "address": "1 Test Road, Testtown",
                                "postcode": "CH1 1AA"}
    defaults.update(kwargs)
    return Venue.objects.create(hub=hub_obj, **defaults)


def work_group(offering_obj: Offering, **kwargs: Any) -> WorkGroup:
    n = next(_seq)
    defaults: dict[str, Any] = {"name": f"Work Group {n}",
                                "delivery_mode": DeliveryMode.FACE_TO_FACE,
                                "capacity_schools": 7, "capacity_participants": 14}
    defaults.update(kwargs)
    return WorkGroup.objects.create(offering=offering_obj, **defaults)


def london(day: date, hh_mm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=clock.LONDON)


def session(work_group_obj: WorkGroup, day: date = date(2024, 11, 5), **kwargs: Any) -> Session:
    defaults: dict[str, Any] = {"kind": SessionKind.WORKSHOP,
                                "starts_at": london(day, "09:00"), "ends_at": london(day, "15:30")}
    defaults.update(kwargs)
    return Session.objects.create(work_group=work_group_obj, **defaults)


def user(email: str | None = None, password: str = "correct-horse-battery", **kwargs: Any) -> User:
    return User.objects.create_user(email or f"person{next(_seq)}@example.org", password, **kwargs)


def member(hub_obj: Hub, role: Role = Role.HUB_STAFF, **kwargs: Any) -> User:
    person = user(**kwargs)
    HubMembership.objects.create(user=person, hub=hub_obj, role=role)
    return person


def school(urn: int, name: str = "Test High School", **kwargs: Any) -> School:
    from workgroups.schools.facts import normalise_name, normalise_postcode

    defaults: dict[str, Any] = {
        "la_code": 896, "la_name": "Cheshire West and Chester", "region": "North West",
        "phase": "Secondary", "status": "Open", "town": "Chester", "postcode": "CH2 1EW",
        "is_open": True, "state_funded": True, "secondary": True, "in_england": True}
    defaults.update(kwargs)
    defaults["search_name"] = normalise_name(name)
    defaults["search_postcode"] = normalise_postcode(defaults["postcode"])
    return School.objects.create(urn=urn, name=name, **defaults)


def ready_application(offering_obj: Offering, *, school_urn: int | None = None,
                      participants: int = 1, submitted_at: datetime | None = None,
                      outcome: str = "eligible", applicant: User | None = None,
                      status: str = "ready_for_review", team: list[dict[str, str]] | None = None,
                      ) -> Application:
    """A sent application waiting for the hub's decision, made directly (the journey has its
    own tests): ``participants`` places, from ``school_urn``."""
    from workgroups.applications.models import ApplicationStatusChange

    person = applicant or user(first_name="Pat", last_name=f"Teacher{next(_seq)}")
    answers: dict[str, Any] = {"first_name": person.first_name, "last_name": person.last_name,
                               "role": "classroom_teacher"}
    if school_urn is not None:
        answers["urn"] = school_urn
    is_team = team is not None
    if team is not None:
        answers["team"] = team
        participants = len(team)
    moment = submitted_at or clock.now()
    application = Application.objects.create(
        offering=offering_obj, applicant=person, status=status, school_urn=school_urn,
        is_school_team=is_team, answers=answers, submitted_at=moment,
        participants=participants, eligibility={"outcome": outcome, "reasons": []},
        waitlist_rank=moment.timestamp() if status == "waitlisted" else None)
    ApplicationStatusChange.objects.create(application=application, from_status="submitted",
                                           to_status=status, at=moment)
    return application


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def second_factor(person: User) -> Authenticator:
    """An authenticator app for ``person`` (its codes come from ``TOTP_SECRET``)."""
    from allauth.mfa.totp.internal.auth import TOTP

    found = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    return found or TOTP.activate(person, TOTP_SECRET).instance


def totp_code(at: float | None = None) -> str:
    """The code the authenticator app shows (now, or ``at``). A code works only in its own 30
    seconds: with under 2 left, wait for the next rather than send one about to expire."""
    from allauth.mfa.totp.internal.auth import hotp_value

    if at is None and (left := 30 - wallclock.time() % 30) < 2:
        wallclock.sleep(left + 0.1)
    step = int((wallclock.time() if at is None else at) // 30)
    return f"{hotp_value(TOTP_SECRET, step):06d}"


def sign_in(client: Any, person: User) -> None:
    """Sign ``person`` in on the test client as they would sign in themselves: someone with a
    role (who must have a second factor) with their authenticator app, everyone else plainly."""
    client.force_login(person)
    if needs_second_factor(person):
        authenticator = second_factor(person)
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": wallclock.time(), "email": person.email},
            {"method": "mfa", "at": wallclock.time(), "type": "totp", "id": authenticator.pk}]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(person.pk)
        session.save()
