"""The form national staff use to create a hub."""

from __future__ import annotations

from typing import Any

from django import forms

from workgroups.hubs.models import Hub, LocalAuthority


class HubCreateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150,
                           help_text="As people know it, for example “Cheshire and Wirral "
                                     "Maths Hub”.",
                           error_messages={"required": "Enter the hub’s name"})
    slug = forms.SlugField(label="Web address name", max_length=80,
                           help_text="Lower-case letters, numbers and hyphens, for example "
                                     "“cheshire-and-wirral”. It appears in the hub’s "
                                     "addresses and cannot easily be changed later.",
                           error_messages={
                               "required": "Enter a web address name",
                               "invalid": "Use only lower-case letters, numbers and hyphens"})
    areas = forms.MultipleChoiceField(
        label="Local authorities served", widget=forms.CheckboxSelectMultiple,
        help_text="Schools in these areas find this hub when they search.",
        error_messages={"required": "Select the local authorities the hub serves",
                        "invalid_choice": "Select the local authorities the hub serves"})
    contact_email = forms.EmailField(
        label="Contact email address", max_length=254, required=False,
        help_text="Where applicants send questions.",
        error_messages={"invalid": "Enter an email address in the correct format, like "
                                   "name@example.org"})
    lead_email = forms.EmailField(
        label="Hub lead’s email address", max_length=254,
        help_text="We will email them an invitation to be the hub’s lead. They then invite "
                  "the rest of the hub’s team.",
        error_messages={"required": "Enter the hub lead’s email address",
                        "invalid": "Enter an email address in the correct format, like "
                                   "name@example.org"})
    website = forms.URLField(
        label="Website", max_length=200, required=False, assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the correct format, like "
                                   "https://www.example.org"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = self.fields["areas"]
        assert isinstance(areas, forms.MultipleChoiceField)
        areas.choices = [(str(la.code), la.name)
                         for la in LocalAuthority.objects.order_by("name")]

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if Hub.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A hub already has this web address name: choose "
                                        "another")
        return slug
