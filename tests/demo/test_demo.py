from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tests import factories
from workgroups.accounts.models import HubMembership, User
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Offering, OfferingStatus, Programme
from workgroups.delivery.models import Session, Venue, WorkGroup
from workgroups.demo.loader import DEMO_PASSWORD, demo_load
from workgroups.hubs.models import Hub

pytestmark = pytest.mark.django_db

FIXED_2024_25 = {
    "secondary-tfm-development", "secondary-tfm-development-special-schools",
    "secondary-tfm-embedding", "subject-leaders-community", "mat-maths-leaders",
    "securing-foundations-year-7", "cross-phase-level-2", "sktm-non-specialist",
    "sktm-ect-phase-1", "sktm-ect-phase-2", "sktm-teaching-assistants", "itt-partnerships",
    "mastery-specialists", "pd-lead", "school-development-lead",
}


@pytest.fixture
def demo():
    demo_load()


def test_cheshire_and_wirral_serves_its_four_areas(demo):
    hub = Hub.objects.get(slug="cheshire-and-wirral")
    assert sorted(hub.areas.values_list("name", flat=True)) == [
        "Cheshire East", "Cheshire West and Chester", "Halton", "Wirral"]


def test_the_2024_25_catalogue_has_the_fixed_slugs(demo):
    slugs = set(Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2024-25")
                .values_list("slug", flat=True))
    assert slugs == FIXED_2024_25


def test_closed_programmes_take_expressions_of_interest_for_next_year(demo):
    closed = {"mastery-specialists", "pd-lead", "school-development-lead"}
    this_year = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2024-25", slug__in=closed)
    assert {o.status for o in this_year} == {OfferingStatus.CLOSED}
    next_year = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                        academic_year__slug="2025-26",
                                        programme__slug__in=closed)
    assert {o.programme.slug for o in next_year} == closed
    assert {o.status for o in next_year} == {OfferingStatus.EXPRESSION_OF_INTEREST}


def test_recruiting_2024_25_offerings_are_open_on_the_demo_date(demo):
    recruiting = Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                         academic_year__slug="2024-25",
                                         status=OfferingStatus.RECRUITING)
    assert recruiting.count() == 12
    assert all(o.accepts_applications_on(date(2024, 10, 1)) for o in recruiting)


def test_other_hubs_and_years(demo):
    lsw = Offering.objects.filter(hub__slug="london-south-west")
    assert set(lsw.values_list("academic_year__slug", flat=True)) == {"2022-23"}
    assert set(lsw.values_list("status", flat=True)) == {OfferingStatus.EXPRESSION_OF_INTEREST}
    assert Offering.objects.filter(hub__slug="cheshire-and-wirral",
                                   academic_year__slug="2021-22").exists()
    assert Offering.objects.filter(hub__slug="east-midlands-demo",
                                   academic_year__slug="2021-22").count() >= 5


def test_the_nottingham_subject_lead_work_group_has_its_four_real_days(demo):
    venue = Venue.objects.get(name="Portland Spencer Conference Centre")
    assert venue.postcode == "NG8 4BW"
    sessions = Session.objects.filter(venue=venue).order_by("starts_at")
    days = [factories.london(d, "09:00") for d in (date(2021, 11, 9), date(2022, 1, 14),
                                                    date(2022, 3, 14), date(2022, 5, 5))]
    assert [s.starts_at for s in sessions] == days
    assert [s.ends_at.astimezone(days[0].tzinfo).strftime("%H:%M") for s in sessions] == \
        ["15:30"] * 4
    assert not any(s.is_demo for s in sessions)


def test_programmes_know_their_stages(demo):
    embedding = Programme.objects.get(slug="secondary-tfm-embedding")
    assert "secondary-tfm-development" in embedding.prerequisites.values_list("slug", flat=True)
    phase2 = Programme.objects.get(slug="sktm-ect-phase-2")
    assert list(phase2.prerequisites.values_list("slug", flat=True)) == ["sktm-ect-phase-1"]
    assert Programme.objects.get(slug="sktm-ect-phase-1").next_stages == [phase2]
    specialists = Programme.objects.get(slug="mastery-specialists")
    assert sorted(p.slug for p in specialists.next_stages) == [
        "mastery-specialists", "mastery-specialists", "pd-lead"]
    development = Programme.objects.get(slug="secondary-tfm-development")
    assert (development.unit, development.team_size) == ("school_team", 2)


def test_every_session_falls_inside_its_year(demo):
    for session in Session.objects.select_related("work_group__offering__academic_year"):
        session.full_clean()


def test_demo_users_for_each_role_can_sign_in(demo, client):
    assert User.objects.get(email="admin@demo.example.org").is_superuser
    assert HubMembership.objects.filter(hub__slug="cheshire-and-wirral").count() == 3
    assert client.login(email="staff@cheshire-and-wirral.demo.example.org",
                        password=DEMO_PASSWORD)


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return [model.objects.count() for model in
                (Hub, Programme, Offering, WorkGroup, Session, Venue, User, HubMembership,
                 AuditEvent)]
    before = snapshot()
    demo_load()
    assert snapshot() == before


def test_load_demo_refuses_outside_the_demo_configuration():
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo")
    with override_settings(DEMO=True):
        call_command("load_demo", stdout=io.StringIO())
    assert Offering.objects.exists()


def test_the_demo_has_offers_places_a_waiting_list_and_a_lead(demo):
    from workgroups.applications.models import Application
    from workgroups.delivery.models import Enrolment

    tfm = Application.objects.filter(offering__slug="secondary-tfm-development",
                                     offering__academic_year__slug="2024-25")
    assert sorted(tfm.values_list("status", flat=True)) == (
        ["accepted"] * 5 + ["offered"] * 2 + ["waitlisted"] * 2)
    assert Enrolment.objects.filter(work_group__name="Chester Development Work Group"
                                    ).count() == 10  # five school teams of two
    lead = User.objects.get(email="wglead@cheshire-and-wirral.demo.example.org")
    assert sorted(lead.led_work_groups.values_list("name", flat=True)) == [
        "Chester Development Work Group", "Chester ECT Phase 1 Work Group"]
    demo_load()
    assert tfm.count() == 9


# --- Issue 12, item 12: each offering is faithful to its own hub's page for its year ---------
#
# Facts below are checked as words in the offering's own text (title, summary, who can take
# part, what is involved, learning list, time commitment, cost, how to apply, notes). "must"
# facts are on that hub's page for that year; "never" facts are distinctive facts of another
# year's page for the same programme (or of no page at all) that must not leak in.

CW, LSW, EM = "cheshire-and-wirral", "london-south-west", "east-midlands-demo"
PAGE_FACTS: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {
    (CW, "2021-22", "secondary-tfm-development"): (
        ["up to 14", "llme", "september 2021", "headteacher", "nqt", "a level"],
        ["senior leadership", "slt", "network collaborative", "2024/25"]),
    (CW, "2021-22", "developing-mathematical-thinking"): (
        ["five half-day", "key stage 4", "send two"], []),
    (CW, "2021-22", "years-7-11-coherence"): (
        ["five half-day", "key stage 3", "misconceptions"], ["gcse exams", "cycle"]),
    (CW, "2021-22", "sktm-ect-phase-1"): (
        ["at least five half-day workshops", "first two years", "covid"],
        ["four days", "multiplicative reasoning", "phase 2", "similar point", "geometry"]),
    (CW, "2021-22", "sktm-non-specialist"): (
        ["tsst", "first time"], ["six key themes", "six days", "executive head"]),
    (EM, "2021-22", "secondary-tfm-development"): (
        ["network collaborative", "two departments"],
        ["llme", "up to 14", "headteacher", "senior leadership"]),
    (EM, "2021-22", "sktm-ect-phase-1"): (
        ["the equivalent of four days", "geometry", "statistics and probability"],
        ["five half-day", "phase 2", "sequences and graphical representations", "covid"]),
    (EM, "2021-22", "sktm-non-specialist"): (
        ["did not do their initial teacher training"],
        ["tsst", "six key themes", "six days", "executive head"]),
    (EM, "2021-22", "subject-leaders-community"): (
        ["four days", "portland spencer", "prospective", "9am to 3.30pm", "schemes of work",
         "free to every state-funded secondary school"],
        ["subject leadership community", "research", "fourth year"]),
    (EM, "2021-22", "mat-maths-leaders"): (
        ["regional groups", "primary", "nationally"],
        ["three one-day", "second year", "fourth year", "at least one secondary school"]),
    (EM, "2021-22", "years-5-8-continuity"): (
        ["pastoral", "key stage 2 and 3"], ["checkpoints", "lesson study"]),
    (EM, "2021-22", "developing-core-maths-pedagogy"): (
        ["taught core maths for at least a year", "covid", "open-ended problem solving"], []),
    (LSW, "2022-23", "secondary-tfm-development"): (
        ["teaching for mastery pages"],
        ["llme", "up to 14", "network collaborative", "headteacher"]),
    (LSW, "2022-23", "sktm-ect-phase-1"): (
        ["2021/22", "not yet taken part", "similar point"],
        ["four days", "five half-day", "multiplicative reasoning"]),
    (LSW, "2022-23", "sktm-ect-phase-2"): (
        ["took part in this project in 2021/22"],
        ["sequences and graphical", "four days", "five half-day"]),
    (LSW, "2022-23", "sktm-non-specialist"): (
        ["six key themes", "executive head", "experienced secondary practitioner"],
        ["six days", "tsst"]),
    (LSW, "2022-23", "years-5-8-continuity"): (
        ["checkpoints", "lesson study", "algebraic thinking"], ["pastoral"]),
    (LSW, "2022-23", "years-7-11-coherence"): (
        ["gcse exams", "cycle"], ["five half-day", "webinar"]),
    (LSW, "2022-23", "subject-leaders-community"): (
        ["action plan", "expert input"],
        ["four days", "prospective", "research", "subject leadership community"]),
    (LSW, "2022-23", "mat-maths-leaders"): (
        ["second year", "three one-day national workshops", "face to face", "online community"],
        ["fourth year", "regional groups", "at least one secondary school"]),
    (CW, "2024-25", "secondary-tfm-development"): (
        ["senior leadership team", "head of maths", "state-funded secondary schools in england"],
        ["llme", "up to 14", "a level", "nqt", "network collaborative"]),
    (CW, "2024-25", "secondary-tfm-development-special-schools"): (
        ["special schools"], ["one school year"]),
    (CW, "2024-25", "secondary-tfm-embedding"): (["three days", "2023/24"], []),
    (CW, "2024-25", "subject-leaders-community"): (
        ["research", "subject leadership community", "ability to lead change"],
        ["four days", "prospective", "action plan", "schemes of work"]),
    (CW, "2024-25", "mat-maths-leaders"): (
        ["fourth year", "at least one secondary school", "encouraged"],
        ["three one-day", "second year", "regional groups", "national workshop"]),
    (CW, "2024-25", "securing-foundations-year-7"): (
        ["six central online events", "three days"], []),
    (CW, "2024-25", "cross-phase-level-2"): (["three full days"], []),
    (CW, "2024-25", "sktm-non-specialist"): (
        ["six days", "executive head"],
        ["six key themes", "tsst", "experienced secondary practitioner"]),
    (CW, "2024-25", "sktm-ect-phase-1"): (
        ["multiplicative reasoning", "first or second year"],
        ["four days", "five half-day", "2021/22", "covid", "similar point"]),
    (CW, "2024-25", "sktm-ect-phase-2"): (
        ["sequences and graphical representations"], ["four days", "2021/22"]),
    (CW, "2024-25", "sktm-teaching-assistants"): (["four days", "ratio"], []),
    (CW, "2024-25", "itt-partnerships"): (["scitt"], ["meetings of the group"]),
    (CW, "2024-25", "mastery-specialists"): (["three years", "information document"], []),
    (CW, "2024-25", "pd-lead"): (["accreditation evidence document", "pg cert"], []),
    (CW, "2024-25", "school-development-lead"): (["headteacher", "information document"], []),
    (CW, "2025-26", "mastery-specialists"): (["2025/26"], ["three years", "llme"]),
    (CW, "2025-26", "pd-lead"): (["2025/26"], ["pg cert", "accreditation"]),
    (CW, "2025-26", "school-development-lead"): (["2025/26"], ["headteacher"]),
}
# Pages that say a headteacher's support (or commitment) is needed for that offering.
HEADTEACHER_ON_THE_PAGE = {
    (CW, "2021-22", "secondary-tfm-development"), (CW, "2024-25", "secondary-tfm-development"),
    (CW, "2024-25", "school-development-lead"),
    # The non-specialist definition: a headteacher's commitment that you will teach maths.
    (LSW, "2022-23", "sktm-non-specialist"), (CW, "2024-25", "sktm-non-specialist"),
}
TITLES = {
    (LSW, "2022-23", "subject-leaders-community"): "Secondary Subject Leadership",
    (LSW, "2022-23", "mat-maths-leaders"): "Secondary Maths MAT Leads",
    (EM, "2021-22", "subject-leaders-community"): "Secondary Subject Lead Work Group",
    (CW, "2021-22", "sktm-ect-phase-1"): "Subject Knowledge for Early Career Teachers",
    (CW, "2024-25", "mat-maths-leaders"): "Secondary MAT Maths Leaders Community",
}
# Documents and pages the seed pages name (with no address, so shown as their names).
NAMED_DOCUMENTS = {
    (CW, "2021-22", "secondary-tfm-development"): "secondary-teaching-for-mastery-march-2021",
    (CW, "2024-25", "secondary-tfm-development"): "The Essence of Mathematics Teaching",
    (CW, "2024-25", "mastery-specialists"): "Secondary Mastery Specialist Programme: "
                                            "information document",
    (CW, "2024-25", "pd-lead"): "information document",
    (CW, "2024-25", "school-development-lead"): "information document",
    (LSW, "2022-23", "secondary-tfm-development"): "Teaching for Mastery pages",
    (EM, "2021-22", "secondary-tfm-development"): "NCETM website",
}
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _key(offering: Offering) -> tuple[str, str, str]:
    return offering.hub.slug, offering.academic_year.slug, offering.slug


def _own_text(offering: Offering) -> str:
    text = offering.text
    return " ".join([
        text.title, text.summary, text.who_can_take_part, text.what_is_involved,
        *text.learning_outcomes, text.time_commitment, text.cost, offering.how_to_apply,
        offering.year_notes, *(link["text"] for link in offering.links),
    ]).lower()


class _PageText(HTMLParser):
    """The words of a page's main content, as a reader meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.append(data)


def _page(client: Client, offering: Offering) -> tuple[str, str]:
    response = client.get(offering.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    parser = _PageText()
    parser.feed(html)
    return html, " ".join(" ".join(parser.words).split())


def test_each_offering_says_only_what_its_own_page_says(demo, client):
    offerings = list(Offering.objects.select_related("hub", "academic_year", "programme"))
    assert {_key(o) for o in offerings} == set(PAGE_FACTS)
    problems = []
    for offering in offerings:
        must, never = PAGE_FACTS[_key(offering)]
        own = _own_text(offering)
        _, page = _page(client, offering)
        for fact in must:
            if fact not in own or fact not in page.lower():
                problems.append(f"{_key(offering)} lacks {fact!r}")
        for fact in never:  # the page also lists national next stages, not this year's text
            if fact in own:
                problems.append(f"{_key(offering)} says {fact!r}, from another year's page")
        if "headteacher" in own and _key(offering) not in HEADTEACHER_ON_THE_PAGE:
            problems.append(f"{_key(offering)} asks for a headteacher its page does not ask for")
    assert problems == []


def test_titles_are_the_pages_own_and_a_national_workshop_is_not_in_your_school(demo, client):
    for key, title in TITLES.items():
        offering = Offering.objects.get(hub__slug=key[0], academic_year__slug=key[1],
                                        slug=key[2])
        html, page = _page(client, offering)
        assert f'<h1 class="govuk-heading-l">{title}</h1>' in html
        listing = client.get(f"/hubs/{key[0]}/{key[1]}/").content.decode()
        assert f">{title}</a>" in listing
    mat = Offering.objects.get(hub__slug=CW, academic_year__slug="2024-25",
                               slug="mat-maths-leaders")
    assert "In your school" not in _page(client, mat)[1]


def test_only_pages_that_ask_for_a_headteacher_make_one_confirm(demo):
    asking = {programme.slug for programme in Programme.objects.all()
              if "headteacher" in programme.required_supports}
    assert asking == {"secondary-tfm-development", "school-development-lead"}


def test_support_is_asked_for_only_where_a_page_asks_for_it(demo):
    """Issue 12 item 12: no head of maths confirms an ECT's application when no page says so."""
    supports = {programme.slug: programme.required_supports
                for programme in Programme.objects.all() if programme.required_supports}
    assert supports == {"secondary-tfm-development": ["head_of_maths", "headteacher"],
                        "school-development-lead": ["headteacher"]}


def test_every_invented_value_is_flagged_and_shown_as_demo_data(demo, client):
    real_sessions = 0
    for offering in Offering.objects.select_related("hub", "academic_year", "programme"):
        expected = set()
        if offering.applications_open or offering.applications_close:
            expected.add("window")
        if offering.decisions_by:
            expected.add("decisions")
        groups = list(offering.work_groups.all())
        if groups:
            expected.add("places")
        if offering.contact_email:
            expected.add("contact")
        assert set(offering.demo_fields) == expected, _key(offering)
        html, _ = _page(client, offering)
        marks = re.findall(r'class="[^"]*app-demo-mark[^"]*" data-demo="(\w+)">Demo (?:data|date)<',
                           html)
        sessions = Session.objects.filter(work_group__offering=offering)
        assert marks.count("session") == sessions.filter(is_demo=True).count(), _key(offering)
        real_sessions += sessions.filter(is_demo=False).count()
        assert marks.count("places") == len(groups), _key(offering)
        for name in expected - {"places"}:
            assert name in marks, (_key(offering), name)
    # Only the Nottingham Subject Lead days come from a page; every other session is invented.
    assert real_sessions == 4


def test_the_catalogue_marks_invented_closing_dates(demo, client, pinned_clock):
    listing = client.get("/hubs/cheshire-and-wirral/2024-25/").content.decode()
    apply_by = re.findall(r'Apply by [^<]+<strong class="govuk-tag govuk-tag--grey app-demo-mark" '
                          r'data-demo="window">Demo data<', listing)
    assert len(apply_by) == 12  # every recruiting offering, each window invented


def test_the_documents_pages_name_are_kept_and_only_their_own_addresses_link(demo, client):
    seeds = " ".join(path.read_text() for path in SEEDS.glob("*.txt")) if SEEDS.exists() else ""
    for key, name in NAMED_DOCUMENTS.items():
        offering = Offering.objects.get(hub__slug=key[0], academic_year__slug=key[1],
                                        slug=key[2])
        _, page = _page(client, offering)
        assert name in page, key
    for offering in Offering.objects.all():
        for link in offering.links:
            assert set(link) == {"text", "url"} and link["text"]
            if link["url"]:  # a link only to an address its page gives
                assert seeds and link["url"] in seeds, link


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-")
    return re.findall(r"[a-z0-9']+", text)


def _runs(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _prose(offering: Offering) -> list[str]:
    """An offering's own sentences, field by field (titles are names, which carry over)."""
    text = offering.text
    return [text.summary, text.who_can_take_part, text.what_is_involved,
            *text.learning_outcomes, text.time_commitment, text.cost, offering.how_to_apply,
            offering.year_notes]


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed pages are not beside the repository")
def test_no_demo_text_repeats_eight_words_of_a_seed_page(demo):
    seed_runs: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        seed_runs |= _runs(_words(path.read_text()))
    assert seed_runs
    texts = [(str(_key(o)), field) for o in
             Offering.objects.select_related("hub", "academic_year", "programme")
             for field in _prose(o)]
    for programme in Programme.objects.all():
        texts += [(programme.slug, field) for field in [
            programme.summary, programme.who_can_take_part, programme.what_is_involved,
            *programme.learning_outcomes, programme.time_commitment, programme.cost]]
    copied = [(where, " ".join(run)) for where, text in texts
              for run in _runs(_words(text)) & seed_runs]
    assert copied == []


# Facts of one year's page that the national programme text (shared by every year, shown in
# the API and wherever a year has no text of its own) must not carry.
ONE_YEARS_FACTS = {
    "secondary-tfm-development": ["llme", "up to 14", "a level"],
    "sktm-ect-phase-1": ["four days", "five half-day", "covid", "similar stage"],
    "sktm-non-specialist": ["six key themes", "tsst", "experienced secondary practitioner"],
    "subject-leaders-community": ["four days", "prospective", "schemes of work"],
    "mat-maths-leaders": ["three one-day", "regional groups", "second year", "primary"],
    "years-5-8-continuity": ["pastoral"],
    "years-7-11-coherence": ["five half-day", "webinar"],
}


def test_national_programme_text_carries_no_single_years_facts(demo):
    for slug, facts in ONE_YEARS_FACTS.items():
        programme = Programme.objects.get(slug=slug)
        text = " ".join([programme.summary, programme.who_can_take_part,
                         programme.what_is_involved, *programme.learning_outcomes,
                         programme.time_commitment, programme.cost]).lower()
        assert [fact for fact in facts if fact in text] == [], slug
