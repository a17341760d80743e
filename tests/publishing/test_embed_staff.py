"""Staff: "Show on your website" — the hub's allowed websites, the snippet and the preview."""

from __future__ import annotations

import html
from datetime import datetime

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.audit.actions import AuditAction
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import Offering, OfferingStatus
from workgroups.catalogue.services import offering_create, offering_update
from workgroups.core import clock
from workgroups.core.services import DomainError
from workgroups.hubs.models import EmbedOrigin
from workgroups.hubs.services import embed_origin_add

pytestmark = pytest.mark.django_db

PAGE = "/staff/hubs/cw/website/"


@pytest.fixture
def staff(client, settings):
    # In 2024/25: the catalogue opens on the year containing today.
    settings.WORKGROUPS_PINNED_NOW = datetime(2024, 11, 5, 9, 0, tzinfo=clock.LONDON)
    hub = factories.hub(slug="cw", name="Cheshire & Wirral Maths Hub")
    person = factories.member(hub, Role.HUB_STAFF)
    sign_in(client, person)
    return hub, person


def test_the_hub_page_links_to_it(client, staff):
    assert f'href="{PAGE}"' in client.get("/staff/hubs/cw/").text


def test_the_page_lists_the_hub_s_websites_only(client, staff):
    hub, _ = staff
    embed_origin_add(actor=None, hub=hub, address="https://www.cwmathshub.example")
    embed_origin_add(actor=None, hub=factories.hub(), address="https://elsewhere.example")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Show on your website" in page.text
    assert "https://www.cwmathshub.example" in page.text
    assert "elsewhere.example" not in page.text
    assert 'for="id_origin"' in page.text and "Website address" in page.text
    assert "Like https://www.example.org" in page.text
    assert "takes effect at once" in page.text


def test_adding_a_website_stores_its_normal_form_and_says_so(client, staff):
    hub, person = staff
    response = client.post(PAGE, {"origin": "  WWW.CWMathsHub.example/ "})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert list(EmbedOrigin.objects.values_list("hub", "origin")) == [
        (hub.pk, "https://www.cwmathshub.example")]
    event = AuditEvent.objects.get(action=AuditAction.EMBED_ORIGIN_ADDED)
    assert event.actor == person
    page = client.get(PAGE).text
    assert "https://www.cwmathshub.example can now show your catalogue." in page


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Enter your website&#x27;s address"),
    ("https://www.cwmathshub.example/courses/", "without a page"),
    ("http://www.cwmathshub.example", "must start with https://"),
    ("https://www.listed.example", "This website can already show your catalogue"),
])
def test_a_refused_address_is_explained_on_the_field(client, staff, typed, says):
    hub, _ = staff
    embed_origin_add(actor=None, hub=hub, address="https://www.listed.example")
    response = client.post(PAGE, {"origin": typed})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'id="id_origin-error"' in response.text and says in response.text
    assert response.text.startswith("<!") and "<title>Error: " in response.text
    assert EmbedOrigin.objects.count() == 1


def test_removing_a_website(client, staff):
    hub, person = staff
    listed = embed_origin_add(actor=None, hub=hub, address="https://www.cwmathshub.example")
    page = client.get(PAGE).text
    remove = f"/staff/hubs/cw/website/origins/{listed.pk}/remove/"
    assert f'action="{remove}"' in page
    response = client.post(remove)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert not EmbedOrigin.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.EMBED_ORIGIN_REMOVED).actor == person
    after = client.get(PAGE).text
    assert "https://www.cwmathshub.example can no longer show your catalogue." in after
    # Removed meanwhile (in another tab): said plainly, nothing breaks.
    again = client.post(remove, follow=True)
    assert again.status_code == 200 and "no longer on your list" in again.text


def test_removing_is_a_post_and_another_hub_s_website_is_not_found(client, staff):
    theirs = embed_origin_add(actor=None, hub=factories.hub(slug="other"),
                              address="https://theirs.example")
    assert client.get(f"/staff/hubs/cw/website/origins/{theirs.pk}/remove/").status_code == 405
    client.post(f"/staff/hubs/cw/website/origins/{theirs.pk}/remove/")
    assert EmbedOrigin.objects.filter(pk=theirs.pk).exists()
    assert client.post(f"/staff/hubs/other/website/origins/{theirs.pk}/remove/"
                       ).status_code == 404


def test_the_snippet_names_the_service_s_absolute_addresses_for_the_current_year(
        client, staff, settings):
    hub, _ = staff
    # The site's configured address, whatever Host the request names.
    settings.WORKGROUPS_SITE_URL = "https://workgroups.example"
    settings.ALLOWED_HOSTS = ["*"]
    factories.offering(hub=hub, academic_year=factories.academic_year(2023),
                       status=OfferingStatus.COMPLETED)
    current = factories.academic_year(2024)
    factories.offering(hub=hub, academic_year=current)
    draft_year = factories.academic_year(2025)  # nothing published there yet
    factories.offering(hub=hub, academic_year=draft_year, status=OfferingStatus.DRAFT)
    page = client.get(PAGE, secure=True, headers={"host": "attacker.example"}).text
    assert "attacker.example" not in page
    snippet = html.unescape(page.split('<code id="embed-snippet">')[1].split("</code>")[0])
    assert snippet == (
        '<iframe src="https://workgroups.example/hubs/cw/embed/" '
        'title="Cheshire &amp; Wirral Maths Hub: Work Groups" width="100%" '
        'height="800" loading="lazy"></iframe>\n'
        '<script src="https://workgroups.example/embed/catalogue.js" async></script>')
    # The live preview frames the embed page itself, on this site; the snippet's address is the
    # one that moves on to the next year by itself, and the page says which year it shows now.
    assert '<iframe src="/hubs/cw/embed/"' in page
    assert "now 2024/25" in page


def test_a_hub_with_nothing_published_is_told_so_instead_of_a_snippet(client, staff):
    hub, _ = staff
    factories.offering(hub=hub, status=OfferingStatus.DRAFT)
    page = client.get(PAGE).text
    assert "nothing published yet" in page
    assert "embed-snippet" not in page and "<iframe" not in page
    assert "Add a website" in page  # the list can be set up beforehand


# --- "embed" is the embed page's address after a hub's year: no offering may take it --------

def test_the_offering_form_refuses_the_web_address_name_embed(client, staff):
    hub, _ = staff
    programme = factories.programme()
    year = factories.academic_year(2024)
    response = client.post("/staff/hubs/cw/offerings/new/", {
        "programme": programme.pk, "academic_year": year.pk, "slug": "embed",
        "status": "draft"})
    assert response.status_code == 200
    assert "is used by the catalogue’s own pages" in response.text
    assert not Offering.objects.exists()
    offering = factories.offering(hub=hub, academic_year=year, slug="secondary-mastery")
    response = client.post(f"/staff/hubs/cw/offerings/{offering.pk}/edit/", {
        "slug": "embed", "status": "recruiting"})
    assert response.status_code == 200 and "is used by the catalogue’s own pages" in response.text
    offering.refresh_from_db()
    assert offering.slug == "secondary-mastery"


def test_the_services_refuse_the_offering_slug_embed():
    hub, programme, year = factories.hub(), factories.programme(), factories.academic_year(2024)
    with pytest.raises(DomainError) as refused:
        offering_create(actor=None, hub=hub, academic_year=year, programme=programme,
                        slug="embed")
    assert refused.value.field == "slug" and refused.value.code == "reserved_slug"
    offering = offering_create(actor=None, hub=hub, academic_year=year, programme=programme,
                               slug="embedding-mastery")
    with pytest.raises(DomainError, match="used by the catalogue’s own pages"):
        offering_update(actor=None, offering=offering, data={"slug": "embed"})
    offering.refresh_from_db()
    assert offering.slug == "embedding-mastery"


@pytest.mark.django_db(transaction=True)
def test_offerings_already_called_embed_are_renamed_to_a_free_name_per_hub_and_year(
        migrate_to):
    old = migrate_to([("catalogue", "0008_interest_registration_moved")])
    Hub = old.get_model("hubs", "Hub")
    Programme = old.get_model("catalogue", "Programme")
    AcademicYear = old.get_model("catalogue", "AcademicYear")
    Offering = old.get_model("catalogue", "Offering")
    first, second = (Hub.objects.create(name=f"Hub {slug}", slug=slug)
                     for slug in ("first-hub", "second-hub"))
    programme = Programme.objects.create(title="Programme", slug="programme", equivalent_days=1)
    years = [AcademicYear.objects.create(slug=f"{start}-{start % 100 + 1}",
                                         starts_on=f"{start}-09-01",
                                         ends_on=f"{start + 1}-08-31")
             for start in (2030, 2031)]

    def offering(hub, year, slug):
        return Offering.objects.create(hub=hub, programme=programme, academic_year=year,
                                       slug=slug).pk

    crowded = offering(first, years[0], "embed")
    offering(first, years[0], "embed-2")  # taken: the next free one is embed-3
    next_year = offering(first, years[1], "embed")
    other_hub = offering(second, years[0], "embed")
    untouched = offering(first, years[0], "embedding")

    new = migrate_to([("catalogue", "0009_offering_slug_embed_renamed")])
    slugs = dict(new.get_model("catalogue", "Offering").objects.values_list("pk", "slug"))
    assert (slugs[crowded], slugs[next_year], slugs[other_hub], slugs[untouched]) == (
        "embed-3", "embed-2", "embed-2", "embedding")
    assert "embed" not in slugs.values()
