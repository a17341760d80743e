"""allauth's sign-in forms, worded and laid out the GOV.UK way (labels, no placeholders, error
messages that say what to do)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account import forms as allauth_forms
from django import forms

from workgroups.accounts.models import Role

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
}
FIELD_WORDING: dict[str, tuple[str, str, dict[str, str]]] = {
    # name: (label, hint, error messages)
    "email": ("Email address", "", EMAIL_ERRORS),
    "login": ("Email address", "", EMAIL_ERRORS),
    "password": ("Password", "", {"required": "Enter your password"}),
    "code": ("Code", "", {"required": "Enter the code from the email"}),
}

# allauth's alphabet for letter codes (no vowels, so no words); digits for numeric ones.
CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"
CODE_DIGITS = "0123456789"


def code_format_hint(code_format: Mapping[str, Any], timeout_seconds: int) -> str:
    """What the emailed code looks like and how long it works, from allauth's code settings
    (its default format: 8 letters in two groups of 4, or 9 digits in three groups of 3)."""
    numeric = bool(code_format.get("numeric", False))
    length = int(code_format.get("length") or (9 if numeric else 8))
    alphabet = CODE_DIGITS[1:] if numeric else CODE_LETTERS
    example = "".join(alphabet[position % len(alphabet)] for position in range(length))
    kind = "digits" if numeric else "letters"
    minutes = max(1, timeout_seconds // 60)
    lasts = f"It works for {minutes} minute{'s' if minutes != 1 else ''}."
    if not code_format.get("dashed", True):
        return f"The code is in the email we sent you: {length} {kind}, like {example}. {lasts}"
    # Grouped as allauth groups them: two groups up to 8 characters, three beyond.
    chunk = math.ceil(length / (2 if length <= 8 else 3))
    example = "-".join(example[start:start + chunk] for start in range(0, length, chunk))
    return (f"The code is in the email we sent you: {length} {kind}, like {example} (the dash "
            f"is optional). {lasts}")


class GovukWording(forms.Form):
    """Relabels allauth's fields and drops the placeholders GOV.UK patterns avoid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in FIELD_WORDING:
                label, hint, errors = FIELD_WORDING[name]
                field.label, field.help_text = label, hint
                field.error_messages.update(errors)
        self.fields.pop("remember", None)  # sessions are remembered (ACCOUNT_SESSION_REMEMBER)


class LoginForm(GovukWording, allauth_forms.LoginForm):
    """Staff sign in with a password. (allauth drops the password field when sign-up asks for
    none, as ours does for applicants; staff accounts are made with one.)"""

    def _setup_password_field(self) -> None:
        self.fields["password"].required = True


class SignupForm(GovukWording, allauth_forms.SignupForm):
    pass


class RequestLoginCodeForm(GovukWording, allauth_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(GovukWording, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = code_format_hint(
            allauth_settings.LOGIN_BY_CODE_FORMAT, allauth_settings.LOGIN_BY_CODE_TIMEOUT)


class ConfirmEmailVerificationCodeForm(GovukWording,
                                       allauth_forms.ConfirmEmailVerificationCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = code_format_hint(
            allauth_settings.EMAIL_VERIFICATION_BY_CODE_FORMAT,
            allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT)


class NameForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={
        "required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}))
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={
        "required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100,
                           help_text="What it is for, so you can tell it apart later. For "
                                     "example, “Hub spreadsheet”.",
                           error_messages={"required": "Enter a name for the token"})


ROLE_HINTS: dict[str, str] = {
    "hub_staff": "Runs the hub's offerings, applications, registers and outcomes.",
    "work_group_lead": "Takes registers for the Work Groups they lead, and nothing else.",
    "hub_lead": "Everything hub staff do, and manages the hub's team.",
    "national_staff": "Manages the national programmes and hubs.",
    "national_viewer": "Sees the national overview: counts for every hub, no personal data.",
}


def _role_choices(roles: Sequence[str]) -> list[tuple[str, str]]:
    labels = dict(Role.choices)
    return [(role, str(labels[role])) for role in roles]


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect,
                             error_messages={"required": "Select a role",
                                             "invalid_choice": "Select a role"})

    def __init__(self, *args: Any, roles: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _role_choices(roles)
        field.help_text = " ".join(f"{dict(Role.choices)[role]}: {ROLE_HINTS[role]}"
                                   for role in roles if role in ROLE_HINTS)


class TeamInviteForm(TeamRoleForm):
    email = forms.EmailField(label="Email address", max_length=254,
                             help_text="We will email them a link to accept. It works once, "
                                       "for 14 days.",
                             error_messages={
                                 "required": "Enter their email address",
                                 "invalid": "Enter an email address in the correct format, "
                                            "like name@example.org"},
                             widget=forms.EmailInput(attrs={"autocomplete": "off",
                                                            "spellcheck": "false"}))
    field_order = ["email", "role"]
