"""A hub's own questions on an offering's application form: staff add, change and remove them;
applicants meet them as question pages of the right kind."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.factories import sign_in
from workgroups.accounts.models import Role
from workgroups.applications.forms import ExtraQuestionForm
from workgroups.audit.models import AuditEvent
from workgroups.catalogue.models import OfferingQuestion, QuestionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_offering(client):
    hub = factories.hub(slug="cw")
    sign_in(client, factories.member(hub, Role.HUB_STAFF))
    return factories.offering(hub=hub)


def test_staff_add_change_and_remove_a_question(client, staff_offering):
    url = f"/staff/hubs/cw/offerings/{staff_offering.pk}/questions/new/"
    response = client.post(url, {"text": "Which area suits you?", "kind": "single_choice",
                                 "choices": "North\nSouth\n", "required": "no"})
    assert response.status_code == 302
    question = OfferingQuestion.objects.get()
    assert question.choices == ["North", "South"] and not question.required
    page = client.get(f"/staff/hubs/cw/offerings/{staff_offering.pk}/").text
    assert "Which area suits you?" in page and "North, South" in page
    client.post(f"/staff/hubs/cw/questions/{question.pk}/edit/",
                {"text": "Which area?", "kind": "text", "choices": "ignored", "required": "yes"})
    changed = OfferingQuestion.objects.get()
    assert changed.text == "Which area?" and changed.choices == [] and changed.required
    client.post(f"/staff/hubs/cw/questions/{question.pk}/remove/")
    assert not OfferingQuestion.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="catalogue.question.").count() == 3


@pytest.mark.parametrize(("data", "message", "anchor"), [
    ({"kind": "text", "required": "yes"}, "Enter the question", "id_text"),
    ({"text": "Q?", "required": "yes"}, "Select the type of answer", "id_kind_0"),
    ({"text": "Q?", "kind": "multiple_choice", "choices": "Only one", "required": "yes"},
     "Give at least two answers", "id_choices"),
    ({"text": "Q?", "kind": "single_choice", "choices": "A\nA", "required": "yes"},
     "must be different", "id_choices"),
])
def test_a_bad_question_is_explained_and_nothing_is_saved(client, staff_offering, data, message,
                                                          anchor):
    page = client.post(f"/staff/hubs/cw/offerings/{staff_offering.pk}/questions/new/", data)
    assert page.status_code == 200 and message in page.text
    assert f'href="#{anchor}"' in page.text
    assert not OfferingQuestion.objects.exists()


@pytest.mark.parametrize(("kind", "choices", "posted", "stored"), [
    (QuestionKind.TEXT, [], {"answer": " 12 "}, "12"),
    (QuestionKind.LONG_TEXT, [], {"answer": "Because."}, "Because."),
    (QuestionKind.YES_NO, [], {"answer": "no"}, False),
    (QuestionKind.SINGLE_CHOICE, ["A", "B"], {"answer": "B"}, "B"),
    (QuestionKind.MULTIPLE_CHOICE, ["A", "B", "C"], {"answer": ["A", "C"]}, ["A", "C"]),
    (QuestionKind.DATE, [], {"answer": "2024-11-05"}, date(2024, 11, 5).isoformat()),
])
def test_each_kind_of_question_stores_a_plain_answer(kind, choices, posted, stored):
    question = OfferingQuestion(pk=3, kind=kind, text="Q?", choices=choices, required=True)
    form = ExtraQuestionForm(posted, question=question)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["answer"] == stored


@pytest.mark.parametrize(("kind", "choices", "posted"), [
    (QuestionKind.SINGLE_CHOICE, ["A", "B"], {"answer": "Z"}),
    (QuestionKind.DATE, [], {"answer": "2024-02-30"}),
    (QuestionKind.YES_NO, [], {}),
    (QuestionKind.MULTIPLE_CHOICE, ["A"], {}),
])
def test_a_required_or_impossible_answer_is_refused(kind, choices, posted):
    question = OfferingQuestion(pk=3, kind=kind, text="Q?", choices=choices, required=True)
    assert not ExtraQuestionForm(posted, question=question).is_valid()


def test_an_optional_question_can_be_left_blank():
    question = OfferingQuestion(pk=3, kind=QuestionKind.TEXT, text="Q?", required=False)
    form = ExtraQuestionForm({"answer": ""}, question=question)
    assert form.is_valid() and form.cleaned_data["answer"] == ""
    assert form.fields["answer"].label == "Q? (optional)"
