from __future__ import annotations

from django import forms

from workgroups.messaging.selectors import APPLICANT_STATUSES, EVERY_LIVE_APPLICANT
from workgroups.messaging.services import BODY_MAX, SUBJECT_MAX


class MessageForm(forms.Form):
    subject = forms.CharField(
        label="Subject", max_length=SUBJECT_MAX,
        error_messages={"required": "Enter a subject",
                        "max_length": f"The subject must be {SUBJECT_MAX} characters or fewer"})
    body = forms.CharField(
        label="Message", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text: it is sent exactly as you type it. Replies go to your hub’s "
                  "contact address.",
        error_messages={"required": "Enter the message",
                        "max_length": f"The message must be {BODY_MAX:,} characters or fewer"})
    copy_supporters = forms.BooleanField(
        label="Copy in the people who support their applications (head of maths, headteacher "
              "or trust lead)", required=False)
    # Drawn for the confirm page: sending that page twice sends one message.
    once = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


EVERYONE = "all"


class ApplicantsMessageForm(MessageForm):
    status = forms.ChoiceField(
        label="Who to write to", widget=forms.RadioSelect,
        choices=[*APPLICANT_STATUSES.items(), (EVERYONE, EVERY_LIVE_APPLICANT)],
        error_messages={"required": "Choose who to write to",
                        "invalid_choice": "Choose who to write to"})

    field_order = ["status", "subject", "body", "copy_supporters"]

    @property
    def chosen_status(self) -> str | None:
        """The status chosen, or None for every open application."""
        status = self.cleaned_data.get("status")
        return None if status == EVERYONE else status
