"""The staff form for the websites allowed to show a hub's catalogue. Shape checks only: what
counts as a website's address is ``workgroups.hubs.origins``, applied by the service."""

from __future__ import annotations

from django import forms

from workgroups.hubs.origins import MAX_LENGTH


class EmbedOriginForm(forms.Form):
    origin = forms.CharField(
        label="Website address", max_length=MAX_LENGTH, help_text="Like https://www.example.org",
        error_messages={"required": "Enter your website's address, like https://www.example.org",
                        "max_length": f"The address must be {MAX_LENGTH} characters or fewer"})
