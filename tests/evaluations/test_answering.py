"""A participant answers from their emailed link: once, while it works; a used, expired or
tampered link says so plainly. What is stored names the Work Group and nobody."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail

from workgroups.core import clock
from workgroups.delivery.models import Enrolment
from workgroups.evaluations.links import invitation_token
from workgroups.evaluations.models import (
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
)
from workgroups.evaluations.services import evaluation_invitations_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(ended, on_commit):
    """The link in Ann's email, and the questions she is asked."""
    on_commit(evaluation_invitations_send)
    own = EvaluationQuestion.objects.create(
        offering=ended.offering, position=1, kind="text", text="Was the venue right?",
        required=True)
    email = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    url = re.search(r"https?://\S+(/evaluation/\S+/)", str(email.body))
    assert url is not None
    return url.group(1), own


def good_answers(extra=None):
    questions = EvaluationQuestion.objects.filter(removed=False)
    data = {}
    for question in questions:
        data[question.field_name] = "4" if question.is_scale else f"Words for {question.pk}"
    data.update(extra or {})
    return data


def test_the_link_shows_the_national_then_the_hub_s_questions(client, link):
    url, own = link
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("The Work Group improved my subject knowledge") < text.index(own.text)
    assert 'type="radio"' in text and "Strongly agree" in text and "<textarea" in text


def test_answering_saves_once_against_the_work_group_only(client, link, ended):
    url, own = link
    response = client.post(url, good_answers())
    assert response.status_code == 302 and response["Location"] == "/evaluation/thank-you/"
    saved = EvaluationResponse.objects.get()
    assert saved.work_group == ended
    assert saved.answers[str(own.pk)] == f"Words for {own.pk}"
    invitation = EvaluationInvitation.objects.get(enrolment__email="ann@example.org")
    assert invitation.answered_on == clock.today()
    # The same link again: it says so, and nothing more is saved.
    again = client.get(url)
    assert again.status_code == 410
    assert "already been answered" in again.content.decode()
    assert client.post(url, good_answers()).status_code == 410
    assert EvaluationResponse.objects.count() == 1


def test_a_missing_answer_is_shown_on_the_page_and_nothing_saved(client, link):
    url, own = link
    response = client.post(url, good_answers({own.field_name: ""}))
    assert response.status_code == 422
    assert "Enter your answer" in response.content.decode()
    scale = EvaluationQuestion.objects.filter(kind="agreement").get(position=1)
    response = client.post(url, good_answers({scale.field_name: "9"}))
    assert response.status_code == 422
    assert "Select how much you agree" in response.content.decode()
    assert EvaluationResponse.objects.count() == 0
    assert EvaluationInvitation.objects.filter(answered_on__isnull=False).count() == 0


def test_an_expired_link_says_so(client, link, settings):
    url, _ = link
    settings.WORKGROUPS_PINNED_NOW = clock.now() + timedelta(days=29)
    page = client.get(url)
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert client.post(url, good_answers()).status_code == 410
    assert EvaluationResponse.objects.count() == 0


@pytest.mark.parametrize("change", ["tampered", "other-nonce", "garbage"])
def test_a_changed_link_says_so_without_a_server_error(client, link, change):
    url, _ = link
    invitation = EvaluationInvitation.objects.get(enrolment__email="ann@example.org")
    if change == "tampered":
        bad = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    elif change == "other-nonce":
        bad = f"/evaluation/{invitation_token(invitation.pk, 'not-the-nonce')}/"
    else:
        bad = "/evaluation/not-a-link/"
    page = client.get(bad)
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_a_response_cannot_point_at_a_person():
    """The response's only relation is its Work Group: no enrolment, account, invitation, and
    no time at all."""
    fields = {field.name: field for field in EvaluationResponse._meta.concrete_fields}
    related = {name: field.related_model._meta.label for name, field in fields.items()
               if field.is_relation and field.related_model is not None}
    assert related == {"work_group": "delivery.WorkGroup"}
    assert not [name for name, field in fields.items()
                if field.get_internal_type() in {"DateTimeField", "DateField", "TimeField"}]
    assert fields["id"].get_internal_type() == "UUIDField"
    # The invitation records only the day it was answered.
    answered = EvaluationInvitation._meta.get_field("answered_on")
    assert answered.get_internal_type() == "DateField"
    assert Enrolment not in [f.related_model for f in fields.values() if f.is_relation]
