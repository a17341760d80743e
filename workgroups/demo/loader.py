"""Load the demo: hubs, catalogues, Work Groups, sessions and one user per role, on top of the
national programmes from their reference data file (``load_programmes``).

Everything goes through the domain services, so the demo is audited like real work and running
the loader twice changes nothing (services write only what differs). The people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from workgroups.accounts.models import HubMembership, Role, User
from workgroups.applications.models import Application, ApplicationStatus, ApplicationStatusChange
from workgroups.applications.services import (
    application_offer,
    application_waitlist,
    offer_accept,
)
from workgroups.catalogue.models import AcademicYear, Offering, OfferingStatus, Programme
from workgroups.catalogue.reference import read_document
from workgroups.catalogue.services import (
    academic_year_ensure,
    offering_create,
    offering_question_create,
    offering_update,
)
from workgroups.core import clock
from workgroups.delivery.models import DeliveryMode, Session, SessionKind, Venue, WorkGroup
from workgroups.delivery.services import (
    session_create,
    session_update,
    venue_create,
    venue_update,
    work_group_create,
    work_group_update,
)
from workgroups.demo import content as demo_content
from workgroups.evaluations.models import EvaluationQuestion
from workgroups.evaluations.services import evaluation_question_create
from workgroups.hubs.models import Hub
from workgroups.hubs.services import hub_upsert, local_authorities_load
from workgroups.progression.reference import programmes_load

DEMO_PASSWORD = "workgroups-demo"  # noqa: S105 - documented demo credential, demo mode only
# Every demo staff account has an authenticator app set up with this published secret (type it
# into any authenticator app); in the demo the code 000000 passes too (settings.py).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo credential, demo mode only

NATIONAL_HUB = {"slug": "national", "name": "National programmes (NCETM)", "area_la_codes": []}

DEMO_USERS: list[dict[str, Any]] = [
    {"email": "admin@demo.example.org", "first_name": "Ada", "last_name": "Admin",
     "superuser": True, "memberships": []},
    {"email": "lead@cheshire-and-wirral.demo.example.org", "first_name": "Harriet",
     "last_name": "Lead", "memberships": [("cheshire-and-wirral", Role.HUB_LEAD)]},
    {"email": "staff@cheshire-and-wirral.demo.example.org", "first_name": "Sam",
     "last_name": "Staff", "memberships": [("cheshire-and-wirral", Role.HUB_STAFF)]},
    {"email": "wglead@cheshire-and-wirral.demo.example.org", "first_name": "Morgan",
     "last_name": "Specialist", "memberships": [("cheshire-and-wirral", Role.WORK_GROUP_LEAD)]},
    {"email": "staff@london-south-west.demo.example.org", "first_name": "Lee",
     "last_name": "Staff", "memberships": [("london-south-west", Role.HUB_STAFF)]},
    {"email": "staff@east-midlands.demo.example.org", "first_name": "Emi",
     "last_name": "Staff", "memberships": [("east-midlands-demo", Role.HUB_STAFF)]},
    {"email": "staff@national.demo.example.org", "first_name": "Priya",
     "last_name": "Programmes",
     "memberships": [("national", Role.HUB_STAFF), ("national", Role.NATIONAL_STAFF)]},
    {"email": "viewer@national.demo.example.org", "first_name": "Nia",
     "last_name": "Viewer", "memberships": [("national", Role.NATIONAL_VIEWER)]},
]


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def _year_for(slug: str) -> AcademicYear:
    return academic_year_ensure(start_year=int(slug[:4]))


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _load_hubs() -> dict[str, Hub]:
    hubs = {}
    for spec in [NATIONAL_HUB, *demo_content.HUBS]:
        hubs[spec["slug"]] = hub_upsert(
            actor=None, slug=spec["slug"], name=spec["name"],
            area_codes=list(spec.get("area_la_codes", [])),
            lead_school=spec.get("lead_school", ""), contact_email=spec.get("contact_email", ""),
            website=spec.get("website", ""), is_national=spec["slug"] == "national",
        )
    return hubs


def _load_venues(hubs: dict[str, Hub]) -> dict[str, Venue]:
    venues = {}
    for key, spec in demo_content.VENUES.items():
        hub = hubs[spec["hub"]]
        existing = Venue.objects.filter(hub=hub, name=spec["name"]).first()
        data = {"name": spec["name"], "address": spec["address"], "postcode": spec["postcode"]}
        venues[key] = (venue_update(actor=None, venue=existing, data=data) if existing
                       else venue_create(actor=None, hub=hub, **data))
    return venues


def _load_programmes() -> dict[str, Programme]:
    """The national programmes come from their reference data file, as in production (``make
    run`` runs ``load_programmes`` first; loading again here changes nothing, and keeps any
    programme national staff have edited)."""
    programmes_load(document=read_document())
    return {programme.slug: programme for programme in Programme.objects.all()}


def _offering_text(spec: dict[str, Any]) -> dict[str, Any]:
    """This year's text from the hub's own page, and which values the demo invented."""
    text = demo_content.OFFERING_TEXT[(spec["hub"], spec["year"], spec["slug"])]
    data = {name: text.get(name, "") for name in demo_content.TEXT_FIELDS}
    data["learning_outcomes"] = list(text.get("learning_outcomes", []))
    data["links"] = [dict(link) for link in text.get("links", [])]
    data["demo_fields"] = demo_content.demo_fields_of(spec)
    return data


def _load_offering(spec: dict[str, Any], hub: Hub, programme: Programme) -> Offering:
    year = _year_for(spec["year"])
    text = _offering_text(spec)
    fields = {
        "code": spec.get("code", ""),
        "status": OfferingStatus(spec["status"]),
        "applications_open": _as_date(spec.get("applications_open")),
        "applications_close": _as_date(spec.get("applications_close")),
        "how_to_apply": text.pop("how_to_apply"),
        "year_notes": text.pop("year_notes"),
        "contact_email": spec.get("contact_email", ""),
        "decisions_by": _as_date(demo_content.decisions_by_of(spec)),
    }
    existing = Offering.objects.filter(hub=hub, academic_year=year, slug=spec["slug"]).first()
    if existing is None:
        existing = offering_create(actor=None, hub=hub, academic_year=year,
                                   programme=programme, slug=spec["slug"], **fields)
    # The demo sets statuses directly; staff go through the transitions table.
    elif existing.status != fields["status"]:
        Offering.objects.filter(pk=existing.pk).update(status=fields["status"])
        existing.status = fields["status"]
    return offering_update(actor=None, offering=existing, data=fields | text)


def _load_work_group(spec: dict[str, Any], offering: Offering,
                     venues: dict[str, Venue], summary: DemoSummary) -> None:
    data = {
        "delivery_mode": DeliveryMode(spec["delivery_mode"]), "area": spec.get("area", ""),
        "capacity_schools": spec["capacity_schools"],
        "capacity_participants": spec["capacity_participants"],
    }
    work_group = WorkGroup.objects.filter(offering=offering, name=spec["name"]).first()
    if work_group is None:
        work_group = work_group_create(actor=None, offering=offering, name=spec["name"], **data)
    else:
        work_group = work_group_update(actor=None, work_group=work_group, data=data)
    summary.add("work groups")
    for session_spec in spec.get("sessions", []):
        day = date.fromisoformat(session_spec["date"])
        starts_at = datetime.combine(day, time.fromisoformat(session_spec["start"]),
                                     tzinfo=clock.LONDON)
        ends_at = datetime.combine(day, time.fromisoformat(session_spec["end"]),
                                   tzinfo=clock.LONDON)
        venue = venues[session_spec["venue"]] if session_spec.get("venue") else None
        session_data: dict[str, Any] = {
            "kind": SessionKind(session_spec["kind"]), "ends_at": ends_at, "venue": venue,
            "online": bool(session_spec.get("online", False)),
            "equivalent_days": Decimal(str(session_spec.get("equivalent_days", "1"))),
            "required": bool(session_spec.get("required", True)),
            "is_demo": bool(session_spec.get("demo", False)),
        }
        # A demo session is known by its Work Group and start time.
        existing = Session.objects.filter(work_group=work_group, starts_at=starts_at).first()
        if existing is None:
            session_create(actor=None, work_group=work_group, starts_at=starts_at,
                           **session_data)
        else:
            session_update(actor=None, session=existing, data=session_data)
        summary.add("sessions")


def _load_users(hubs: dict[str, Hub]) -> int:
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(
                spec["email"], DEMO_PASSWORD, first_name=spec["first_name"],
                last_name=spec["last_name"], is_staff=spec.get("superuser", False),
                is_superuser=spec.get("superuser", False),
            )
        # Demo addresses are invented, so mark them confirmed: staff sign in with the password
        # without a confirmation code.
        EmailAddress.objects.get_or_create(user=user, email=user.email,
                                           defaults={"verified": True, "primary": True})
        for hub_slug, role in spec["memberships"]:
            HubMembership.objects.get_or_create(user=user, hub=hubs[hub_slug], role=role)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return len(DEMO_USERS)


# Invented applicants at real Cheshire West and Chester schools, so the 2024/25 dashboard,
# applications table, waiting list and a lead's Work Group have something in them.
# (Not Upton-by-Chester High School, 111422: the README's walk-through applies from there.)
DEMO_SCHOOLS = [111396, 138148, 111424, 111429, 111440, 111450, 136184, 136543, 136645]
DEMO_FIRST_NAMES = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo"]


def _demo_sent(offering: Offering, n: int, urn: int, *, team: bool) -> Application:
    """A sent application, ready for the hub, from an invented person."""
    person, _ = User.objects.get_or_create(
        email=f"applicant{n}.{offering.slug}@applicants.demo.example.org",
        defaults={"first_name": DEMO_FIRST_NAMES[n % len(DEMO_FIRST_NAMES)],
                  "last_name": "Demo"})
    # Confirmed, as signing in by code leaves a real applicant's address (so no page has to
    # make the row when they first open it).
    EmailAddress.objects.get_or_create(user=person, email=person.email,
                                       defaults={"verified": True, "primary": True})
    answers: dict[str, Any] = {"first_name": person.first_name, "last_name": person.last_name,
                               "urn": urn, "role": "head_of_department" if team
                               else "classroom_teacher"}
    if team:
        answers["team"] = [{"name": f"{name} Demo", "role": "Teacher",
                            "email": f"{name.lower()}{n}@team.demo.example.org"}
                           for name in ("Robin", "Sam")]
    sent_at = datetime(2024, 9, 10 + n, 16, 0, tzinfo=clock.LONDON)
    application = Application.objects.create(
        offering=offering, applicant=person, status=ApplicationStatus.READY_FOR_REVIEW,
        is_school_team=team, school_urn=urn, answers=answers, submitted_at=sent_at,
        participants=len(answers.get("team", [])) or 1,
        eligibility={"outcome": "eligible", "reasons": []})
    ApplicationStatusChange.objects.create(application=application, from_status="",
                                           to_status=ApplicationStatus.READY_FOR_REVIEW,
                                           at=sent_at, note="Demo application.")
    return application


def _load_allocations(summary: DemoSummary) -> None:
    """Offers, acceptances and a waiting list on two 2024/25 offerings (once)."""
    lead = User.objects.get(email="wglead@cheshire-and-wirral.demo.example.org")
    plans = [("secondary-tfm-development", "Chester Development Work Group", True, 9, 7, 5),
             ("sktm-ect-phase-1", "Chester ECT Phase 1 Work Group", False, 5, 2, 2)]
    for slug, group_name, team, applicants, offered, accepted in plans:
        offering = Offering.objects.get(hub__slug="cheshire-and-wirral", slug=slug,
                                        academic_year__slug="2024-25")
        group = WorkGroup.objects.get(offering=offering, name=group_name)
        group.leads.add(lead)
        if offering.applications.exists():
            continue
        for n in range(applicants):
            application = _demo_sent(offering, n, DEMO_SCHOOLS[n], team=team)
            if n < offered:
                application_offer(actor=None, application=application, work_group=group)
                if n < accepted:
                    offer_accept(applicant=application.applicant, application=application)
            elif team:
                application_waitlist(actor=None, application=application)
            summary.add("applications")


def demo_load() -> DemoSummary:
    """Load or refresh the whole demo in one transaction."""
    summary = DemoSummary()
    with transaction.atomic():
        local_authorities_load()
        hubs = _load_hubs()
        summary.add("hubs", len(hubs))
        venues = _load_venues(hubs)
        summary.add("venues", len(venues))
        programmes = _load_programmes()
        summary.add("programmes", len(programmes))
        for spec in demo_content.OFFERINGS:
            offering = _load_offering(spec, hubs[spec["hub"]], programmes[spec["programme"]])
            summary.add("offerings")
            if not offering.questions.exists():
                for question in demo_content.QUESTIONS.get(
                        (spec["hub"], spec["year"], spec["slug"]), []):
                    offering_question_create(actor=None, offering=offering, data=question)
            for work_group_spec in spec.get("work_groups", []):
                _load_work_group(work_group_spec, offering, venues, summary)
        summary.add("users", _load_users(hubs))
        _load_allocations(summary)
        _load_evaluation_question()
    return summary


def _load_evaluation_question() -> None:
    """The hub's own evaluation question on one 2024/25 offering, asked after the national set
    (each programme's default until national staff write their own)."""
    offering = Offering.objects.get(hub__slug="cheshire-and-wirral", slug="sktm-ect-phase-1",
                                    academic_year__slug="2024-25")
    if not EvaluationQuestion.objects.filter(offering=offering).exists():
        evaluation_question_create(actor=None, offering=offering, data={
            "kind": "text", "text": "Was the venue easy to reach?", "required": False})
