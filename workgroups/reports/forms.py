from __future__ import annotations

from typing import Any

from django import forms

from workgroups.core.parse import parse_urn
from workgroups.reports.models import NOTE_MAX


class NotReachedFilterForm(forms.Form):
    la = forms.TypedChoiceField(label="Local authority", required=False, coerce=int,
                                empty_value=None)
    high_pupil_premium = forms.BooleanField(label="High pupil premium only", required=False)
    sparse = forms.BooleanField(label="Sparse (rural) only", required=False)
    never = forms.BooleanField(label="Never engaged by the hub", required=False,
                               help_text="Not in this year or any other.")
    year = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, local_authorities: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = self.fields["la"]
        assert isinstance(la, forms.TypedChoiceField)
        la.choices = [("", "Every local authority"), *local_authorities]


class SchoolNoteForm(forms.Form):
    urn = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="Note", max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter a note.",
                                           "max_length": f"A note must be {NOTE_MAX} "
                                                         "characters or fewer."})

    def clean_urn(self) -> int:
        urn = parse_urn(self.cleaned_data["urn"])
        if urn is None:
            raise forms.ValidationError("Choose a school from the list.")
        return urn
