"""No input from anyone gives a server error (issue 12, item 1), tested as a rule.

For each role the test visits every page it can reach — each URL pattern filled in with the
world's objects, plus the links those pages show — reads every form on them (fields, choices,
file inputs) and every query-string parameter a view reads, then lets hypothesis send hostile
text (Unicode digits, NUL, 10**40, 100 kB, CR/LF, RTL marks, deep JSON, ...) into one field or
many at a time. Any 5xx fails. Every request runs in a savepoint that is rolled back, so each
example meets the same world (and a PostgreSQL error cannot poison the ones after it).

The API (`/api/v1/`) has its own fuzzers (hypothesis and schemathesis) in tests/api/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.applications.helpers import DONE, started
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.models import Application
from workgroups.applications.services import application_offer, application_submit, offer_accept
from workgroups.catalogue.models import OfferingQuestion
from workgroups.delivery.models import Enrolment
from workgroups.evaluations.models import EvaluationQuestion
from workgroups.messaging.services import message_send

pytestmark = pytest.mark.django_db

# Text people could type or send that has broken pages before: digits `int()` refuses, numbers no
# 64-bit column holds, NUL (PostgreSQL refuses it in text), huge text, line ends, direction marks,
# nesting deep enough to exhaust Python's recursion limit, dates in the hour the clocks skip.
HOSTILE = [
    "²", "١٢٣", "１２３４５６", "12²", str(10**40), "-" + str(10**40), "-1", "0", "1.5", "1e309",
    "NaN", "\x00", "a\x00b", "", " ", "x" * 100_000, "1\r\n2", "\r", "a\rb\rc", "\n\n",
    "\u202eevil\u202c", "\u200f١\u200f", "[" * 9990 + "]" * 9990, '{"a":' * 3000 + "1" + "}" * 3000,
    "2025-03-30", "01:30", "30/03/2025", "true", "null", "<script>x</script>", "%00",
    "999999999999999999999", "9223372036854775808", "123456", "\ud7ff\ufffd",
]
HOSTILE_IDS = ["²", "١٢", str(10**40), "-1", "0", "9223372036854775808", "1\x00"]
# Hostile uploads: Excel for Mac's CR-only line ends, a cell over csv.field_size_limit, NUL
# bytes, text that is not UTF-8, nothing at all.
HOSTILE_FILES = [
    b"email,status\rperson@example.org,present\r",
    b"email,status\n" + b"x" * 200_000 + b",present\n",
    b"email,status\n\x00,\x00\n",
    b"\xff\xfe\x00e\x00m",
    b"",
    b'"unterminated\n',
]
EXAMPLES_PER_FORM = 5
EXAMPLES_PER_QUERY = 2
MAX_PAGES_PER_ROLE = 120
ROLES = ["anonymous", "applicant", "hub_staff", "work_group_lead", "national_viewer",
         "national_staff"]
HTMX = "(sent by htmx)"  # not a field: whether the example is sent as htmx sends it
SKIPPED_PREFIXES = ("/django-admin/", "/api/", "/accounts/logout/", "/static/")
SOURCE = Path(__file__).resolve().parents[2] / "workgroups"


def query_names_read_by_views() -> set[str]:
    """Every query-string name any view reads, found in the source (not a hand-picked list)."""
    pattern = re.compile(r"request\.GET\.(?:get|getlist)\(\s*[\"'](\w+)[\"']")
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "/api/" not in str(path):
            names.update(pattern.findall(path.read_text()))
    return names


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → plausible values
    files: list[str] = field(default_factory=list)


class FormsAndLinks(HTMLParser):
    """The forms (with every field's plausible values) and internal links of one page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self.links: set[str] = set()
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attrs_list}
        if tag == "a" and attrs.get("href"):
            self.links.add(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            self._form = Form(method=attrs.get("method", "get").lower(),
                              action=urljoin(self.url, attrs.get("action") or self.url),
                              multipart="multipart" in attrs.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind == "file":
                self._form.files.append(attrs["name"])
            elif kind not in {"submit", "button", "image", "reset"} or attrs.get("value"):
                values = self._form.fields.setdefault(attrs["name"], [])
                if attrs.get("value") and attrs["value"] not in values:
                    values.append(attrs["value"])
        elif tag == "select":
            self._select = attrs["name"]
            self._form.fields.setdefault(self._select, [])
        elif tag == "option" and self._select and self._form is not None:
            if attrs.get("value"):
                self._form.fields[self._select].append(attrs["value"])
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.fields.setdefault(self._textarea, [])

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea and data.strip():
            self._form.fields[self._textarea].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.fixture
def world(pinned_clock):
    """One hub with everything a page can show: an offering with a Work Group, a session, a
    venue, a question, a sent application, a draft with eligibility answers, an enrolment.
    On 1 October 2024 (the demo's moment): applications are open, the session was last week."""
    hub = factories.hub(slug="target")
    other = factories.hub(slug="other")
    national = factories.hub(slug="national", is_national=True)
    offering = factories.offering(hub=hub)
    # The second programme's check asks for a school, a role, years of teaching, the trust's
    # schools and yes/no facts, so every kind of question page is driven.
    asking = factories.programme(eligibility_rules=[
        {"rule": "school", "params": {"phases": ["secondary"]}},
        {"rule": "role", "params": {"roles": ["classroom_teacher", "trust_maths_lead"]}},
        {"rule": "early_career", "params": {"min": 1, "max": 2}},
        {"rule": "trust", "params": {"min_schools": 2}}, {"rule": "teaches_maths"},
        {"rule": "no_maths_itt"}])
    second = factories.offering(hub=hub, programme=asking)
    place = factories.venue(hub)
    work_group = factories.work_group(offering)
    session = factories.session(work_group, date(2024, 9, 24), venue=place)
    factories.school(123456, "Matrix High School")
    factories.school(111422, "Upton Test High School")
    people: dict[str, Any] = {
        "anonymous": None,
        "other_hub_staff": factories.member(other, Role.HUB_STAFF),
        "national_viewer": factories.member(national, Role.NATIONAL_VIEWER),
        "national_staff": factories.member(national, Role.NATIONAL_STAFF),
        "hub_staff": factories.member(hub, Role.HUB_STAFF),
    }
    applicant, draft = started(offering, {**DONE, "urn": 123456})
    application_submit(applicant=applicant, application=draft)
    _, draft = started(second, {**DONE, "role": "trust_maths_lead"}, applicant=applicant)
    # Values saved before answers were bounded: the draft's pages must still open.
    Application.objects.filter(pk=draft.pk).update(answers={
        **draft.answers, "urn": 10**40, "years_teaching": 10**40, "trust_urns": [10**40, -1]})
    people["applicant"] = applicant
    lead = people["work_group_lead"] = factories.member(hub, Role.WORK_GROUP_LEAD)
    work_group.leads.add(lead)
    question = OfferingQuestion.objects.create(offering=offering, kind="text", text="Why?",
                                               position=1)
    placed = factories.ready_application(offering, school_urn=123456)
    application_offer(actor=None, application=placed, work_group=work_group)
    offer_accept(applicant=placed.applicant, application=placed)
    enrolment = placed.enrolments.get()
    message = message_send(actor=None, hub=hub, work_group=work_group, subject="Venue change",
                           body="We meet in the hall.")
    offering_question = EvaluationQuestion.objects.create(
        offering=offering, kind="text", text="Was the venue easy to reach?", position=1)
    programme_question = EvaluationQuestion.objects.create(
        programme=offering.programme, kind="agreement", text="It helped.", position=1)
    ids = {"message": message.pk, "offering_question": offering_question.pk,
           "programme_question": programme_question.pk, "programme": offering.programme.slug,
           "offering": offering.pk, "application": draft.pk, "question": question.pk,
           "work_group": work_group.pk, "session": session.pk, "venue": place.pk,
           "lead": lead.pk, "enrolment": enrolment.pk, "urn": 123456,
           "slug": offering.programme.slug, "offering_slug": offering.slug,
           "hub": "target", "year": "2024-25", "kind": "offering"}
    return people, ids


# The object an `<int:pk>` stands for, by the URL segment before it.
PK_BY_SEGMENT = {"offerings": "offering", "questions": "question", "work-groups": "work_group",
                 "sessions": "session", "venues": "venue", "applications": "application",
                 "participants": "enrolment", "certificates": "enrolment", "offering": "offering",
                 "messages": "message", "evaluation-questions": "offering_question",
                 "evaluation": "programme_question"}


def every_route() -> list[str]:
    def walk(patterns: list[Any], prefix: str) -> list[str]:
        routes: list[str] = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                routes += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes.append(prefix + str(pattern.pattern))
        return routes
    return ["/" + route for route in walk(get_resolver().url_patterns, "")
            if not route.startswith(("django-admin", "api/", "^", "accounts/^"))]


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
# What a hand-edited address can hold in each kind of part: numbers no column holds, a
# superscript digit, a NUL, a very long token.
HOSTILE_PARTS = {"int": [str(10**40), str(2**63)],
                 "str": ["%C2%B2", "%00", "x" * 3000], "slug": ["a" * 300, "%00"]}


def fill(route: str, ids: dict[str, Any], hostile: tuple[int, str] | None = None) -> str | None:
    """The route with the world's objects in it, or None when it names something we lack.
    ``hostile`` puts text of our own in one of its parts: (which part, text)."""
    missing = False
    position = -1

    def value(match: re.Match[str]) -> str:
        nonlocal missing, position
        position += 1
        converter, name = match.group(1) or "str", match.group(2)
        if hostile is not None and hostile[0] == position:
            return hostile[1]
        before = route[:match.start()].rstrip("/").rsplit("/", 1)[-1]
        if name == "offering" and converter == "slug":
            return str(ids["offering_slug"])
        if name == "pk":
            key = PK_BY_SEGMENT.get(before)
            if key is None and before.startswith("<"):
                key = "offering"  # history/<kind>/<pk>
        else:
            key = name
        if key not in ids:
            missing = hostile is None
            return "x"
        return str(ids[key])

    filled = PARAMETER.sub(value, route)
    return None if missing else filled


def internal(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"} \
            or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def guarded(send: Any) -> Any:
    """Send one request in a savepoint that is always rolled back."""
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


@dataclass
class Target:
    """One form (or a page's query string) to drive."""
    method: str
    url: str
    fields: dict[str, list[str]]
    files: list[str]
    multipart: bool


def discover(client: Client, ids: dict[str, Any],
             failures: list[str]) -> tuple[list[str], list[Target]]:
    """The pages this client can open (pattern-filled, then the links they show) and forms."""
    queue = [url for route in every_route() if (url := fill(route, ids))]
    seen: set[str] = set()
    pages: list[str] = []
    targets: list[Target] = []
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = guarded(lambda url=url: client.get(url))
        if response.status_code >= 500:
            failures.append(failure(response, "get", url, {}))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        parser = FormsAndLinks("http://testserver" + url)
        parser.feed(response.content.decode())
        queue += [link for raw in sorted(parser.links) if (link := internal(raw))]
        for form in parser.forms:
            action = internal(form.action)
            if action is None:
                continue
            targets.append(Target(form.method, action, form.fields, form.files, form.multipart))
    return pages, targets


def field_values(target: Target) -> st.SearchStrategy[dict[str, Any]]:
    """Every field filled with a plausible value, then some of them (often one) made hostile."""
    plausible = {name: (values[0] if values else "") for name, values in target.fields.items()}
    names = sorted(target.fields)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        data: dict[str, Any] = dict(plausible)
        for name in names:
            if target.fields[name][1:]:
                data[name] = draw(st.sampled_from(target.fields[name]))
        if names:
            hostile_names = draw(st.one_of(
                st.sampled_from(names).map(lambda name: [name]),
                st.lists(st.sampled_from(names), unique=True)))
            for name in hostile_names:
                if name == "csrfmiddlewaretoken":
                    continue  # the test client does not check it; Django's middleware does
                data[name] = draw(st.sampled_from(HOSTILE))
        # Names carrying an id (mark-12, q3) are read by views too: send one with a bad id.
        numbered = [name for name in names if re.fullmatch(r"\D+\d+", name)]
        renamed: list[str] = draw(st.lists(st.sampled_from(numbered), max_size=1)) \
            if numbered else []
        for name in renamed:
            data[name.rstrip("0123456789") + draw(st.sampled_from(HOSTILE_IDS))] = data[name]
        for name in target.files:
            data[name] = SimpleUploadedFile("register.csv", draw(st.sampled_from(HOSTILE_FILES)),
                                            content_type="text/csv")
        # Pages answer htmx requests with a fragment of the page: drive that path too.
        data[HTMX] = draw(st.booleans())
        return data
    return build()


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    fields = {name: value for name, value in data.items() if name != HTMX}
    headers = {"HX-Request": "true"} if data.get(HTMX) else {}
    if method == "post":
        return guarded(lambda: client.post(url, fields, headers=headers))
    return guarded(lambda: client.get(url, fields, headers=headers))


def failure(response: Any, method: str, url: str, data: dict[str, Any]) -> str:
    shown = {key: (value if not isinstance(value, str) or len(value) < 40 else value[:20] + "…")
             for key, value in data.items()}
    error = response.exc_info[1] if getattr(response, "exc_info", None) else ""
    return f"{response.status_code} {method.upper()} {url} {shown!r}: {error!r}"


def probe(client: Client, target: Target, examples: int, failures: list[str]) -> None:
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=field_values(target))
    def example(data: dict[str, Any]) -> None:
        response = send(client, target.method, target.url, data)
        if response.status_code >= 500:
            failures.append(failure(response, target.method, target.url, data))
    example()


def route_of(url: str) -> str:
    """The URL pattern a path resolves to: pages of one view are driven once, not per object."""
    return resolve(urlsplit(url).path).route


def test_no_hostile_input_gives_a_server_error(world):
    """Each role's pages and forms; a form or page another role already drove is not driven
    again (the view and its parsing are the same), which keeps the run short."""
    people, ids = world
    failures: list[str] = []
    driven: set[tuple[str, ...]] = set()
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if people[role] is not None:
            sign_in(client, people[role])
        pages, targets = discover(client, ids, failures)
        assert len(pages) > 3, (role, pages)  # the role reached its pages, not only a sign-in
        query_names = query_names_read_by_views() | {
            name for target in targets if target.method == "get" for name in target.fields}
        for target in targets:
            key = (target.method, route_of(target.url), *sorted(target.fields), *target.files)
            if key not in driven:
                driven.add(key)
                probe(client, target, EXAMPLES_PER_FORM, failures)
        for page in pages:
            if ("page", route_of(page)) not in driven:
                driven.add(("page", route_of(page)))
                probe(client, Target("get", urlsplit(page).path,
                                     {name: [] for name in sorted(query_names)}, [], False),
                      EXAMPLES_PER_QUERY, failures)
    assert len(driven) > 100, driven  # the crawl found the product, not a handful of pages
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures)))


# --- The cases issue 12 found, each by name -----------------------------------------------------

@pytest.fixture
def staff_client(client, world):
    people, _ = world
    sign_in(client, people["hub_staff"])
    return client


@pytest.mark.parametrize("query", ["²", str(10**40), "１２３４５６"])
def test_school_search_and_picker_take_any_digits(client, world, query):
    people, _ = world
    assert client.get("/schools/", {"q": query}).status_code == 200
    sign_in(client, people["applicant"])
    assert client.get("/account/school/", {"q": query}).status_code == 200
    response = client.post("/account/school/", {"q": "Matrix", "urn": query})
    assert response.status_code == 200
    assert "Select your school from the list" in response.content.decode()


@pytest.mark.parametrize("value", ["123456, ²", str(10**40), "123456, 12"])
def test_trust_urns_must_be_six_digit_urns(value):
    from workgroups.eligibility.forms import FactForm

    form = FactForm({"answer": value}, fact="trust_urns")
    assert not form.is_valid()
    assert "six-digit" in form.errors["answer"][0]
    assert FactForm({"answer": "123456; 111422"}, fact="trust_urns").is_valid()


def test_a_draft_holding_out_of_range_answers_still_opens(client, world):
    """Answers saved before they were bounded (a URN of 10**40) must not break the pages."""
    people, ids = world
    sign_in(client, people["applicant"])
    draft = ids["application"]
    for page in ("check", "urn", "years_teaching", "trust_urns"):
        response = client.get(f"/applications/{draft}/{page}/")
        assert response.status_code in {200, 302}, (page, response.status_code)
    response = client.post(f"/applications/{draft}/name/",
                           {"first_name": "Sam", "last_name": "Okafor-Reid"})
    assert response.status_code == 302
    assert Application.objects.get(pk=draft).school_urn is None


def test_register_keys_and_bulk_ids_with_bad_ids_are_ignored(staff_client, world):
    _, ids = world
    register = f"/staff/hubs/target/sessions/{ids['session']}/register/"
    for key in ("mark-²", f"mark-{10**40}", "mark-١"):
        assert staff_client.post(register, {key: "present"}).status_code < 500
    table = f"/staff/hubs/target/offerings/{ids['offering']}/applications/"
    response = staff_client.post(table, {"applications": ["²", str(10**40)], "action": "waitlist"})
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()
    for school in ("²", str(10**40), "123456"):
        assert staff_client.get(table, {"school": school}).status_code == 200


def test_nul_in_an_address_or_a_form_is_refused_with_a_page(staff_client, world):
    _, ids = world
    for response in (staff_client.get("/schools/", {"q": "\x00"}),
                     staff_client.get("/hubs/target/2024-25/", {"status": "a\x00"}),
                     staff_client.post(f"/staff/hubs/target/venues/{ids['venue']}/edit/",
                                       {"name": "Hall\x00", "address": "1 Road",
                                        "postcode": "CH1 1AA"})):
        assert response.status_code == 400
        assert "invisible control character" in response.content.decode()


def test_offering_a_place_needs_a_work_group(staff_client, world):
    _, ids = world
    staff_client.get(f"/staff/hubs/target/offerings/{ids['offering']}/applications/")
    sent = Application.objects.exclude(status="draft").filter(
        offering_id=ids["offering"], status="ready_for_review").first()
    assert sent is not None
    response = staff_client.post(f"/staff/hubs/target/applications/{sent.pk}/offer/",
                                 {"work_group": ""})
    assert response.status_code == 422
    assert "Choose the Work Group to offer a place in" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "ready_for_review"


def _upload(client, ids, content):
    return client.post(f"/staff/hubs/target/sessions/{ids['session']}/register/upload/",
                       {"file": SimpleUploadedFile("register.csv", content,
                                                   content_type="text/csv")})


def test_a_register_csv_with_mac_line_ends_is_read(staff_client, world):
    from workgroups.delivery.models import Attendance

    _, ids = world
    enrolment = Enrolment.objects.get(pk=ids["enrolment"])
    content = f"email,status\r{enrolment.email},absent\r".encode()
    response = _upload(staff_client, ids, content)
    assert response.status_code == 200
    assert Attendance.objects.get(enrolment=enrolment).status == "absent"


def test_a_register_csv_cell_over_the_csv_limit_is_a_row_error(staff_client, world):
    _, ids = world
    enrolment = Enrolment.objects.get(pk=ids["enrolment"])
    content = (b"email,status\n" + b"x" * 200_000 + b",present\n"
               + f"{enrolment.email},present\n".encode())
    response = _upload(staff_client, ids, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A cell in this row is too long." in page


def test_a_session_in_the_hour_the_clocks_skip_is_a_form_error(staff_client, world):
    """01:30 on 30 March 2025 does not exist in London. Before, it was moved an hour and a
    model ValidationError escaped the form when that collided with the end."""
    _, ids = world
    data = {"kind": "workshop", "date": "2025-03-30", "start_time": "01:30",
            "end_time": "02:00", "equivalent_days": "1", "required": "on"}
    response = staff_client.post(f"/staff/hubs/target/sessions/{ids['session']}/edit/", data)
    assert response.status_code == 200
    assert "does not exist in UK time" in response.content.decode()


def test_a_model_validation_error_is_shown_on_the_form(staff_client, world, monkeypatch):
    """Every full_clean a service runs: its ValidationError becomes the form's error."""
    from django.core.exceptions import ValidationError

    from workgroups.delivery.models import Venue

    def refuse(self, *args, **kwargs):
        raise ValidationError({"postcode": "Postcodes here are checked by the model."})

    monkeypatch.setattr(Venue, "clean", refuse)
    _, ids = world
    response = staff_client.post(f"/staff/hubs/target/venues/{ids['venue']}/edit/",
                                 {"name": "Hall", "address": "1 Road", "postcode": "CH1 1AA"})
    assert response.status_code == 200
    assert "Postcodes here are checked by the model." in response.content.decode()


# Issue 13: rules are no longer typed as JSON; each kind of rule has its own form, whose fields
# refuse what cannot be stored.
@pytest.mark.parametrize(("kind", "data"), [
    ("early_career", {"min": "9" * 5000, "max": "1e999", "hard": "yes"}),
    ("target_group", {"any_of": ["x" * 10_000], "message": "m" * 10_000, "hard": "maybe"}),
    ("prerequisite", {"programme": ["a", "b"], "scope": "everyone", "previous_year_only": "?"}),
])
def test_the_rule_forms_refuse_values_they_cannot_store(client, world, kind, data):
    people, ids = world
    sign_in(client, people["national_staff"])
    url = f"/staff/programmes/{ids['slug']}/eligibility/add/{kind}/"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("role", ["applicant", "hub_staff"])
def test_no_hostile_address_gives_a_server_error(client, world, role):
    """Every URL pattern with each of its parts (ids, slugs, tokens) replaced in turn."""
    people, ids = world
    client.raise_request_exception = False
    sign_in(client, people[role])
    failures = []
    for route in every_route():
        for position, match in enumerate(PARAMETER.finditer(route)):
            for part in HOSTILE_PARTS.get(match.group(1) or "str", HOSTILE_PARTS["str"]):
                url = fill(route, ids, (position, part))
                assert url is not None
                response = guarded(lambda url=url: client.get(url))
                if response.status_code == 405:  # a button's address: press it
                    response = guarded(lambda url=url: client.post(url))
                if response.status_code >= 500:
                    failures.append(failure(response, "get or post", url[:80], {}))
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures)))


@pytest.mark.parametrize(("fact", "value"), [("trust_urns", 10**40), ("role", ["headteacher"]),
                                             ("teaches_maths", {"now": True})])
def test_a_saved_answer_of_the_wrong_shape_is_still_shown(fact, value):
    from workgroups.eligibility.forms import display_answer

    assert display_answer(fact, value) == str(value)
