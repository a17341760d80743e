"""The permission matrix: every staff URL × every role, driven by one table (PAGES) of URL name
→ what opens it. Forbidden is always 404, never 403; someone signed out is asked to sign in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.applications.helpers import DONE, started
from tests.factories import sign_in
from workgroups.accounts.capabilities import Capability
from workgroups.accounts.models import HubMembership, Role, TeamInvitation
from workgroups.accounts.services import api_token_create
from workgroups.applications.services import application_offer, application_submit, offer_accept
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import OfferingQuestion
from workgroups.core import clock
from workgroups.core.models import FailedEmail
from workgroups.evaluations.models import EvaluationQuestion
from workgroups.hubs.services import embed_origin_add
from workgroups.messaging.services import message_send

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_membership", "applicant", "other_hub_staff", "work_group_lead",
         "lead_of_this_work_group", "national_viewer", "national_staff", "hub_staff", "hub_lead",
         "superuser"]
ALLOWED = {"hub_staff", "hub_lead", "superuser"}
# Programmes are shared by every hub: anyone who manages a catalogue reads their rules; only
# national staff (and superusers) change them.
PROGRAMME_READERS = {"other_hub_staff", "national_staff", "hub_staff", "hub_lead", "superuser"}
PROGRAMME_EDITORS = {"national_staff", "superuser"}

C = Capability
# Who holds each capability at the matrix's hub ("target"), and who holds each nationally.
WHO_AT_HUB: dict[Capability, set[str]] = {
    C.OFFERINGS_MANAGE: ALLOWED, C.APPLICATIONS_DECIDE: ALLOWED, C.REGISTERS_TAKE: ALLOWED,
    C.OUTCOMES_RECORD: ALLOWED, C.REPORTS_VIEW: ALLOWED, C.AUDIT_VIEW: ALLOWED,
    C.TEAM_MANAGE: {"hub_lead", "superuser"},
    C.PERSONAL_DATA_REQUESTS: {"hub_lead", "superuser"},
}
WHO_NATIONALLY: dict[Capability, set[str]] = {
    C.REPORTS_VIEW: {"national_viewer", "national_staff", "superuser"},
    C.AUDIT_VIEW: PROGRAMME_EDITORS, C.PROGRAMMES_MANAGE: PROGRAMME_EDITORS,
    C.HUBS_MANAGE: PROGRAMME_EDITORS,
}


@dataclass(frozen=True)
class Page:
    """What opens a page: a capability at the page's hub (``hub_gate``) or held nationally
    (``national_gate``), or one of the other kinds below; how to build its address (``@name``
    values come from the world's ids); whether GET shows it; and what a POST sends."""

    access: Capability | str
    kwargs: dict[str, str] = field(default_factory=dict)
    national: bool = False
    get: bool = True
    post: dict[str, Any] | None = None
    # False: the allowed side is checked elsewhere (the page needs objects the matrix lacks).
    check_allowed: bool = True


SIGNED_IN = "any signed-in person (shows only their own)"
LEAD = "the Work Group's own lead"
PROGRAMME_READING = "anyone who manages a catalogue, and national staff"
PUBLIC = "anyone"

H = {"hub": "target"}
# THE table: every page under /staff/, /lead/ and /national/, by URL name. A page missing here
# fails test_every_staff_page_is_in_the_table.
PAGES: dict[str, Page] = {
    "staff:home": Page(SIGNED_IN),
    "staff:hub": Page(C.OFFERINGS_MANAGE, H),
    "staff:offering-create": Page(C.OFFERINGS_MANAGE, H),
    "staff:offering": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@offering"}),
    "staff:offering-edit": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@offering"},
                                post={"slug": "renamed", "status": "recruiting"}),
    "staff:question-create": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@offering"}),
    "staff:question-edit": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@question"}),
    "staff:question-delete": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@question"}, post={}),
    "staff:work-group-create": Page(C.OFFERINGS_MANAGE, {**H, "offering": "@offering"}),
    "staff:work-group": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@work_group"},
                             post={"email": "nobody@example.org"}),
    "staff:work-group-edit": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@work_group"}),
    "staff:dates-confirm": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@work_group"}, get=False,
                                post={}),
    "staff:work-group-lead-remove": Page(C.OFFERINGS_MANAGE,
                                         {**H, "pk": "@work_group", "lead": "@lead"},
                                         get=False, post={}),
    "staff:session-create": Page(C.OFFERINGS_MANAGE, {**H, "work_group": "@work_group"}),
    "staff:session-edit": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@session"}),
    "staff:session-delete": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@session"}, post={}),
    "staff:session-cancel": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@session"},
                                 post={"reason": "Snow"}),
    "staff:register": Page(C.REGISTERS_TAKE, {**H, "pk": "@session"},
                           post={"mark-@enrolment": "present"}),
    "staff:register-upload": Page(C.REGISTERS_TAKE, {**H, "pk": "@session"}, post={}),
    "staff:venues": Page(C.OFFERINGS_MANAGE, H),
    "staff:venue-create": Page(C.OFFERINGS_MANAGE, H),
    "staff:venue-edit": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@venue"},
                             post={"name": "Renamed", "address": "x", "postcode": "CH1 1AA"}),
    "staff:history": Page(C.AUDIT_VIEW, {**H, "kind": "offering", "pk": "@offering"}),
    "staff:offering-applications": Page(C.APPLICATIONS_DECIDE, {**H, "pk": "@offering"},
                                        post={"applications": "@application",
                                              "action": "waitlist"}),
    "staff:application": Page(C.APPLICATIONS_DECIDE, {**H, "pk": "@application"}),
    "staff:application-decide": Page(C.APPLICATIONS_DECIDE,
                                     {**H, "pk": "@application", "action": "override"},
                                     get=False,
                                     post={"outcome": "eligible", "reason": "By phone"}),
    "staff:dashboard": Page(C.REPORTS_VIEW, {**H, "year": "2024-25"}),
    "staff:api-tokens": Page(C.APPLICATIONS_DECIDE, H, post={"name": "Sneaky"}),
    "staff:api-token-revoke": Page(C.APPLICATIONS_DECIDE, {**H, "pk": "@api_token"}, get=False,
                                   post={}),
    "staff:website": Page(C.OFFERINGS_MANAGE, H, post={"origin": "https://sneaky.example.org"}),
    "staff:embed-origin-remove": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@embed_origin"},
                                      get=False, post={}),
    "staff:team": Page(C.TEAM_MANAGE, H),
    "staff:team-invite": Page(C.TEAM_MANAGE, H,
                              post={"email": "sneaky@example.org", "role": "hub_lead"}),
    "staff:team-member-change": Page(C.TEAM_MANAGE, {**H, "pk": "@membership"},
                                     post={"role": "hub_lead"}),
    "staff:team-member-remove": Page(C.TEAM_MANAGE, {**H, "pk": "@membership"}, post={}),
    "staff:team-invitation-cancel": Page(C.TEAM_MANAGE, {**H, "pk": "@team_invitation"},
                                         get=False, post={}),
    "staff:outcomes": Page(C.OUTCOMES_RECORD, {**H, "pk": "@work_group"}, post={}),
    "staff:participant-withdraw": Page(C.OUTCOMES_RECORD, {**H, "pk": "@enrolment"},
                                       post={"reason": "Left"}),
    "staff:school-journey": Page(C.REPORTS_VIEW, {**H, "urn": "123456"}),
    "staff:person-journey": Page(C.REPORTS_VIEW, H, post={"email": "x@example.org"}),
    "staff:rollover": Page(C.OUTCOMES_RECORD, {**H, "year": "2024-25"}, post={}),
    "staff:invitations": Page(C.OUTCOMES_RECORD, {**H, "year": "2024-25"}, post={}),
    "staff:failed-emails": Page(C.APPLICATIONS_DECIDE, H),
    # Looked up by POST (the address never in the page address); finding writes nothing.
    "staff:personal-data": Page(C.PERSONAL_DATA_REQUESTS, H,
                                post={"email": "x@example.org", "reason": "Asked by email",
                                      "action": "find"}),
    "staff:failed-email-send-again": Page(C.APPLICATIONS_DECIDE,
                                          {**H, "pk": "@failed_email"}, get=False, post={}),
    "staff:hub-create": Page(C.HUBS_MANAGE, national=True,
                             post={"name": "Sneaky Hub", "slug": "sneaky", "areas": "896"}),
    # National programmes (see also the programme test below).
    "staff:programmes": Page(PROGRAMME_READING),
    "staff:programme-rules": Page(PROGRAMME_READING, {"slug": "@programme"}),
    "staff:programme-create": Page(C.PROGRAMMES_MANAGE, national=True),
    "staff:programme-edit": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme"}, national=True),
    "staff:programme-rule-choose": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme"},
                                        national=True),
    "staff:programme-rule-add": Page(C.PROGRAMMES_MANAGE,
                                     {"slug": "@programme", "rule": "teaches_maths"},
                                     national=True, check_allowed=False),
    "staff:programme-rule-change": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme",
                                                              "number": "0"},
                                        national=True, check_allowed=False),
    "staff:programme-rule-remove": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme",
                                                              "number": "0"},
                                        national=True, get=False, post={},
                                        check_allowed=False),
    "staff:programme-completion": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme"},
                                       national=True),
    "staff:programme-routes": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme"}, national=True),
    "staff:programme-route-remove": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme",
                                                               "pk": "999999"},
                                         national=True, get=False, post={},
                                         check_allowed=False),
    "staff:programme-history": Page(C.AUDIT_VIEW, {"slug": "@programme"}, national=True),
    # A Work Group lead's own pages (see test_a_work_group_s_lead_pages_are_its_leads_alone).
    "lead:home": Page(SIGNED_IN),
    "lead:work-group": Page(LEAD, {"pk": "@work_group"}),
    "lead:visit-add": Page(LEAD, {"pk": "@work_group"}, get=False),
    "lead:register": Page(LEAD, {"pk": "@session"}),
    "reports:national": Page(C.REPORTS_VIEW, national=True),
    # Exports (issue 15): a download is a POST (it writes an audit event); GET is refused.
    **{name: Page(C.REPORTS_VIEW, kwargs, get=False, post={"format": "csv"}) for name, kwargs in [
        ("staff:applications-export", {**H, "pk": "@offering"}),
        ("staff:offering-participants-export", {**H, "pk": "@offering"}),
        ("staff:work-group-participants-export", {**H, "pk": "@work_group"}),
        ("staff:work-group-register-export", {**H, "pk": "@work_group"}),
        ("staff:outcomes-export", {**H, "pk": "@work_group"}),
        ("staff:registers-export", {**H, "year": "2024-25"}),
        ("staff:enrolments-export", {**H, "year": "2024-25"}),
        ("staff:reach-export", H),
        ("staff:not-reached-export", H),
    ]},
    # The matrix's Work Group has no answers, so these downloads are a 404 for everyone:
    # tests/evaluations checks the allowed side.
    **{name: Page(C.REPORTS_VIEW, kwargs, national=national, get=False, post={"format": "csv"},
                  check_allowed=False) for name, kwargs, national in [
        ("staff:evaluation-work-group-export", {**H, "pk": "@work_group"}, False),
        ("staff:evaluation-offering-export", {**H, "pk": "@offering"}, False),
        ("staff:evaluation-hub-year-export", {**H, "year": "2024-25"}, False),
        ("staff:evaluation-national-programme-export",
         {"year": "2024-25", "programme": "@programme"}, True),
    ]},
    # Reach (issue 15).
    "staff:reach": Page(C.REPORTS_VIEW, H),
    # A note on a school outside the area is a 404 for everyone: the POST is tested in
    # tests/reports.
    "staff:not-reached": Page(C.REPORTS_VIEW, H),
    "reports:national-hubs": Page(C.REPORTS_VIEW, national=True),
    "reports:national-hub-reach": Page(C.REPORTS_VIEW, H, national=True),
    "reports:national-programme": Page(C.REPORTS_VIEW, {"programme": "@programme"},
                                       national=True),
    # Evaluation (issue 15): the national questions, a hub's own, and the results.
    "staff:evaluation-programme-questions": Page(C.PROGRAMMES_MANAGE, {"slug": "@programme"},
                                                 national=True),
    "staff:evaluation-programme-question-add": Page(
        C.PROGRAMMES_MANAGE, {"slug": "@programme"}, national=True,
        post={"text": "Sneaky?", "kind": "text", "required": "yes"}),
    "staff:evaluation-programme-question-edit": Page(
        C.PROGRAMMES_MANAGE, {"slug": "@programme", "pk": "@programme_question"}, national=True,
        post={"text": "Sneaky?", "kind": "text", "required": "yes"}),
    "staff:evaluation-programme-question-move": Page(
        C.PROGRAMMES_MANAGE, {"slug": "@programme", "pk": "@programme_question"}, national=True,
        get=False, post={"direction": "up"}),
    "staff:evaluation-programme-question-remove": Page(
        C.PROGRAMMES_MANAGE, {"slug": "@programme", "pk": "@programme_question"}, national=True,
        post={}),
    "staff:evaluation-offering-questions": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@offering"}),
    "staff:evaluation-offering-question-add": Page(
        C.OFFERINGS_MANAGE, {**H, "pk": "@offering"},
        post={"text": "Sneaky?", "kind": "text", "required": "yes"}),
    "staff:evaluation-offering-question-edit": Page(
        C.OFFERINGS_MANAGE, {**H, "pk": "@offering_question"},
        post={"text": "Sneaky?", "kind": "text", "required": "yes"}),
    "staff:evaluation-offering-question-move": Page(
        C.OFFERINGS_MANAGE, {**H, "pk": "@offering_question"}, get=False,
        post={"direction": "up"}),
    "staff:evaluation-offering-question-remove": Page(
        C.OFFERINGS_MANAGE, {**H, "pk": "@offering_question"}, post={}),
    "staff:evaluation-work-group": Page(C.REPORTS_VIEW, {**H, "pk": "@work_group"}),
    "staff:evaluation-offering": Page(C.REPORTS_VIEW, {**H, "pk": "@offering"}),
    "staff:evaluation-hub-year": Page(C.REPORTS_VIEW, {**H, "year": "2024-25"}),
    "staff:evaluation-national": Page(C.REPORTS_VIEW, {"year": "2024-25"}, national=True),
    "staff:evaluation-national-programme": Page(
        C.REPORTS_VIEW, {"year": "2024-25", "programme": "@programme"}, national=True),
    # Messages (issue 15): staff write to a Work Group's participants or an offering's
    # applicants; the Work Group's own lead writes to its participants from the lead pages.
    "staff:work-group-message-new": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@work_group"},
                                         post={"subject": "Sneaky", "body": "Hello",
                                               "step": "send"}),
    "staff:offering-message-new": Page(C.APPLICATIONS_DECIDE, {**H, "pk": "@offering"},
                                       post={"subject": "Sneaky", "body": "Hello",
                                             "status": "all", "step": "send"}),
    "staff:message": Page(C.OFFERINGS_MANAGE, {**H, "pk": "@message"}),
    "lead:work-group-message-new": Page(LEAD, {"pk": "@work_group"}),
    "lead:message": Page(LEAD, {"pk": "@message"}),
}
# The order the POST check sends them in (a removal last, so earlier posts find their objects).
POST_ORDER = [
    "staff:register", "staff:register-upload", "staff:outcomes", "staff:dates-confirm",
    "staff:participant-withdraw", "staff:rollover", "staff:invitations", "staff:session-cancel",
    "staff:venue-edit", "staff:session-delete", "staff:question-delete", "staff:api-tokens",
    "staff:offering-edit", "staff:application-decide", "staff:offering-applications",
    "staff:work-group", "staff:work-group-lead-remove", "staff:failed-email-send-again",
    "staff:team-invite", "staff:team-member-change", "staff:team-invitation-cancel",
    "staff:website", "staff:embed-origin-remove",
    "staff:api-token-revoke", "staff:team-member-remove", "staff:hub-create",
    "staff:programme-rule-remove", "staff:programme-route-remove", "staff:person-journey",
    "staff:personal-data",
    *(name for name, page in PAGES.items() if name.endswith("-export")),
    "staff:evaluation-programme-question-add", "staff:evaluation-programme-question-edit",
    "staff:evaluation-programme-question-move", "staff:evaluation-offering-question-add",
    "staff:evaluation-offering-question-edit", "staff:evaluation-offering-question-move",
    "staff:work-group-message-new", "staff:offering-message-new",
    "staff:evaluation-programme-question-remove", "staff:evaluation-offering-question-remove",
]


def who_may(page: Page) -> set[str]:
    assert isinstance(page.access, Capability)
    return (WHO_NATIONALLY if page.national else WHO_AT_HUB)[page.access]


def _value(value: str, ids: dict[str, Any]) -> Any:
    return ids[value[1:]] if value.startswith("@") else value


def page_url(name: str, ids: dict[str, Any]) -> str:
    kwargs = {key: _value(value, ids) for key, value in PAGES[name].kwargs.items()}
    return reverse(name, kwargs=kwargs)


def page_post(name: str, ids: dict[str, Any]) -> dict[str, Any]:
    data = PAGES[name].post or {}
    return {key.replace("@enrolment", str(ids["enrolment"])): _value(str(value), ids)
            for key, value in data.items()}


def staff_patterns() -> Iterator[tuple[str, URLPattern]]:
    """Every named page under /staff/, /lead/ and /national/."""
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[
            tuple[str, str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                name = ":".join(filter(None, [namespace, pattern.name or ""]))
                yield name, prefix + str(pattern.pattern), pattern

    for name, route, pattern in walk(get_resolver().url_patterns, "", ""):
        if route.startswith(("staff/", "lead/", "national/")):
            yield name, pattern


def test_every_staff_page_is_in_the_table_and_gated_as_it_says():
    """A new staff page without an entry in PAGES fails here; so does an entry whose view's
    gate checks another capability than the table says."""
    found = dict(staff_patterns())
    assert sorted(set(found) - set(PAGES)) == [], "staff pages missing from PAGES"
    assert sorted(set(PAGES) - set(found)) == [], "PAGES entries with no page"
    for name, pattern in found.items():
        page = PAGES[name]
        gated = getattr(pattern.callback, "capability", None)
        if isinstance(page.access, Capability):
            assert gated == page.access, (name, gated, page.access)
        else:
            assert gated is None, (name, gated)
    assert sorted(n for n, p in PAGES.items() if p.post is not None or not p.get
                  if n.startswith("staff:")) == sorted(POST_ORDER)


GATED_GET = [name for name, page in PAGES.items()
             if isinstance(page.access, Capability) and page.get]


# The day after the matrix's session: applications are open, its register can be taken and
# its Work Group's outcomes recorded (nothing is refused for being too early or too late).
MATRIX_NOW = datetime(2024, 11, 6, 9, 0, tzinfo=clock.LONDON)


@pytest.fixture
def world(settings):
    return build_world(settings)


def build_world(settings: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """A hub with one of every object its pages need, and one person per role."""
    settings.WORKGROUPS_PINNED_NOW = MATRIX_NOW
    hub = factories.hub(slug="target")
    other = factories.hub(slug="other")
    national = factories.hub(slug="national", is_national=True)
    offering = factories.offering(hub=hub)
    place = factories.venue(hub)
    work_group = factories.work_group(offering)
    session = factories.session(work_group, venue=place)
    people = {
        "anonymous": None,
        "no_membership": factories.user(),
        "other_hub_staff": factories.member(other, Role.HUB_STAFF),
        "work_group_lead": factories.member(hub, Role.WORK_GROUP_LEAD),
        "national_viewer": factories.member(national, Role.NATIONAL_VIEWER),
        "national_staff": factories.member(national, Role.NATIONAL_STAFF),
        "hub_staff": factories.member(hub, Role.HUB_STAFF),
        "hub_lead": factories.member(hub, Role.HUB_LEAD),
        "superuser": factories.user(is_superuser=True, is_staff=True),
    }
    applicant, draft = started(offering, DONE)
    application = application_submit(applicant=applicant, application=draft)
    people["applicant"] = applicant
    lead = people["lead_of_this_work_group"] = factories.member(hub, Role.WORK_GROUP_LEAD)
    work_group.leads.add(lead)
    question = OfferingQuestion.objects.create(offering=offering, kind="text", text="Why?",
                                               position=1)
    factories.school(123456, "Matrix High School")
    placed = factories.ready_application(offering, school_urn=123456)
    application_offer(actor=None, application=placed, work_group=work_group)
    offer_accept(applicant=placed.applicant, application=placed)
    enrolment = placed.enrolments.get()
    failed_email = FailedEmail.objects.create(
        hub=hub, task_path="workgroups.applications.tasks.send_application_email",
        arguments={"args": [placed.pk, "accepted"], "kwargs": {}}, recipient="x@example.org",
        subject="Your place is confirmed", reason="We could not reach the mail server.",
        attempts=4, failed_at=clock.now())
    ids = {"programme": offering.programme.slug, "offering": offering.pk,
           "offering_slug": offering.slug,
           "application": application.pk, "question": question.pk, "applicant": applicant,
           "work_group": work_group.pk, "session": session.pk, "venue": place.pk,
           "lead": lead.pk, "enrolment": enrolment.pk, "participant": placed.applicant,
           "failed_email": failed_email.pk}
    colleague = factories.member(hub, Role.HUB_STAFF, email="colleague@example.org")
    token, _raw = api_token_create(actor=None, hub=hub, user=colleague, name="Sheet")
    invitation = TeamInvitation.objects.create(
        hub=hub, email="invited@example.org", role=Role.HUB_STAFF, digest="0" * 64,
        expires_at=clock.now() + timedelta(days=14))
    factories.local_authority(896, "Cheshire West and Chester")
    message = message_send(actor=None, hub=hub, work_group=work_group, subject="Venue change",
                           body="We meet in the hall.")
    offering_question = EvaluationQuestion.objects.create(
        offering=offering, kind="text", text="Was the venue easy to reach?", position=1)
    programme_question = EvaluationQuestion.objects.create(
        programme=offering.programme, kind="text", text="What will you change?", position=1)
    embed_origin = embed_origin_add(actor=None, hub=hub, address="https://www.target.example")
    ids.update(membership=HubMembership.objects.get(user=colleague).pk, api_token=token.pk,
               team_invitation=invitation.pk, message=message.pk,
               offering_question=offering_question.pk, programme_question=programme_question.pk,
               embed_origin=embed_origin.pk)
    return hub, people, ids


@pytest.mark.parametrize("role", ROLES)
def test_every_gated_page_opens_for_those_with_its_capability_and_is_404_for_others(
        client, world, role):
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    for name in GATED_GET:
        page, url = PAGES[name], page_url(name, ids)
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, (name, url)
            assert response["Location"].startswith("/accounts/login/?"), (name, url)
        elif role in who_may(page):
            if page.check_allowed:
                assert response.status_code == 200, (role, name, url, response.status_code)
        else:
            assert response.status_code == 404, (role, name, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_forbidden_posts_change_nothing(client, world, role):
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    for name in POST_ORDER:
        page = PAGES[name]
        before = AuditEvent.objects.count()
        status = client.post(page_url(name, ids), page_post(name, ids)).status_code
        if role in who_may(page):
            if page.check_allowed:
                assert status in {200, 302, 409, 422}, (role, name, status)
            continue
        assert status == (302 if role == "anonymous" else 404), (role, name, status)
        assert AuditEvent.objects.count() == before, (role, name)


def test_a_hub_lead_manages_the_team_and_hub_staff_do_not(client, world):
    """The one difference between the two hub roles."""
    _, people, ids = world
    for role, expected in (("hub_staff", 404), ("hub_lead", 200)):
        sign_in(client, people[role])
        for name in ["staff:team", "staff:team-invite", "staff:team-member-change"]:
            assert client.get(page_url(name, ids)).status_code == expected, (role, name)


def applicant_urls(ids):
    base = f"/applications/{ids['application']}"
    return [f"{base}/", f"{base}/sent/", f"{base}/withdraw/", f"{base}/offer/"]


@pytest.mark.parametrize("role", ROLES)
def test_an_application_is_its_applicant_s_alone(client, world, role):
    """Staff see applications through the staff pages; the applicant's own pages are theirs
    alone, whoever else asks (a superuser included)."""
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    for url in applicant_urls(ids):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/code/" in response["Location"]
        elif role == "applicant":
            # The offer page sends them to the application until there is an offer.
            assert response.status_code == (302 if url.endswith("/offer/") else 200), url
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_a_work_group_s_lead_pages_are_its_leads_alone(client, world, role):
    """Leads see their own Work Group (participants, schools, contacts); nobody else does
    there, hub staff included (they have the staff page)."""
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    home = client.get("/lead/")
    pages = [client.get(f"/lead/work-groups/{ids['work_group']}/"),
             client.get(f"/lead/sessions/{ids['session']}/register/"),
             client.get(f"/lead/work-groups/{ids['work_group']}/messages/new/"),
             client.get(f"/lead/messages/{ids['message']}/")]
    before = AuditEvent.objects.count()
    mark = client.post(f"/lead/sessions/{ids['session']}/register/",
                       {f"mark-{ids['enrolment']}": "absent"})
    if role == "anonymous":
        assert home.status_code == 302 and all(p.status_code == 302 for p in pages)
        assert home["Location"].startswith("/accounts/login/?") and mark.status_code == 302
    else:
        assert home.status_code == 200
        allowed = role == "lead_of_this_work_group"
        assert [p.status_code for p in pages] == [200 if allowed else 404] * 4, role
        assert mark.status_code == (302 if allowed else 404)
    if role != "lead_of_this_work_group":
        assert AuditEvent.objects.count() == before
    register = client.get(f"/api/v1/work-groups/{ids['work_group']}/sessions/"
                          f"{ids['session']}/register")
    expected = {"anonymous": 401, "lead_of_this_work_group": 200, "hub_staff": 200,
                "hub_lead": 200, "superuser": 200}.get(role, 404)
    assert register.status_code == expected, role


@pytest.mark.parametrize("role", ROLES)
def test_a_certificate_is_its_participant_s_alone(client, world, role):
    from workgroups.delivery.models import Enrolment

    _, people, ids = world
    Enrolment.objects.filter(pk=ids["enrolment"]).update(outcome="completed")
    if people[role] is not None:
        sign_in(client, people[role])
    response = client.get(f"/certificates/{ids['enrolment']}.pdf")
    assert response.status_code == (302 if role == "anonymous" else 404), role
    sign_in(client, ids["participant"])
    assert client.get(f"/certificates/{ids['enrolment']}.pdf").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_the_api_decisions_need_a_hub_token_and_acceptance_the_applicant(client, world, role):
    """Sessions never open the hub's decision endpoints (they need the hub's API token); the
    applicant's own session may accept (here 409: nothing is offered yet)."""
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    base = f"/api/v1/applications/{ids['application']}"
    for path, data in ((f"{base}/offer", {"work_group": ids["work_group"]}),
                       (f"{base}/waitlist", {}), (f"{base}/decline", {"reason": "x"})):
        response = client.post(path, data, content_type="application/json")
        assert response.status_code == 401, (role, path)
    work_groups = client.get("/api/v1/hubs/target/offerings/2024-25/"
                             f"{ids['offering_slug']}/work-groups")
    assert work_groups.status_code == 401
    accept = client.post(f"{base}/accept", content_type="application/json")
    expected = {"anonymous": 401, "applicant": 409}.get(role, 404)
    assert accept.status_code == expected, role


def programme_urls(ids):
    return ["/staff/programmes/", f"/staff/programmes/{ids['programme']}/eligibility/"]


@pytest.mark.parametrize("role", ROLES)
def test_programme_pages_are_for_catalogue_managers_and_edits_for_national_staff(client, world,
                                                                                 role):
    _, people, ids = world
    if people[role] is not None:
        sign_in(client, people[role])
    for url in programme_urls(ids):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?")
        else:
            assert response.status_code == (200 if role in PROGRAMME_READERS else 404), (role,
                                                                                          url)
    before = AuditEvent.objects.count()
    # Issue 13: a rule is added on its kind's form, not typed as JSON.
    response = client.post(programme_urls(ids)[1] + "add/teaches_maths/", {"hard": "yes"})
    completion = client.post(f"/staff/programmes/{ids['programme']}/completion/",
                             {"rule": "min_days", "threshold": "2"})
    if role in PROGRAMME_EDITORS:
        assert response.status_code == 302 and completion.status_code == 302
        assert AuditEvent.objects.count() == before + 2
    else:
        expected = {302} if role == "anonymous" else {404}
        assert response.status_code in expected and completion.status_code in expected, role
        assert AuditEvent.objects.count() == before


def test_staff_home_asks_anonymous_people_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?")


def test_staff_home_lists_only_the_hubs_a_user_manages(client, world):
    _, people, _ = world
    sign_in(client, people["other_hub_staff"])
    page = client.get("/staff/").text
    assert "/staff/hubs/other/" in page and "/staff/hubs/target/" not in page
    sign_in(client, people["superuser"])
    page = client.get("/staff/").text
    assert "/staff/hubs/other/" in page and "/staff/hubs/target/" in page


def test_objects_of_another_hub_are_404_even_under_your_own_hub(client, world):
    hub, people, _ = world
    foreign = factories.offering(hub=factories.hub(slug="foreign"))
    foreign_session = factories.session(factories.work_group(foreign), day=date(2024, 12, 1))
    sign_in(client, people["hub_staff"])
    assert client.get(f"/staff/hubs/target/offerings/{foreign.pk}/").status_code == 404
    assert client.get(f"/staff/hubs/target/sessions/{foreign_session.pk}/edit/").status_code == 404
    assert client.get(f"/staff/hubs/target/history/offering/{foreign.pk}/").status_code == 404


NATIONAL = {"national_viewer", "national_staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_the_national_overview_is_for_the_national_roles(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        sign_in(client, people[role])
    response = client.get("/national/")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?")
    else:
        assert response.status_code == (200 if role in NATIONAL else 404), role
    assert client.post("/national/").status_code == (302 if role == "anonymous" else 405)


@pytest.mark.parametrize("role", ROLES)
def test_the_sign_in_pages_answer_everyone(client, world, role):
    """Signed-in people are sent on from the sign-in pages; starting again and the old sign-up
    address only ever redirect."""
    _, people, _ = world
    if people[role] is not None:
        sign_in(client, people[role])
    code_page = client.get("/accounts/login/code/")
    assert code_page.status_code == (200 if role == "anonymous" else 302), role
    assert client.get("/accounts/login/code/confirm/").status_code == 302
    assert client.post("/accounts/login/restart/").status_code == 302
    assert client.get("/accounts/login/restart/").status_code == 405
    assert client.get("/accounts/signup/").status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_school_search_and_find_your_hub_are_public(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        sign_in(client, people[role])
    for url in ["/schools/?q=matrix", "/schools/your-hub/", "/schools/your-hub/?q=matrix",
                "/schools/your-hub/?urn=123456"]:
        status = client.get(url).status_code
        assert status == 200, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_an_address_the_api_does_not_have_is_a_json_404_for_everyone(client, world, role):
    _, people, _ = world
    if people[role] is not None:
        sign_in(client, people[role])
    for url in ["/api/v1/nothing-here", "/api/v1/hubs/target/offerings/2024-25/x/y/z"]:
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert response["Content-Type"].startswith("application/json"), (role, url)
