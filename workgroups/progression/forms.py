"""Forms for progression pages. Rules live in progression.services."""

from __future__ import annotations

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


class CompletionForm(forms.Form):
    rule = forms.ChoiceField(label="How participants complete it", widget=forms.RadioSelect,
                             choices=CompletionRule.choices,
                             error_messages={"required": "Choose how participants complete it"})
    threshold = forms.DecimalField(
        label="Days, or percentage of sessions (for the last two)", required=False,
        min_value=0, max_value=1000, decimal_places=1,
        help_text="For example 3 (days) or 75 (per cent).")
