"""The form national staff create and edit a programme on (its national text and shape)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import slugify

from workgroups.catalogue.models import Audience, Phase, Programme, SupportRole, Unit
from workgroups.core.parse import has_nul

TEXT_FIELDS = ("title", "audience", "phase", "summary", "who_can_take_part",
               "what_is_involved", "time_commitment", "equivalent_days", "cost", "unit",
               "team_size")


def _required(what: str) -> dict[str, str]:
    return {"required": f"Enter {what}"}


class ProgrammeForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages=_required("a title"))
    slug = forms.SlugField(
        label="Short name for web addresses", max_length=80, required=False,
        help_text="Lower-case letters, numbers and hyphens, like sktm-ect-phase-1. Leave blank "
                  "to make one from the title. It cannot be changed later.",
        error_messages={"invalid": "Use only lower-case letters, numbers and hyphens"})
    audience = forms.ChoiceField(label="Who is it for?", choices=Audience.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who it is for"})
    phase = forms.ChoiceField(label="Phase", choices=Phase.choices, widget=forms.RadioSelect,
                              initial=Phase.SECONDARY,
                              error_messages={"required": "Choose the phase"})
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000, error_messages=_required("a summary"))
    who_can_take_part = forms.CharField(label="Who can take part",
                                        widget=forms.Textarea(attrs={"rows": 5}),
                                        max_length=5000,
                                        error_messages=_required("who can take part"))
    what_is_involved = forms.CharField(label="What is involved",
                                       widget=forms.Textarea(attrs={"rows": 5}),
                                       max_length=5000,
                                       error_messages=_required("what is involved"))
    learning_outcomes = forms.CharField(
        label="What participants will learn", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}), help_text="One on each line.")
    time_commitment = forms.CharField(label="Time commitment", max_length=300,
                                      error_messages=_required("the time commitment"))
    equivalent_days = forms.DecimalField(
        label="Equivalent days", min_value=Decimal("0"), max_value=Decimal("365"),
        decimal_places=1, max_digits=4, help_text="For example 4 or 2.5.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={**_required("the equivalent days"),
                        "invalid": "Enter a number of days, like 4 or 2.5",
                        "min_value": "Enter a number of days from 0 to 365",
                        "max_value": "Enter a number of days from 0 to 365",
                        "max_decimal_places": "Enter days to one decimal place, like 2.5",
                        "max_digits": "Enter a number of days from 0 to 365"})
    cost = forms.CharField(label="Cost", max_length=500, error_messages=_required("the cost"))
    unit = forms.ChoiceField(label="Who applies?", choices=Unit.choices,
                             widget=forms.RadioSelect, initial=Unit.INDIVIDUAL,
                             error_messages={"required": "Choose who applies"})
    team_size = forms.IntegerField(
        label="People in a school team", min_value=1, max_value=20, initial=1,
        help_text="1 for an individual; 2 or more for a school team.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={**_required("how many people are in a team"),
                        "invalid": "Enter a whole number, like 2",
                        "min_value": "Enter a number from 1 to 20",
                        "max_value": "Enter a number from 1 to 20"})
    required_supports = forms.MultipleChoiceField(
        label="Whose support must an application have?", required=False,
        choices=SupportRole.choices, widget=forms.CheckboxSelectMultiple,
        help_text="They are asked in this order. Choose none if nobody’s is needed.")
    prerequisites = forms.MultipleChoiceField(
        label="Programmes that come before it", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shown on its page. To make one a condition of applying, add an eligibility "
                  "rule.")

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        self.programme = programme
        if programme is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(programme, name) for name in TEXT_FIELDS},
                "learning_outcomes": "\n".join(programme.learning_outcomes or []),
                "required_supports": programme.required_supports,
                "prerequisites": list(programme.prerequisites.values_list("slug", flat=True)),
            })
        super().__init__(*args, **kwargs)
        others = Programme.objects.order_by("title")
        if programme is not None:
            others = others.exclude(pk=programme.pk)
            del self.fields["slug"]
        field = self.fields["prerequisites"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(others.values_list("slug", "title"))

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str) and has_nul(value):
                self.add_error(name, "Remove the unusual characters")
        if self.programme is None and not self.errors:
            slug = cleaned.get("slug") or slugify(cleaned.get("title", ""))[:80].strip("-")
            if not slug:
                self.add_error("slug", "Enter a short name, like sktm-ect-phase-1")
            cleaned["slug"] = slug
        unit, team_size = cleaned.get("unit"), cleaned.get("team_size")
        if unit == Unit.INDIVIDUAL and team_size not in (None, 1):
            self.add_error("team_size", "An individual applies alone: enter 1")
        if unit == Unit.SCHOOL_TEAM and team_size is not None and team_size < 2:
            self.add_error("team_size", "A school team has 2 or more people")
        return cleaned

    def data_for_service(self) -> dict[str, Any]:
        """The programme's fields as the catalogue services take them."""
        data = {name: self.cleaned_data[name] for name in TEXT_FIELDS}
        data["learning_outcomes"] = [line.strip() for line in
                                     self.cleaned_data["learning_outcomes"].splitlines()
                                     if line.strip()]
        data["required_supports"] = list(self.cleaned_data["required_supports"])
        return data

    def chosen_prerequisites(self) -> list[Programme]:
        return list(Programme.objects.filter(slug__in=self.cleaned_data["prerequisites"]))
