"""Staff filter an offering's applications, download the list as XLSX and as CSV, and the files
hold exactly the rows the filtered table shows."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_scroll,
    pass_second_factor,
)
from workgroups.catalogue.models import Offering
from workgroups.core.clock import LONDON
from workgroups.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_export_the_filtered_applications_and_open_the_files(page: Page, demo_site):
    factories.school(111422, "Upton-by-Chester High School")
    offering = Offering.objects.get(hub__slug="cheshire-and-wirral",
                                    academic_year__slug="2024-25", slug="sktm-ect-phase-1")
    waiting = [factories.ready_application(
        offering, school_urn=111422 if n == 0 else None, status="waitlisted",
        submitted_at=datetime(2024, 9, 20 + n, 10, 0, tzinfo=LONDON)) for n in range(2)]
    names = [application.applicant.get_full_name() for application in waiting]

    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_label("Email address").fill("staff@cheshire-and-wirral.demo.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.wait_for_url("**/staff/hubs/cheshire-and-wirral/")
    page.goto(demo_site.url + f"/staff/hubs/cheshire-and-wirral/offerings/{offering.pk}/"
                              f"applications/")
    page.get_by_text("Filter and sort").click()
    page.get_by_role("checkbox", name="On the waiting list").check()
    page.get_by_role("button", name="Show applications").click()
    expect(page.get_by_text("2 applications")).to_be_visible()
    table_names = [text.strip() for text in
                   page.locator("td[data-label='Applicant'] a").all_inner_texts()]
    assert table_names == names
    assert_accessible(page, "filtered applications with export links")

    with page.expect_download() as spreadsheet:
        page.get_by_role("button", name="Download XLSX (Excel) spreadsheet of the applications"
                         ).click()
    download = spreadsheet.value
    assert download.suggested_filename.startswith(
        "cheshire-and-wirral-maths-hub-sktm-ect-phase-1-2024-25-applications-waiting-list-")
    assert download.suggested_filename.endswith(".xlsx")
    # Playwright saves downloads without an extension, which openpyxl reads by name: open bytes.
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Applicant", "Email", "School")
    assert [row[0] for row in rows[1:]] == names
    assert rows[1][2] == "Upton-by-Chester High School"
    assert rows[1][5] == datetime(2024, 9, 20, 10, 0, tzinfo=LONDON).replace(tzinfo=None)
    assert {row[7] for row in rows[1:]} == {"On the waiting list"}

    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, "filtered applications at 375px")
    assert_no_horizontal_scroll(page)
    with page.expect_download() as text_file:
        page.get_by_role("button", name="Download CSV file of the applications").click()
    text = Path(text_file.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(text.splitlines()))
    assert lines[0][0] == "Applicant"
    assert [line[0] for line in lines[1:]] == names
