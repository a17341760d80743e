"""Staff forms for offerings. Shape checks only: the rules live in catalogue.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from workgroups.catalogue.models import (
    OFFERING_TRANSITIONS,
    AcademicYear,
    OfferingStatus,
    Programme,
    QuestionKind,
)
from workgroups.catalogue.services import (
    RESERVED_OFFERING_SLUGS,
    reserved_offering_slug_message,
)
from workgroups.core import clock

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

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug in RESERVED_OFFERING_SLUGS:
            raise ValidationError(reserved_offering_slug_message(slug))
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("applications_open"), cleaned.get("applications_close")
        if opens and closes and closes < opens:
            self.add_error("applications_close",
                           "The closing date must be on or after the opening date.")
        return cleaned


NEW_YEAR = "new-"


class OfferingCreateForm(OfferingFieldsForm):
    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.all(),
                                       empty_label="Choose a programme")
    # The years on record, and this year and next even before anything is recorded in them
    # (a new installation has none): cleaned to an AcademicYear, or the start year of one to
    # make when the form is saved.
    academic_year = forms.ChoiceField(label="Academic year",
                                      error_messages={"required": "Select a year",
                                                      "invalid_choice": "Select a year"})
    field_order = ["programme", "academic_year", "slug", "code", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every status the model has: an earlier year can be recorded as running or completed.
        self.fields["status"].initial = OfferingStatus.DRAFT
        today = clock.today()
        this_year = today.year if today.month >= 9 else today.year - 1
        years: dict[int, tuple[str, str]] = {
            year.starts_on.year: (str(year.pk), year.label)
            for year in AcademicYear.objects.order_by("starts_on")}
        for start in (this_year, this_year + 1):
            years.setdefault(start, (f"{NEW_YEAR}{start}", f"{start}/{str(start + 1)[-2:]}"))
        field = self.fields["academic_year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a year")] + [years[start] for start in sorted(years)]

    def clean_academic_year(self) -> AcademicYear | int:
        value = str(self.cleaned_data["academic_year"])
        if value.startswith(NEW_YEAR):
            return int(value.removeprefix(NEW_YEAR))
        found = AcademicYear.objects.filter(pk=int(value)).first()
        if found is None:
            raise ValidationError("Select a year")
        return found


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


HTTPS_URL = URLValidator(schemes=["https"])


class OfferingEditForm(OfferingFieldsForm):
    # This year's own text, as the hub publishes it; an empty field shows the programme's.
    title = forms.CharField(label="Title this year (optional)", max_length=200, required=False,
                            help_text="Leave empty to use the programme’s title.")
    summary = forms.CharField(label="Summary this year (optional)", required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    who_can_take_part = forms.CharField(label="Who can take part this year (optional)",
                                        required=False, max_length=10000,
                                        widget=forms.Textarea)
    what_is_involved = forms.CharField(label="What is involved this year (optional)",
                                       required=False, max_length=10000, widget=forms.Textarea)
    learning_outcomes = forms.CharField(
        label="What participants will learn this year (optional)", required=False,
        max_length=10000, widget=forms.Textarea,
        help_text="One on each line. Leave empty to use the programme’s list.")
    time_commitment = forms.CharField(label="Time commitment this year (optional)",
                                      max_length=300, required=False)
    cost = forms.CharField(label="Cost this year (optional)", max_length=500, required=False)
    links = forms.CharField(
        label="Documents and pages to point to (optional)", required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line: its name, or its name, a vertical bar (|) and its web "
                  "address starting https://.")
    capacity_schools = forms.IntegerField(
        label="Places for schools across all its Work Groups (optional)", required=False,
        min_value=1, max_value=10000,
        help_text="Leave empty when each Work Group’s own places are the limit.")
    capacity_participants = forms.IntegerField(
        label="Places for participants across all its Work Groups (optional)", required=False,
        min_value=1, max_value=50000)

    def __init__(self, *args: Any, current_status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Lists are edited as lines; an offering that shows no learning list keeps showing none.
        self._had_no_outcomes = self.initial.get("learning_outcomes") == []
        self.initial["learning_outcomes"] = "\n".join(self.initial.get("learning_outcomes") or [])
        self.initial["links"] = "\n".join(
            f"{link['text']} | {link['url']}" if link.get("url") else link["text"]
            for link in self.initial.get("links") or [])
        # Every status is offered; the hint says which the current one can move to, and the
        # service refuses any other with its reason (shown on the field).
        current = OfferingStatus(current_status)
        onward = [s.label.lower() for s in OfferingStatus if s in OFFERING_TRANSITIONS[current]]
        self.fields["status"].help_text = (
            f"It is {current.label.lower()} now"
            + (f"; it can become {', '.join(onward[:-1])}{' or ' if len(onward) > 1 else ''}"
               f"{onward[-1]}." if onward else ", and that is final."))

    def clean_learning_outcomes(self) -> list[str] | None:
        outcomes = _lines(self.cleaned_data.get("learning_outcomes", ""))
        if outcomes:
            return outcomes
        return [] if self._had_no_outcomes else None

    def clean_links(self) -> list[dict[str, str]]:
        links = []
        for line in _lines(self.cleaned_data.get("links", "")):
            text, _, url = (part.strip() for part in line.partition("|"))
            if not text:
                raise ValidationError("Give each document or page its name before the |.")
            if url:
                try:
                    HTTPS_URL(url)
                except ValidationError:
                    raise ValidationError(
                        f"“{url[:80]}” is not a web address starting https://.") from None
            links.append({"text": text, "url": url})
        return links


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
