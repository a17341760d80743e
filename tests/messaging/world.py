"""A Work Group and an offering's applicants with known statuses, schools and supporters, for
the messaging tests."""

from __future__ import annotations

from typing import Any

from tests import factories
from workgroups.applications.models import (
    Application,
    Endorsement,
    EndorsementKind,
    EndorsementStatus,
)
from workgroups.core import clock
from workgroups.delivery.models import Enrolment, EnrolmentOutcome, WorkGroup


def _application(offering: Any, status: str, email: str, first: str, *,
                 school_urn: int | None = None, group: WorkGroup | None = None,
                 supporters: dict[str, dict[str, str]] | None = None) -> Application:
    person = factories.user(email, first_name=first, last_name="Smith")
    start = status if status in {"waitlisted", "ready_for_review", "draft",
                                 "awaiting_support"} else "ready_for_review"
    application = factories.ready_application(offering, school_urn=school_urn,
                                              applicant=person, status=start)
    if supporters:
        application.answers = {**application.answers, "supporters": supporters}
        application.save(update_fields=["answers"])
    if status in {"offered", "accepted"}:
        Application.objects.filter(pk=application.pk).update(status=status, work_group=group,
                                                             offered_at=clock.now())
    elif status != start:
        Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def _enrol(application: Application, group: WorkGroup, *,
           outcome: str = EnrolmentOutcome.ENROLLED) -> Enrolment:
    applicant = application.applicant
    return Enrolment.objects.create(work_group=group, application=application, user=applicant,
                                    name=applicant.get_full_name(), email=applicant.email,
                                    school_urn=application.school_urn, outcome=outcome)


def _support(application: Application, role: str, name: str, email: str,
             status: str = EndorsementStatus.GIVEN) -> Endorsement:
    return Endorsement.objects.create(
        application=application, kind=EndorsementKind.SUPPORT, role=role, name=name,
        email=email, status=status,
        responded_at=None if status == EndorsementStatus.REQUESTED else clock.now(),
        link_nonce="n" * 32, link_sent_at=clock.now())


def build() -> dict[str, Any]:
    """Hub "cw": offering SKTM with Work Group Chester holding Ann and Bob (Oak Academy) and Cat
    (withdrawn); Oak's headteacher supports Ann and (address in capitals) Bob; Ann's head of
    maths declined; Bob named Ann as his trust lead; Ann's answers name a trust lead with no
    endorsement yet. Applicants: Wes and Wyn waiting, Otto offered, Dee a draft, Will
    withdrawn."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub",
                        contact_email="hello@cwmathshub.example.org")
    offering = factories.offering(hub=hub, programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    other_group = factories.work_group(offering, name="Crewe")
    factories.school(111111, "Oak Academy")
    ann = _application(offering, "accepted", "ann@oak.example.org", "Ann", school_urn=111111,
                       group=group, supporters={"trust_lead": {
                           "name": "Tess Trust", "email": "tess@trust.example.org"}})
    bob = _application(offering, "accepted", "bob@oak.example.org", "Bob", school_urn=111111,
                       group=group)
    cat = _application(offering, "withdrawn", "cat@elm.example.org", "Cat", group=group)
    _support(ann, "headteacher", "Hal Head", "head@oak.example.org")
    _support(ann, "head_of_maths", "Meg Maths", "meg@oak.example.org",
             EndorsementStatus.DECLINED)
    _support(bob, "headteacher", "Hal Head", "HEAD@oak.example.org")
    _support(bob, "trust_lead", "Ann Smith", "Ann@Oak.example.org")
    enrolments = {"ann": _enrol(ann, group), "bob": _enrol(bob, group),
                  "cat": _enrol(cat, group, outcome=EnrolmentOutcome.WITHDRAWN)}
    applicants = {
        "wes": _application(offering, "waitlisted", "wes@example.org", "Wes"),
        "wyn": _application(offering, "waitlisted", "wyn@example.org", "Wyn"),
        "otto": _application(offering, "offered", "otto@example.org", "Otto",
                             group=other_group),
        "dee": _application(offering, "draft", "dee@example.org", "Dee"),
        "will": _application(offering, "withdrawn", "will@example.org", "Will"),
    }
    return {"hub": hub, "offering": offering, "group": group, "other_group": other_group,
            "enrolments": enrolments, "applicants": applicants}

