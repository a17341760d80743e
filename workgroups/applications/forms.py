"""Forms for applicants and people registering interest."""

from __future__ import annotations

from typing import Any

from django import forms

from workgroups.catalogue.models import OfferingQuestion, QuestionKind, SupportRole
from workgroups.eligibility.forms import YES_NO
from workgroups.schools.models import School


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

    def clean_school_urn(self) -> int | None:
        urn: int | None = self.cleaned_data.get("school_urn")
        if urn is not None and not School.objects.filter(urn=urn).exists():
            raise forms.ValidationError("There is no school with that URN in the register")
        return urn


# --- The application journey ---------------------------------------------------------------



class ExtraQuestionForm(forms.Form):
    """One of the offering's own questions, as one page."""

    def __init__(self, *args: Any, question: OfferingQuestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        kind = question.kind
        required = question.required
        field: forms.Field
        if kind == QuestionKind.TEXT:
            field = forms.CharField(max_length=500, error_messages={
                "required": "Enter your answer", "max_length": "Use 500 characters or fewer"})
        elif kind == QuestionKind.LONG_TEXT:
            field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                    error_messages={"required": "Enter your answer",
                                                    "max_length": "Use 5,000 characters or "
                                                                  "fewer"})
        elif kind == QuestionKind.YES_NO:
            field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect,
                                      error_messages={"required": "Select yes or no"})
        elif kind == QuestionKind.SINGLE_CHOICE:
            field = forms.ChoiceField(choices=[(c, c) for c in question.choices],
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Select an answer"})
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            field = forms.MultipleChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Select at least one answer"})
        else:
            field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                                    error_messages={"required": "Enter a date",
                                                    "invalid": "Enter a real date"})
        field.required = required
        field.label = question.text if required else f"{question.text} (optional)"
        field.help_text = question.hint
        self.fields["answer"] = field

    def clean_answer(self) -> Any:
        value = self.cleaned_data["answer"]
        if self.question.kind == QuestionKind.YES_NO:
            return {"yes": True, "no": False}.get(value)
        if self.question.kind == QuestionKind.DATE:
            return value.isoformat() if value else ""
        return value

    def initial_from(self, value: Any) -> None:
        if self.question.kind == QuestionKind.YES_NO and isinstance(value, bool):
            self.initial["answer"] = "yes" if value else "no"
        elif value is not None:
            self.initial["answer"] = value


class TeamForm(forms.Form):
    """The named team members of a school-team application: each will be asked to agree."""

    def __init__(self, *args: Any, size: int, applicant_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.size = size
        self.applicant_email = applicant_email.lower()
        for number in range(1, size + 1):
            self.fields[f"member_{number}_name"] = forms.CharField(
                label="Full name", max_length=150,
                error_messages={"required": f"Enter team member {number}’s full name"})
            self.fields[f"member_{number}_email"] = forms.EmailField(
                label="Email address", max_length=254,
                help_text="Their school email address. We email them to ask them to agree.",
                error_messages={
                    "required": f"Enter team member {number}’s email address",
                    "invalid": "Enter an email address in the correct format, like "
                               "name@example.org"},
                widget=forms.EmailInput(attrs={"spellcheck": "false"}))
            self.fields[f"member_{number}_role"] = forms.CharField(
                label="Role", max_length=100, help_text="For example, teacher of maths",
                error_messages={"required": f"Enter team member {number}’s role"})

    def members(self) -> list[list[forms.BoundField]]:
        return [[self[f"member_{n}_{part}"] for part in ("name", "email", "role")]
                for n in range(1, self.size + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: set[str] = set()
        for number in range(1, self.size + 1):
            email = str(cleaned.get(f"member_{number}_email", "")).lower()
            if email and email in seen:
                self.add_error(f"member_{number}_email",
                               "Each team member needs their own email address")
            seen.add(email)
        return cleaned

    def team(self) -> list[dict[str, str]]:
        return [{"name": self.cleaned_data[f"member_{n}_name"].strip(),
                 "email": self.cleaned_data[f"member_{n}_email"].strip().lower(),
                 "role": self.cleaned_data[f"member_{n}_role"].strip()}
                for n in range(1, self.size + 1)]

    def initial_from(self, team: Any) -> None:
        if isinstance(team, list):
            for number, member in enumerate(team[:self.size], start=1):
                for part in ("name", "email", "role"):
                    self.initial[f"member_{number}_{part}"] = member.get(part, "")


class SupportersForm(forms.Form):
    """Who will back the application, one person per role the programme asks for."""

    def __init__(self, *args: Any, roles: list[str], applicant_email: str,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles
        self.applicant_email = applicant_email.lower()
        for role in roles:
            title = SupportRole(role).label
            self.fields[f"{role}_name"] = forms.CharField(
                label="Full name", max_length=150,
                error_messages={"required": f"Enter the name of your {title.lower()}"})
            self.fields[f"{role}_email"] = forms.EmailField(
                label="Email address", max_length=254,
                error_messages={"required": f"Enter the email address of your {title.lower()}",
                                "invalid": "Enter an email address in the correct format, "
                                           "like name@example.org"},
                widget=forms.EmailInput(attrs={"spellcheck": "false"}))

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(SupportRole(role).label, [self[f"{role}_name"], self[f"{role}_email"]])
                for role in self.roles]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for role in self.roles:
            if str(cleaned.get(f"{role}_email", "")).lower() == self.applicant_email:
                self.add_error(f"{role}_email", "Enter someone else’s email address: you "
                                                "cannot support your own application")
        return cleaned

    def supporters(self) -> dict[str, dict[str, str]]:
        return {role: {"name": self.cleaned_data[f"{role}_name"].strip(),
                       "email": self.cleaned_data[f"{role}_email"].strip().lower()}
                for role in self.roles}

    def initial_from(self, supporters: Any) -> None:
        if isinstance(supporters, dict):
            for role in self.roles:
                person = supporters.get(role) or {}
                self.initial[f"{role}_name"] = person.get("name", "")
                self.initial[f"{role}_email"] = person.get("email", "")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?", max_length=1000,
        help_text="This helps the hub plan its Work Groups.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tell us why you are withdrawing"})


class EndorsementForm(forms.Form):
    answer = forms.ChoiceField(widget=forms.RadioSelect, choices=[
        ("give", "Yes"), ("decline", "No")], error_messages={"required": "Select yes or no"})
    comment = forms.CharField(label="Comment (optional)", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="The applicant and the hub will see this.")

    def __init__(self, *args: Any, question: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question
