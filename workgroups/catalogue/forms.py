"""Staff forms for offerings. Shape checks only: the rules live in catalogue.services."""

from __future__ import annotations

from typing import Any

from django import forms

from workgroups.catalogue.models import (
    OFFERING_TRANSITIONS,
    AcademicYear,
    OfferingStatus,
    Programme,
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
    def __init__(self, *args: Any, current_status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {OfferingStatus(current_status)} | OFFERING_TRANSITIONS[
            OfferingStatus(current_status)]
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [(s.value, s.label) for s in OfferingStatus if s in allowed]
