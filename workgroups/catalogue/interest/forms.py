"""The form for registering interest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms


class InterestForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="We use it only to tell you when applications open.",
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like "
                                   "name@example.org"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    name = forms.CharField(label="Your name (optional)", max_length=120, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    school_urn = forms.IntegerField(
        label="Your school’s URN (optional)", required=False, min_value=100000,
        max_value=999999,
        help_text="The 6-digit number that identifies your school. You can find it with the "
                  "school search.",
        error_messages={"invalid": "Enter the URN as 6 digits, like 111422",
                        "min_value": "Enter the URN as 6 digits, like 111422",
                        "max_value": "Enter the URN as 6 digits, like 111422"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}))

    def __init__(self, *args: Any, school_known: Callable[[int], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The school register sits above catalogue: the page hands the check down.
        self.school_known = school_known

    def clean_school_urn(self) -> int | None:
        urn: int | None = self.cleaned_data.get("school_urn")
        if urn is not None and not self.school_known(urn):
            raise forms.ValidationError("There is no school with that URN in the register")
        return urn
