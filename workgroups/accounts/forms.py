"""allauth's sign-in forms, worded and laid out the GOV.UK way (labels, no placeholders, error
messages that say what to do)."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms

from workgroups.eligibility.forms import role_label
from workgroups.eligibility.rules import ROLES

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
}
FIELD_WORDING: dict[str, tuple[str, str, dict[str, str]]] = {
    # name: (label, hint, error messages)
    "email": ("Email address", "", EMAIL_ERRORS),
    "login": ("Email address", "", EMAIL_ERRORS),
    "password": ("Password", "", {"required": "Enter your password"}),
    "code": ("Code", "The code is in the email we sent you, like ABC-123",
             {"required": "Enter the code from the email"}),
}


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
    pass


class ConfirmEmailVerificationCodeForm(GovukWording,
                                       allauth_forms.ConfirmEmailVerificationCodeForm):
    pass


class NameForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={
        "required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}))
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={
        "required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}))


class ProfileForm(NameForm):
    role = forms.ChoiceField(label="Your role", widget=forms.RadioSelect, choices=[
        (key, role_label(key)) for key in ROLES], error_messages={"required": "Select your role"})


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100,
                           help_text="What it is for, so you can tell it apart later. For "
                                     "example, “Hub spreadsheet”.",
                           error_messages={"required": "Enter a name for the token"})
