from __future__ import annotations

from typing import Any

from django import forms

from workgroups.evaluations.models import Agreement, EvaluationQuestion, EvaluationQuestionKind
from workgroups.evaluations.services import MAX_TEXT


class QuestionForm(forms.Form):
    """A question in a programme's national set or an offering's own."""

    text = forms.CharField(label="Question", max_length=300,
                           error_messages={"required": "Enter the question"},
                           help_text="For a scale, write a statement people agree or disagree "
                                     "with: “I have changed my classroom practice”.")
    kind = forms.ChoiceField(label="Type of answer", choices=EvaluationQuestionKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of answer"})
    required = forms.ChoiceField(label="Must people answer it?", widget=forms.RadioSelect,
                                 choices=[("yes", "Yes"), ("no", "No, it is optional")],
                                 error_messages={"required": "Select yes or no"})

    def clean_required(self) -> bool:
        return bool(self.cleaned_data["required"] == "yes")


class AnswerForm(forms.Form):
    """A field for each question: radios for a scale, a text box for words."""

    def __init__(self, *args: Any, questions: list[EvaluationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            label = question.text if question.required else f"{question.text} (optional)"
            if question.is_scale:
                self.fields[question.field_name] = forms.TypedChoiceField(
                    label=label, choices=Agreement.choices, coerce=int,
                    widget=forms.RadioSelect, required=question.required,
                    error_messages={"required": "Select how much you agree",
                                    "invalid_choice": "Select how much you agree"})
            else:
                self.fields[question.field_name] = forms.CharField(
                    label=label, max_length=MAX_TEXT, required=question.required,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={"required": "Enter your answer",
                                    "max_length": f"Your answer must be {MAX_TEXT} characters "
                                                  f"or fewer"})
