"""Staff forms for offerings. Shape checks only: the rules live in catalogue.services."""

from __future__ import annotations

from typing import Any

from django import forms

from workgroups.catalogue.models import (
    OFFERING_TRANSITIONS,
    AcademicYear,
    OfferingStatus,
    Programme,
    QuestionKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferingFieldsForm(forms.Form):
    slug = forms.SlugField(
        label="Web address name", max_length=80,
        help_text="Lower-case letters, numbers and hyphens, for example secondary-tfm-development.",
    )
    code = forms.CharField(label="National project code (optional)", max_length=30,
                           required=False, help_text="For example NCP 24-12.")
    status = forms.ChoiceField(label="Status", choices=OfferingStatus.choices,
                               widget=forms.RadioSelect)
    applications_open = forms.DateField(label="Applications open (optional)", required=False,
                                        widget=DATE_WIDGET)
    applications_close = forms.DateField(label="Applications close (optional)", required=False,
                                         widget=DATE_WIDGET)
    how_to_apply = forms.CharField(label="How to apply", required=False, widget=forms.Textarea)
    year_notes = forms.CharField(label="Notes for this year (optional)", required=False,
                                 widget=forms.Textarea)
    contact_email = forms.EmailField(label="Contact email (optional)", required=False)
    decisions_by = forms.DateField(
        label="Applicants hear by (optional)", required=False, widget=DATE_WIDGET,
        help_text="The date by which you tell applicants whether they have a place. Their "
                  "confirmation email says so.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("applications_open"), cleaned.get("applications_close")
        if opens and closes and closes < opens:
            self.add_error("applications_close",
                           "The closing date must be on or after the opening date.")
        return cleaned


class OfferingCreateForm(OfferingFieldsForm):
    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.all(),
                                       empty_label="Choose a programme")
    academic_year = forms.ModelChoiceField(label="Academic year",
                                           queryset=AcademicYear.objects.all(),
                                           empty_label="Choose a year")
    field_order = ["programme", "academic_year", "slug", "code", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [
            (s.value, s.label) for s in (OfferingStatus.DRAFT,
                                         OfferingStatus.EXPRESSION_OF_INTEREST,
                                         OfferingStatus.RECRUITING)
        ]
        self.fields["status"].initial = OfferingStatus.DRAFT


class OfferingEditForm(OfferingFieldsForm):
    capacity_schools = forms.IntegerField(
        label="Places for schools across all its Work Groups (optional)", required=False,
        min_value=1, max_value=10000,
        help_text="Leave empty when each Work Group’s own places are the limit.")
    capacity_participants = forms.IntegerField(
        label="Places for participants across all its Work Groups (optional)", required=False,
        min_value=1, max_value=50000)

    def __init__(self, *args: Any, current_status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {OfferingStatus(current_status)} | OFFERING_TRANSITIONS[
            OfferingStatus(current_status)]
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(s.value, s.label) for s in OfferingStatus if s in allowed]


class QuestionForm(forms.Form):
    """A question a hub adds to an offering's application form."""

    text = forms.CharField(label="Question", max_length=300,
                           error_messages={"required": "Enter the question"})
    hint = forms.CharField(label="Hint (optional)", max_length=500, required=False,
                           help_text="Shown under the question, to help people answer.")
    kind = forms.ChoiceField(label="Type of answer", choices=QuestionKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of answer"})
    choices = forms.CharField(
        label="Answers to choose from", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only for “Choose one” and “Choose any”: one answer on each line.")
    required = forms.ChoiceField(label="Must people answer it?", widget=forms.RadioSelect,
                                 choices=[("yes", "Yes"), ("no", "No, it is optional")],
                                 error_messages={"required": "Select yes or no"})

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines()
                if line.strip()]

    def clean_required(self) -> bool:
        return bool(self.cleaned_data["required"] == "yes")
