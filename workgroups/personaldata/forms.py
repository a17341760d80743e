"""Forms for the personal-data pages. What is allowed is decided in the views and services."""

from __future__ import annotations

from django import forms

from workgroups.personaldata.export import REASON_MAX

EMAIL_ERRORS = {
    "required": "Enter the person’s email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
    "max_length": "Enter an email address of 254 characters or fewer",
}


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my personal data will be deleted, and that "
              "this cannot be undone",
        error_messages={"required": "Tick the box to confirm you want to delete your account"})


class RequestForm(forms.Form):
    """A subject access or erasure request at a hub: whose (the address, sent in the body of
    the form, never in the page address) and why."""

    email = forms.EmailField(label="Their email address", max_length=254,
                             error_messages=EMAIL_ERRORS)
    reason = forms.CharField(
        label="The request", max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who asked, when and how: for example, “Email from them on 3 March asking "
                  "for a copy of their data”. It is kept in the hub’s history.",
        error_messages={"required": "Describe the request: who asked, when and how",
                        "max_length": f"Keep the request to {REASON_MAX} characters or fewer"})


class EraseForm(RequestForm):
    confirm = forms.BooleanField(
        label="I have checked that this person asked for their data to be erased (or that "
              "the hub must erase it), and I understand this cannot be undone",
        error_messages={"required": "Tick the box to confirm the erasure"})
