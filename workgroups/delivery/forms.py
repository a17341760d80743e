"""Staff forms for Work Groups, sessions and venues. Rules live in delivery.services."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django import forms

from workgroups.core import clock
from workgroups.delivery.models import DeliveryMode, SessionKind, Venue
from workgroups.hubs.models import Hub


def _exists_in_london(moment: datetime) -> bool:
    """False for a wall-clock time in the hour the clocks skip each spring (01:30 on 30 March
    2025): zoneinfo accepts it but it names no instant, and converts it to another time."""
    there_and_back = moment.astimezone(UTC).astimezone(clock.LONDON)
    return there_and_back.replace(tzinfo=None) == moment.replace(tzinfo=None)


class WorkGroupForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    delivery_mode = forms.ChoiceField(label="How it is delivered", choices=DeliveryMode.choices,
                                      widget=forms.RadioSelect)
    area = forms.CharField(label="Area (optional)", max_length=200, required=False,
                           help_text="Where most schools come from, for example Wirral.")
    capacity_schools = forms.IntegerField(label="Places for schools", min_value=1,
                                          max_value=1000)
    capacity_participants = forms.IntegerField(label="Places for participants", min_value=1,
                                               max_value=5000)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of session", choices=SessionKind.choices,
                             widget=forms.RadioSelect)
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"},
                                                                format="%Y-%m-%d"))
    start_time = forms.TimeField(label="Starts at", help_text="For example 09:00",
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="Ends at", help_text="For example 15:30",
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    venue = forms.ModelChoiceField(label="Venue (optional)", queryset=Venue.objects.none(),
                                   required=False, empty_label="No venue (online or in school)")
    online = forms.BooleanField(label="Held online", required=False)
    online_link = forms.URLField(label="Online joining link (optional)", required=False,
                                 max_length=200, assume_scheme="https",
                                 help_text="Only participants see it: in their emails and "
                                           "their own calendar feed.")
    equivalent_days = forms.DecimalField(label="Equivalent days", min_value=Decimal("0"),
                                         max_value=Decimal("10"), decimal_places=1,
                                         initial=Decimal("1"))
    required = forms.BooleanField(label="Participants must attend", required=False,
                                  initial=True)

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        venue_field = self.fields["venue"]
        assert isinstance(venue_field, forms.ModelChoiceField)
        venue_field.queryset = Venue.objects.filter(hub=hub).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = datetime.combine(day, start, tzinfo=clock.LONDON)
            cleaned["ends_at"] = datetime.combine(day, end, tzinfo=clock.LONDON)
            if end <= start:
                self.add_error("end_time", "The session must end after it starts.")
            for field, moment in (("start_time", cleaned["starts_at"]),
                                  ("end_time", cleaned["ends_at"])):
                if not _exists_in_london(moment):
                    self.add_error(field, f"{moment:%H:%M} on {moment:%-d %B %Y} does not exist "
                                          "in UK time: the clocks go forward an hour that "
                                          "night. Choose a time outside the missing hour.")
        if cleaned.get("online_link") and not cleaned.get("online"):
            cleaned["online"] = True  # a joining link means it is held online
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for key in ("kind", "starts_at", "ends_at", "venue", "online",
                                           "online_link", "equivalent_days", "required")}


class VenueForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", max_length=10)


class SessionCancelForm(forms.Form):
    reason = forms.CharField(label="Why is it cancelled? (optional)", required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Participants are emailed this with the cancellation.")


class LeadForm(forms.Form):
    email = forms.EmailField(label="Email address of the new lead",
                             help_text="They must already have a role at your hub.",
                             error_messages={"required": "Enter the lead’s email address",
                                             "invalid": "Enter an email address in the "
                                                        "correct format, like "
                                                        "name@example.org"})


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label="Register file (CSV)",
                           help_text="A first row naming the columns: status, and email or name. "
                                     "Status is present, absent or apologies.",
                           error_messages={"required": "Choose the CSV file to upload"})

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file must be smaller than 1 MB.")
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("The file must be a CSV saved as text.")


class VisitForm(forms.Form):
    """An in-school support visit, added by a lead."""

    date = forms.DateField(label="Date of the visit", widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label="Starts at", widget=forms.TimeInput(
        attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="Ends at", widget=forms.TimeInput(
        attrs={"type": "time"}, format="%H:%M"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "The visit must end after it starts.")
            cleaned["starts_at"] = datetime.combine(day, start, tzinfo=clock.LONDON)
            cleaned["ends_at"] = datetime.combine(day, end, tzinfo=clock.LONDON)
        return cleaned
