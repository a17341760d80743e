"""Issue 14: sending an application emails the people the applicant typed in, so a day's
sending is limited per applicant (withdrawing and sending again cannot flood a supporter) and
per address asked; past a limit nothing is sent, the draft is kept and the message says when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from tests import factories
from tests.applications.helpers import ECT, started
from workgroups.applications.models import ApplicationStatus
from workgroups.applications.services import application_submit, application_withdraw
from workgroups.applications.services.drafts import (
    REQUESTS_PER_ADDRESS_PER_DAY,
    SUBMISSIONS_PER_APPLICANT_PER_DAY,
)
from workgroups.core.services import DomainError

pytestmark = pytest.mark.django_db

HEAD = {"name": "Hattie Head", "email": "hattie@school.example.org"}


@pytest.fixture
def needs_support(ect_offering):
    ect_offering.programme.required_supports = ["head_of_maths"]
    ect_offering.programme.save()
    return ect_offering


def answers(supporter=HEAD):
    return {**ECT, "supporters": {"head_of_maths": supporter}}


def support_requests():
    return [m for m in mail.outbox if m.to == [HEAD["email"]]]


def test_an_applicant_cannot_send_and_withdraw_over_and_over(needs_support, on_commit,
                                                              settings, pinned_clock):
    applicant = factories.user()
    for _ in range(SUBMISSIONS_PER_APPLICANT_PER_DAY):
        _, draft = started(needs_support, answers(), applicant=applicant)
        sent = on_commit(application_submit, applicant=applicant, application=draft)
        application_withdraw(applicant=applicant, application=sent, reason="Changed my mind")
    assert len(support_requests()) == SUBMISSIONS_PER_APPLICANT_PER_DAY
    _, draft = started(needs_support, answers(), applicant=applicant)
    with pytest.raises(DomainError, match="send it tomorrow"):
        on_commit(application_submit, applicant=applicant, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and not draft.endorsements.exists()
    assert len(support_requests()) == SUBMISSIONS_PER_APPLICANT_PER_DAY
    settings.WORKGROUPS_PINNED_NOW = pinned_clock + timedelta(days=1)
    on_commit(application_submit, applicant=applicant, application=draft)
    assert len(support_requests()) == SUBMISSIONS_PER_APPLICANT_PER_DAY + 1


def test_one_address_is_asked_a_limited_number_of_times_a_day(needs_support, on_commit):
    for _ in range(REQUESTS_PER_ADDRESS_PER_DAY):
        applicant, draft = started(needs_support, answers())
        on_commit(application_submit, applicant=applicant, application=draft)
    applicant, draft = started(needs_support, answers())
    with pytest.raises(DomainError, match="Hattie Head has been asked"):
        on_commit(application_submit, applicant=applicant, application=draft)
    assert len(support_requests()) == REQUESTS_PER_ADDRESS_PER_DAY
    # Another supporter's address is not held back by it.
    other = {"name": "Olu Other", "email": "olu@school.example.org"}
    applicant, draft = started(needs_support, answers(other))
    on_commit(application_submit, applicant=applicant, application=draft)
    assert [m.to for m in mail.outbox].count([other["email"]]) == 1


def test_an_application_asking_nobody_is_not_counted(ect_offering, on_commit):
    applicant = factories.user()
    for _ in range(SUBMISSIONS_PER_APPLICANT_PER_DAY + 1):
        _, draft = started(ect_offering, ECT, applicant=applicant)
        sent = on_commit(application_submit, applicant=applicant, application=draft)
        assert sent.status == ApplicationStatus.READY_FOR_REVIEW
        application_withdraw(applicant=applicant, application=sent, reason="Changed my mind")
