"""Forms for progression pages. Rules live in progression.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from workgroups.catalogue.models import CompletionRule


class WithdrawParticipantForm(forms.Form):
    reason = forms.CharField(label="Why are they leaving?", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Kept in the record. Their place goes to the waiting list.",
                             error_messages={"required": "Give the reason for the withdrawal"})


class PersonSearchForm(forms.Form):
    email = forms.EmailField(label="Email address", error_messages={
        "required": "Enter the person’s email address",
        "invalid": "Enter an email address in the correct format, like name@example.org"})


class InvitationsForm(forms.Form):
    invitations = forms.TypedMultipleChoiceField(
        label="Invitations", coerce=int,
        error_messages={"required": "Select at least one invitation"})
    action = forms.ChoiceField(label="What to do", widget=forms.RadioSelect, choices=[
        ("send", "Send the invitations"), ("dismiss", "Do not invite")],
        error_messages={"required": "Choose what to do"})

    def __init__(self, *args: Any, invitation_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invitations"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in invitation_ids]


# One small form per way of completing a programme; each page form posts its ``rule``.
class CompletionAllRequiredForm(forms.Form):
    """Attend every required session: nothing more to give."""


class CompletionDaysForm(forms.Form):
    threshold = forms.DecimalField(
        label="Equivalent days attended", min_value=Decimal("0.5"), max_value=Decimal("365"),
        decimal_places=1, max_digits=5, help_text="For example 3 or 2.5.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Enter the number of days",
                        "invalid": "Enter a number of days, like 3 or 2.5",
                        "min_value": "Enter at least half a day",
                        "max_value": "Enter a number of days up to 365",
                        "max_decimal_places": "Enter days to one decimal place, like 2.5",
                        "max_digits": "Enter a number of days up to 365"})


class CompletionPercentForm(forms.Form):
    threshold = forms.DecimalField(
        label="Percentage of the sessions attended", min_value=Decimal("1"),
        max_value=Decimal("100"), decimal_places=1, max_digits=5, help_text="For example 75.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Enter the percentage",
                        "invalid": "Enter a percentage, like 75",
                        "min_value": "Enter a percentage of at least 1",
                        "max_value": "A percentage cannot be more than 100",
                        "max_decimal_places": "Enter a percentage to one decimal place",
                        "max_digits": "A percentage cannot be more than 100"})


COMPLETION_FORMS: dict[str, type[forms.Form]] = {
    CompletionRule.ALL_REQUIRED: CompletionAllRequiredForm,
    CompletionRule.MIN_DAYS: CompletionDaysForm,
    CompletionRule.MIN_PERCENT: CompletionPercentForm,
}


class RouteForm(forms.Form):
    to_programme = forms.ChoiceField(
        label="Which programme comes next?",
        error_messages={"required": "Choose the programme that comes next",
                        "invalid_choice": "Choose the programme that comes next"})
    after_years = forms.IntegerField(
        label="After how many completed years in a row?", min_value=1, max_value=10, initial=1,
        help_text="1 for the year after. A route to the same programme is another year of it.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter the number of years",
                        "invalid": "Enter a whole number, like 1",
                        "min_value": "Enter a number from 1 to 10",
                        "max_value": "Enter a number from 1 to 10"})
    note = forms.CharField(label="What the route means", max_length=200, required=False,
                           help_text="For example “A school that completed Development embeds "
                                     "the approach”.")

    def __init__(self, *args: Any, programmes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_programme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a programme"), *programmes]
