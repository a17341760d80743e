"""A fresh production-like database, with no demo, reaches a working catalogue by the steps the
README gives: migrate (the test database), load_local_authorities, import_schools,
load_programmes, grant_role for the first national staff, a hub created on its form, its hub
lead accepting the emailed invitation and adding an offering."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from tests.conftest import DEMO_NOW
from tests.factories import sign_in
from workgroups.accounts.models import User
from workgroups.catalogue.models import AcademicYear, Offering, Programme

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "gias_statefunded_sample.csv"
BLACON = 111396  # a secondary school in Cheshire West and Chester (LA 896), in the sample


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_fresh_database_reaches_a_working_catalogue(client, settings, on_commit):
    settings.WORKGROUPS_PINNED_NOW = DEMO_NOW  # October 2024: the year 2024/25 has begun
    assert not Programme.objects.exists() and not AcademicYear.objects.exists()
    run("load_local_authorities")
    run("import_schools", str(SAMPLE))
    assert "created" in run("load_programmes")
    programme = Programme.objects.order_by("title").first()
    assert programme is not None
    run("grant_role", "national@example.org", "national", "national_staff")

    # National staff create the hub; its lead is invited by email.
    sign_in(client, User.objects.get(email="national@example.org"))
    response = on_commit(client.post, "/staff/national/hubs/new/", {
        "name": "Cheshire and Wirral Maths Hub", "slug": "cheshire-and-wirral",
        "areas": ["896"], "contact_email": "hello@example.org", "website": "",
        "lead_email": "lead@example.org"})
    assert response.status_code == 302
    found = re.search(r"https?://[^/\s]+(/account/team-invitations/\S+/)",
                      str(mail.outbox[-1].body))
    assert found

    # The hub lead (signed in by an emailed code, which makes their account) accepts.
    lead = User.objects.create_user("lead@example.org")
    sign_in(client, lead)
    assert client.post(found.group(1)).status_code == 302
    sign_in(client, lead)  # their new role needs a second factor: set up, and used
    assert client.get("/staff/hubs/cheshire-and-wirral/team/").status_code == 200

    # They add an offering for this year, which no one had recorded yet.
    form = client.get("/staff/hubs/cheshire-and-wirral/offerings/new/").text
    assert "2024/25" in form and "2025/26" in form
    response = client.post("/staff/hubs/cheshire-and-wirral/offerings/new/", {
        "programme": programme.pk, "academic_year": "new-2024", "slug": "first-offering",
        "status": "recruiting", "how_to_apply": "Apply online."})
    assert response.status_code == 302, response.content
    offering = Offering.objects.get(slug="first-offering")
    assert offering.academic_year.slug == "2024-25"

    # The public catalogue shows it, and a school in the area finds the hub.
    client.logout()
    catalogue = client.get("/hubs/cheshire-and-wirral/2024-25/")
    assert catalogue.status_code == 200 and programme.title in catalogue.text
    found_hub = client.get(f"/schools/your-hub/?urn={BLACON}")
    assert found_hub["Location"].startswith("/hubs/cheshire-and-wirral/2024-25/")
