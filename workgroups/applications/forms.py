"""Forms for applicants and for the hub's decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from workgroups.accounts.forms import NameForm
from workgroups.applications.addresses import mailbox, same_mailbox
from workgroups.applications.answers import Supporter, TeamMember
from workgroups.applications.models import ApplicationStatus
from workgroups.catalogue.models import OfferingQuestion, QuestionKind, SupportRole
from workgroups.eligibility.forms import YES_NO, role_label
from workgroups.eligibility.rules import ROLES


class ProfileForm(NameForm):
    """The applicant's name and role on their profile page."""

    role = forms.ChoiceField(label="Your role", widget=forms.RadioSelect, choices=[
        (key, role_label(key)) for key in ROLES], error_messages={"required": "Select your role"})


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
            typed = str(cleaned.get(f"member_{number}_email", ""))
            email = mailbox(typed)
            if email and email in seen:
                self.add_error(f"member_{number}_email",
                               "Each team member needs their own email address")
            elif (typed and same_mailbox(typed, self.applicant_email)
                  and typed.strip().lower() != self.applicant_email):
                # The applicant lists themselves with the address they sign in with (they agree
                # by applying); another spelling of it would email them a request.
                self.add_error(f"member_{number}_email",
                               "This is your own email address: give the one you sign in "
                               f"with, {self.applicant_email}")
            seen.add(email)
        return cleaned

    def team(self) -> list[dict[str, str]]:
        return [{"name": self.cleaned_data[f"member_{n}_name"].strip(),
                 "email": self.cleaned_data[f"member_{n}_email"].strip().lower(),
                 "role": self.cleaned_data[f"member_{n}_role"].strip()}
                for n in range(1, self.size + 1)]

    def initial_from(self, team: Sequence[TeamMember] | None) -> None:
        for number, member in enumerate((team or ())[:self.size], start=1):
            self.initial[f"member_{number}_name"] = member.name
            self.initial[f"member_{number}_email"] = member.email
            self.initial[f"member_{number}_role"] = member.role


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
            if same_mailbox(str(cleaned.get(f"{role}_email", "")), self.applicant_email):
                self.add_error(f"{role}_email", "Enter someone else’s email address: this is "
                                                "your own, and you cannot support your own "
                                                "application")
        return cleaned

    def supporters(self) -> dict[str, dict[str, str]]:
        return {role: {"name": self.cleaned_data[f"{role}_name"].strip(),
                       "email": self.cleaned_data[f"{role}_email"].strip().lower()}
                for role in self.roles}

    def initial_from(self, supporters: Mapping[str, Supporter] | None) -> None:
        if supporters is not None:
            for role in self.roles:
                person = supporters.get(role)
                self.initial[f"{role}_name"] = person.name if person else ""
                self.initial[f"{role}_email"] = person.email if person else ""


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?", max_length=1000,
        help_text="This helps the hub plan its Work Groups.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tell us why you are withdrawing"})


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you accept the place?", widget=forms.RadioSelect,
        choices=[("accept", "Yes, accept the place"), ("decline", "No, turn it down")],
        error_messages={"required": "Select whether you accept the place"})
    reason = forms.CharField(
        label="If you are turning it down, why? (optional)", max_length=1000, required=False,
        help_text="This helps the hub plan next year’s Work Groups.",
        widget=forms.Textarea(attrs={"rows": 3}))


class EndorsementForm(forms.Form):
    answer = forms.ChoiceField(widget=forms.RadioSelect, choices=[
        ("give", "Yes"), ("decline", "No")], error_messages={"required": "Select yes or no"})
    comment = forms.CharField(label="Comment (optional)", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="The applicant and the hub will see this.")

    def __init__(self, *args: Any, question: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question


# --- Staff: the applications table and decisions -------------------------------------------------

OUTCOME_CHOICES = [("eligible", "Eligible"), ("eligible_with_notes", "Eligible, with notes"),
                   ("not_eligible", "Not eligible")]
SORT_CHOICES = [("submitted", "Sent, earliest first"), ("-submitted", "Sent, latest first"),
                ("applicant", "Applicant’s surname, A to Z"),
                ("-applicant", "Applicant’s surname, Z to A"),
                ("school", "School, A to Z"), ("-school", "School, Z to A"),
                ("status", "Status"), ("-status", "Status, reversed"),
                ("waitlist", "Place on the waiting list")]


class ApplicationFilterForm(forms.Form):
    status = forms.MultipleChoiceField(label="Status", required=False,
                                       widget=forms.CheckboxSelectMultiple)
    la = forms.TypedChoiceField(label="Local authority", required=False, coerce=int,
                                empty_value=None)
    school = forms.CharField(label="School name or URN", required=False, max_length=100)
    outcome = forms.ChoiceField(label="Eligibility", required=False,
                                choices=[("", "Any"), *OUTCOME_CHOICES])
    submitted_from = forms.DateField(label="Sent on or after", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = forms.DateField(label="Sent on or before", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, local_authorities: list[tuple[int | None, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.MultipleChoiceField)
        status.choices = [(s.value, s.label) for s in ApplicationStatus
                          if s != ApplicationStatus.DRAFT]
        la = self.fields["la"]
        assert isinstance(la, forms.TypedChoiceField)
        la.choices = [("", "Any"), *[(code, name) for code, name in local_authorities if code]]


class WorkGroupChoiceMixin(forms.Form):
    work_group = forms.TypedChoiceField(label="Work Group", coerce=int, required=False,
                                        empty_value=None)

    def __init__(self, *args: Any, work_groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["work_group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a Work Group"), *work_groups]


class BulkDecisionForm(WorkGroupChoiceMixin):
    applications = forms.TypedMultipleChoiceField(
        label="Applications", coerce=int,
        error_messages={"required": "Select at least one application"})
    action = forms.ChoiceField(label="What to do with the selected applications",
                               widget=forms.RadioSelect,
                               choices=[("offer", "Offer places in a Work Group"),
                                        ("waitlist", "Put on the waiting list"),
                                        ("decline", "Decline")],
                               error_messages={"required": "Choose what to do"})
    reason = forms.CharField(label="Reason for declining (told to the applicants)",
                             required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, application_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in application_ids]


class OfferForm(WorkGroupChoiceMixin):
    def __init__(self, *args: Any, work_groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, work_groups=work_groups, **kwargs)
        # One offer is always into a Work Group (bulk decisions may waitlist or decline instead).
        field = self.fields["work_group"]
        field.required = True
        field.error_messages["required"] = "Choose the Work Group to offer a place in"


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Reason (the applicant is told it)", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for declining"})


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(label="The verdict that should count", choices=OUTCOME_CHOICES,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Choose the verdict"})
    reason = forms.CharField(label="Why you are overriding the verdict", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for the override"})


class WaitlistMoveForm(forms.Form):
    position = forms.IntegerField(label="New place on the waiting list", min_value=1,
                                  widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                                  error_messages={"required": "Enter the new place"})
    reason = forms.CharField(label="Why (the list is first come, first served)",
                             max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Give the reason for the move"})
