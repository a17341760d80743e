"""The applicant's journey through the pages: sign in by emailed code, one question per page
with a draft saved at each, check your answers, send; then supporters and team members answer
from their emailed links, and the applicant follows it all on "Your applications"."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command

from tests import factories
from tests.applications.helpers import ECT, TEAM, started
from tests.factories import sign_in
from workgroups.applications.models import (
    ApplicantProfile,
    Application,
    ApplicationStatus,
    Endorsement,
    EndorsementStatus,
)
from workgroups.applications.services import application_submit
from workgroups.catalogue.models import OfferingQuestion, QuestionKind, Unit
from workgroups.eligibility.defaults import DEFAULT_RULES

pytestmark = pytest.mark.django_db
S = ApplicationStatus
LINK = re.compile(r"http://\S+/support/(\S+)/")


@pytest.fixture
def ect(ect_offering):
    """SKTM ECT Phase 1 that needs the head of maths' support, with one question of the hub's."""
    ect_offering.programme.required_supports = ["head_of_maths"]
    ect_offering.programme.save()
    OfferingQuestion.objects.create(offering=ect_offering, kind=QuestionKind.YES_NO,
                                    text="Can you attend the afternoon workshops?", position=1)
    return ect_offering


@pytest.fixture
def tfm(pinned_clock):
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub",
                        contact_email="hub@example.org")
    hub.areas.add(factories.local_authority(code=896, name="Cheshire West and Chester"))
    programme = factories.programme(
        slug="secondary-tfm-development", title="TfM Development", unit=Unit.SCHOOL_TEAM,
        team_size=2, eligibility_rules=DEFAULT_RULES["secondary-tfm-development"],
        required_supports=["head_of_maths", "headteacher"])
    factories.school(111422, "Upton-by-Chester High School")
    return factories.offering(hub=hub, programme=programme,
                              academic_year=factories.academic_year(2024),
                              applications_open=date(2024, 5, 1),
                              applications_close=date(2024, 10, 18))


def code_in(message) -> str:
    found = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(message.body), re.M)
    assert found, message.body
    return found.group(1)


def token_in(message) -> str:
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def html_of(message) -> str:
    assert isinstance(message, EmailMultiAlternatives) and message.alternatives
    return str(message.alternatives[0][0])


def base(offering):
    return f"/hubs/{offering.hub.slug}/{offering.academic_year.slug}/{offering.slug}"


def go(client, response, data=None):
    """Answer the page a redirect leads to (GET it, then POST ``data`` if given)."""
    assert response.status_code == 302, response.text[:2000]
    url = response["Location"]
    assert "@" not in url and "%40" not in url  # never an email address in a URL
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    if data is None:
        return page, url
    return client.post(url, data), url


# Signing in by emailed code ("Continue with your email") is tested in tests/accounts/.


# --- The journey ------------------------------------------------------------------------------

def ect_journey(client, offering, on_commit):
    """Sign in, start, answer every page; returns the response of the check page's submit."""
    applicant = factories.user(email="ect@school.example.org")
    sign_in(client, applicant)
    response = client.post(base(offering) + "/apply/")
    response, _ = go(client, response, {"first_name": "Sam", "last_name": "Okafor"})
    response, url = go(client, response)  # the school search
    assert url.endswith("/urn/")
    response = client.post(url, {"urn": "111422", "q": "Upton"})
    for answer in ["now", "1"]:  # do you teach maths; which year of teaching
        response, _ = go(client, response, {"answer": answer})
    response, url = go(client, response)
    assert url.endswith("/eligibility/")
    response = client.post(url)
    page, url = go(client, response)
    assert "Can you attend the afternoon workshops?" in page.text
    response = client.post(url, {"answer": "yes"})
    page, url = go(client, response)
    assert "Your head of maths" in page.text
    response = client.post(url, {"head_of_maths_name": "Hattie Head",
                                 "head_of_maths_email": "hattie@school.example.org"})
    page, url = go(client, response)
    assert url.endswith("/check/")
    assert "Upton-by-Chester High School" in page.text and "hattie@school.example.org" in page.text
    return applicant, on_commit(client.post, url)


def test_an_early_career_teacher_applies_and_the_head_of_maths_supports(client, ect, on_commit):
    applicant, response = ect_journey(client, ect, on_commit)
    page, url = go(client, response)
    assert url.endswith("/sent/") and "Application sent" in page.text
    application = Application.objects.get(applicant=applicant)
    assert application.status == S.AWAITING_SUPPORT
    assert application.eligibility["outcome"] in {"eligible", "eligible_with_notes"}
    confirmation, request = mail.outbox[-2:]
    assert confirmation.to == [applicant.email] and "What happens next" in confirmation.body
    assert "Hattie Head" in confirmation.body and "15 October 2024" in confirmation.body
    assert request.to == ["hattie@school.example.org"]
    token = token_in(request)
    assert "hattie" not in token and "@" not in token
    # The supporter needs no account.
    client.logout()
    support_page = client.get(f"/support/{token}/").text
    assert "Sam Okafor" in support_page and "Upton-by-Chester High School" in support_page
    assert "years_teaching" not in support_page  # career answers are not the supporter's
    done = on_commit(client.post, f"/support/{token}/", {"answer": "give", "comment": "Yes!"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == S.READY_FOR_REVIEW
    assert "is with Cheshire" in mail.outbox[-1].subject or "is with" in mail.outbox[-1].subject
    # The link works once.
    again = client.get(f"/support/{token}/").text
    assert "already been answered" in again and "Send your answer" not in again
    # The profile remembers the answers for next time.
    profile = applicant.profile
    assert profile.school_urn == 111422 and profile.facts["years_teaching"] == 1


def test_a_draft_is_saved_at_every_step_and_resumed(client, ect):
    applicant = factories.user()
    sign_in(client, applicant)
    response = client.post(base(ect) + "/apply/")
    go(client, response, {"first_name": "Sam", "last_name": "Okafor"})
    # Leave, come back: the start page offers to continue, and continuing goes to the next page.
    start = client.get(base(ect) + "/apply/").text
    assert "Continue your application" in start
    again = client.post(base(ect) + "/apply/")
    assert again["Location"].endswith("/urn/")
    assert Application.objects.get().answers["first_name"] == "Sam"


def test_remembered_answers_are_offered_on_the_next_application(client, ect):
    applicant = factories.user()
    ApplicantProfile.objects.create(user=applicant, role="classroom_teacher",
                                              facts={"years_teaching": 2})
    sign_in(client, applicant)
    _, application = started(ect, {"first_name": "Sam", "last_name": "Okafor", "urn": 111422},
                             applicant=applicant)
    page = client.get(f"/applications/{application.pk}/years_teaching/").text
    assert 'value="2"' in page


def test_an_ineligible_applicant_is_stopped_with_reasons(client, ect):
    applicant = factories.user()
    sign_in(client, applicant)
    _, application = started(ect, {**ECT, "years_teaching": 3, "eligibility_seen": False},
                             applicant=applicant)
    page = client.get(f"/applications/{application.pk}/eligibility/")
    assert "You cannot apply" in page.text and 'data-code="' in page.text
    assert "Continue" not in page.text
    client.post(f"/applications/{application.pk}/eligibility/")
    assert Application.objects.get().answers.get("eligibility_seen") is False
    check = client.post(f"/applications/{application.pk}/check/")
    assert Application.objects.get().status == S.DRAFT
    assert check.status_code in (302, 422)


def test_the_window_closing_mid_journey_is_shown_on_check_your_answers(client, ect_offering,
                                                                          settings):
    applicant, application = started(ect_offering, ECT)
    sign_in(client, applicant)
    settings.WORKGROUPS_PINNED_NOW = None
    with time_machine.travel("2024-10-19 09:00 +01:00", tick=False):
        page = client.post(f"/applications/{application.pk}/check/")
    assert page.status_code == 422
    assert "closed on 18 October 2024" in page.text and 'href="#submit"' in page.text
    assert Application.objects.get().status == S.DRAFT


def test_every_question_page_shows_errors_in_a_linked_summary(client, ect):
    applicant = factories.user()
    sign_in(client, applicant)
    _, application = started(ect, ECT, applicant=applicant)
    question = OfferingQuestion.objects.get()
    for step, anchor in [("name", "id_first_name"), ("years_teaching", "id_answer"),
                         ("teaches_maths", "id_answer_0"), (f"q{question.pk}", "id_answer_0"),
                         ("support", "id_head_of_maths_name")]:
        page = client.post(f"/applications/{application.pk}/{step}/", {})
        assert page.status_code == 200, step
        assert "govuk-error-summary" in page.text, step
        assert f'href="#{anchor}"' in page.text and f'id="{anchor}"' in page.text, step
    school = client.post(f"/applications/{application.pk}/urn/", {})
    assert 'href="#school-query"' in school.text
    withdraw = client.post(f"/applications/{application.pk}/withdraw/", {})
    assert 'href="#id_reason"' in withdraw.text


def test_someone_else_s_application_is_a_404_on_every_page(client, ect_offering):
    _, application = started(ect_offering, ECT)
    sign_in(client, factories.user())
    for path in ["", "check/", "sent/", "withdraw/", "name/", "years_teaching/"]:
        assert client.get(f"/applications/{application.pk}/{path}").status_code == 404, path
    assert client.post(f"/applications/{application.pk}/withdraw/",
                       {"reason": "x"}).status_code == 404
    assert f"/applications/{application.pk}/" not in client.get("/applications/").text


def test_my_applications_say_what_is_awaited_from_whom_and_allow_withdrawal(client, ect,
                                                                              on_commit):
    applicant, _ = ect_journey(client, ect, on_commit)
    application = Application.objects.get()
    listing = client.get("/applications/").text
    assert "Waiting for support" in listing and "Hattie Head (head of maths)" in listing
    detail = client.get(f"/applications/{application.pk}/").text
    assert "link works until 15 October 2024" in detail
    page = client.post(f"/applications/{application.pk}/withdraw/",
                       {"reason": "I have changed school"})
    assert page.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.withdrawn_reason == "I have changed school"
    # The supporter's link now says so.
    token = token_in(mail.outbox[-1])
    client.logout()
    assert "no longer waiting" in client.get(f"/support/{token}/").text


# --- School teams -----------------------------------------------------------------------------

def test_a_head_of_department_nominates_two_advocates_and_the_head_confirms(client, tfm,
                                                                              on_commit):
    applicant, application = started(tfm, {**TEAM, "role": "head_of_department",
                                           "teaches_maths": "now"},
                                     applicant=factories.user(email="hod@school.example.org"))
    sign_in(client, applicant)
    support = client.get(f"/applications/{application.pk}/support/").text
    assert "Your headteacher or a senior leader" in support
    assert "Your head of maths" not in support  # they are the head of maths
    client.post(f"/applications/{application.pk}/support/", {
        "headteacher_name": "Helen Head", "headteacher_email": "head@school.example.org"})
    response = on_commit(client.post, f"/applications/{application.pk}/check/")
    assert response.status_code == 302, response.text[:3000]
    application.refresh_from_db()
    assert application.status == S.AWAITING_SUPPORT
    asked = {e.email: e for e in Endorsement.objects.all()}
    assert set(asked) == {"ada@school.example.org", "blaise@school.example.org",
                          "head@school.example.org"}
    emails = {m.to[0]: m for m in mail.outbox}
    client.logout()
    for address in ["ada@school.example.org", "blaise@school.example.org"]:
        assert "do you agree" in emails[address].subject
        token = token_in(emails[address])
        assert "Do you agree to take part?" in client.get(f"/support/{token}/").text
        on_commit(client.post, f"/support/{token}/", {"answer": "give"})
    application.refresh_from_db()
    assert application.status == S.AWAITING_SUPPORT  # the head has not answered yet
    token = token_in(emails["head@school.example.org"])
    on_commit(client.post, f"/support/{token}/", {"answer": "give"})
    application.refresh_from_db()
    assert application.status == S.READY_FOR_REVIEW
    assert [c.to_status for c in application.status_changes.all()] == [
        S.DRAFT, S.SUBMITTED, S.AWAITING_SUPPORT, S.READY_FOR_REVIEW]


def test_a_team_page_refuses_one_address_for_two_people(client, tfm):
    applicant, application = started(tfm, {"first_name": "A", "last_name": "B"})
    sign_in(client, applicant)
    member = {"name": "Ada", "email": "same@school.example.org", "role": "Teacher"}
    data = {f"member_{n}_{k}": v for n in (1, 2) for k, v in member.items()}
    page = client.post(f"/applications/{application.pk}/team/", data)
    assert "Each team member needs their own email address" in page.text
    assert 'href="#id_member_2_email"' in page.text


# --- Support links ----------------------------------------------------------------------------

def sent_with_support(offering, on_commit):
    applicant, application = started(offering, {**ECT, "supporters": {"head_of_maths": {
        "name": "Hattie Head", "email": "hattie@school.example.org"}}})
    on_commit(application_submit, applicant=applicant, application=application)
    return applicant, Application.objects.get(pk=application.pk), token_in(mail.outbox[-1])


@pytest.fixture
def supported(ect_offering):
    ect_offering.programme.required_supports = ["head_of_maths"]
    ect_offering.programme.save()
    return ect_offering


def test_a_tampered_link_is_refused(client, supported, on_commit):
    _, application, token = sent_with_support(supported, on_commit)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = client.get(f"/support/{tampered}/")
    assert page.status_code == 404 and "This link does not work" in page.text
    assert client.post(f"/support/{tampered}/", {"answer": "give"}).status_code == 404
    assert Endorsement.objects.get().status == EndorsementStatus.REQUESTED


def test_a_declined_support_ends_the_application_and_tells_the_applicant(client, supported,
                                                                          on_commit):
    applicant, application, token = sent_with_support(supported, on_commit)
    on_commit(client.post, f"/support/{token}/", {"answer": "decline",
                                                  "comment": "Not this year"})
    application.refresh_from_db()
    assert application.status == S.DECLINED
    told = mail.outbox[-1]
    assert told.to == [applicant.email] and "Not this year" in told.body
    assert client.post(f"/support/{token}/", {"answer": "give"}).status_code == 422
    assert Endorsement.objects.get().status == EndorsementStatus.DECLINED


def test_the_support_page_needs_an_answer(client, supported, on_commit):
    _, _, token = sent_with_support(supported, on_commit)
    page = client.post(f"/support/{token}/", {})
    assert page.status_code == 422 and 'href="#id_answer_0"' in page.text


def test_an_expired_link_says_so_and_a_new_one_replaces_it(client, supported, on_commit,
                                                           settings):
    applicant, application, token = sent_with_support(supported, on_commit)
    settings.WORKGROUPS_PINNED_NOW += timedelta(days=14, minutes=1)
    page = client.get(f"/support/{token}/").text
    assert "This link has expired" in page and "Send your answer" not in page
    assert client.post(f"/support/{token}/", {"answer": "give"}).status_code == 422
    # The supporter asks for a new link: it goes to the address the applicant gave.
    on_commit(client.post, f"/support/{token}/", {"action": "renew"})
    renewed = mail.outbox[-1]
    assert renewed.to == ["hattie@school.example.org"]
    new_token = token_in(renewed)
    assert new_token != token
    assert client.get(f"/support/{token}/").status_code == 404  # replaced
    on_commit(client.post, f"/support/{new_token}/", {"answer": "give"})
    application.refresh_from_db()
    assert application.status == S.READY_FOR_REVIEW


def test_the_applicant_sends_a_new_link_once_a_day_or_when_it_expired(client, supported,
                                                                      on_commit, settings):
    applicant, application, token = sent_with_support(supported, on_commit)
    sign_in(client, applicant)
    endorsement = Endorsement.objects.get()
    url = f"/applications/{application.pk}/requests/{endorsement.pk}/resend/"
    sent = len(mail.outbox)
    too_soon = client.post(url, follow=True)
    assert "You can send another tomorrow" in too_soon.text and len(mail.outbox) == sent
    settings.WORKGROUPS_PINNED_NOW += timedelta(days=1)
    on_commit(client.post, url)
    assert len(mail.outbox) == sent + 1
    assert client.get(f"/support/{token}/").status_code == 404  # the old link is dead


def test_reminders_go_after_five_and_ten_days_once_each(supported, on_commit, settings):
    _, application, _ = sent_with_support(supported, on_commit)
    start = settings.WORKGROUPS_PINNED_NOW

    def remind_on(days):
        settings.WORKGROUPS_PINNED_NOW = start + timedelta(days=days)
        out = StringIO()
        on_commit(call_command, "send_support_reminders", stdout=out)
        return out.getvalue().strip()

    assert remind_on(4) == "0 reminders sent."
    assert remind_on(5) == "1 reminder sent."
    assert remind_on(6) == "0 reminders sent."
    assert mail.outbox[-1].subject.startswith("Reminder:")
    assert remind_on(10) == "1 reminder sent."
    assert remind_on(13) == "0 reminders sent."
    assert remind_on(15) == "0 reminders sent."  # expired: no point reminding
    assert Endorsement.objects.get().reminders_sent == 2


def test_no_email_address_or_token_reaches_the_logs(client, ect, on_commit, caplog):
    caplog.set_level(logging.DEBUG)
    _, response = ect_journey(client, ect, on_commit)
    token = token_in(mail.outbox[-1])
    client.logout()
    on_commit(client.post, f"/support/{token}/", {"answer": "give"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ["ect@school.example.org", "hattie@school.example.org", token]:
        assert secret not in logged
