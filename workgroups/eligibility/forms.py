"""One question per page: a form for each applicant fact the rules can ask for."""

from __future__ import annotations

from typing import Any

from django import forms

from workgroups.core.parse import parse_urn
from workgroups.eligibility.rules import CLAIM_DETAIL_MAX, ROLES, Verdict

SCHOOL_QUESTION = "Which school do you work at?"  # asked by its own search page, not FactForm
YES_NO = [("yes", "Yes"), ("no", "No")]

QUESTIONS: dict[str, dict[str, Any]] = {
    "email": {"label": "What is your email address?",
              "hint": "We use it only to find Work Groups you have taken part in before."},
    "role": {"label": "What is your role?"},
    "years_teaching": {"label": "Which year of teaching are you in?",
                       "hint": "Your first year as a qualified teacher is year 1. If you are not "
                               "a teacher, enter 0."},
    "teaches_maths": {"label": "Do you teach maths?"},
    "maths_itt": {"label": "Was your initial teacher training in maths?"},
    "teaches_year7_below_expected": {
        "label": "Do you teach Year 7 pupils who have not reached the expected standard in "
                 "maths?"},
    "teaches_ks4": {"label": "Do you teach maths to Year 10 or Year 11?"},
    "teaches_post16_resit": {
        "label": "Do you teach post-16 GCSE maths resit or Functional Skills maths?"},
    "works_in_ks3_maths": {
        "label": "Do you work mainly in Key Stage 3 maths lessons, or lead maths intervention "
                 "groups?"},
    "trust_urns": {"label": "Which schools are in your trust?",
                   "hint": "Enter their URNs, separated by commas. Find a URN with the school "
                           "search."},
    "leads_pd_beyond_own_institution": {
        "label": "Do you design and lead maths professional development for teachers beyond "
                 "your own school?"},
    "in_england": {"label": "Do you work in England?"},
    "core_maths_years": {"label": "How many years has your school or college taught Core Maths?",
                         "hint": "Count this year. Enter 0 if you do not teach it yet."},
}
# Short names for the pages, as shown on check-your-answers and in the page titles.
STEP_TITLES = {key: question["label"] for key, question in QUESTIONS.items()}
STEP_TITLES["urn"] = SCHOOL_QUESTION
BOOLEAN_KEYS = {"maths_itt", "teaches_year7_below_expected", "teaches_ks4",
                "teaches_post16_resit", "works_in_ks3_maths", "leads_pd_beyond_own_institution",
                "in_england"}


def role_label(role: str) -> str:
    """"a head of department" → "Head of department"."""
    return ROLES[role].removeprefix("an ").removeprefix("a ").capitalize()


class FactForm(forms.Form):
    """A one-question form whose ``answer`` field depends on the fact asked."""

    def __init__(self, *args: Any, fact: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fact = fact
        question = QUESTIONS[fact]
        required = "Answer the question to continue."
        field: forms.Field
        if fact == "email":
            field = forms.EmailField(error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.org"})
        elif fact == "role":
            field = forms.ChoiceField(choices=[(k, role_label(k)) for k in ROLES],
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Select your role"})
        elif fact == "teaches_maths":
            field = forms.ChoiceField(choices=[("now", "Yes, I teach maths now"),
                                               ("within_year", "I will within the next year"),
                                               ("no", "No")], widget=forms.RadioSelect,
                                      error_messages={"required": required})
        elif fact in BOOLEAN_KEYS:
            field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect,
                                      error_messages={"required": "Select yes or no"})
        elif fact in {"years_teaching", "core_maths_years"}:
            field = forms.IntegerField(min_value=0, max_value=60, widget=forms.NumberInput(
                attrs={"inputmode": "numeric"}), error_messages={
                "required": "Enter a number", "invalid": "Enter a whole number, like 2",
                "min_value": "Enter 0 or more", "max_value": "Enter 60 or fewer"})
        elif fact == "trust_urns":
            field = forms.CharField(max_length=500, error_messages={
                "required": "Enter the URNs of the schools in your trust"})
        else:
            raise ValueError(f"No question for {fact}")
        field.label = question["label"]
        field.help_text = question.get("hint", "")
        self.fields["answer"] = field

    def clean_answer(self) -> Any:
        value = self.cleaned_data["answer"]
        if self.fact in BOOLEAN_KEYS:
            return value == "yes"
        if self.fact == "email":
            return str(value).strip().lower()
        if self.fact == "trust_urns":
            parts = [part.strip() for part in str(value).replace(";", ",").split(",")]
            urns = [parse_urn(part) for part in parts if part]
            if not urns or None in urns:
                raise forms.ValidationError("Enter URNs as six-digit numbers separated by "
                                            "commas, like 111422, 111417")
            return urns
        return value

    def initial_from(self, value: Any) -> None:
        if self.fact in BOOLEAN_KEYS and isinstance(value, bool):
            self.initial["answer"] = "yes" if value else "no"
        elif self.fact == "trust_urns" and isinstance(value, list):
            self.initial["answer"] = ", ".join(str(urn) for urn in value)
        elif value is not None:
            self.initial["answer"] = value


def display_answer(fact: str, value: Any) -> str:
    if fact in BOOLEAN_KEYS:
        return "Yes" if value else "No"
    # A saved answer may be of any shape (saved before a form checked it): show it, never fail.
    if fact == "role":
        return role_label(value) if isinstance(value, str) and value in ROLES else str(value)
    if fact == "teaches_maths":
        labels = {"now": "Yes, now", "within_year": "Within the next year", "no": "No"}
        return labels.get(value, str(value)) if isinstance(value, str) else str(value)
    if fact == "trust_urns" and isinstance(value, list):
        return ", ".join(str(urn) for urn in value)
    return str(value)


class ClaimForm(forms.Form):
    """“Our records do not show it, but I did take part”: where and when, for the hub to check."""

    took_part = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you took part"})
    detail = forms.CharField(
        label="If yes, which Maths Hub and which academic year?",
        help_text="For example, North West One Maths Hub, 2023/24. The hub checks this before "
                  "offering a place.",
        required=False, max_length=CLAIM_DETAIL_MAX, error_messages={
            "max_length": f"Keep this to {CLAIM_DETAIL_MAX} characters or fewer"})
    programme = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, question: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["took_part"].label = question or "Did you take part?"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("took_part") == "yes" and not str(cleaned.get("detail", "")).strip():
            self.add_error("detail", "Tell us which Maths Hub and which year")
        return cleaned

    def claims_after(self, claims: Any) -> dict[str, str]:
        """The person's claims with this answer applied: added (yes) or taken back (no)."""
        updated = dict(claims) if isinstance(claims, dict) else {}
        slug = self.cleaned_data["programme"]
        if self.cleaned_data["took_part"] == "yes":
            updated[slug] = self.cleaned_data["detail"].strip()
        else:
            updated.pop(slug, None)
        return updated


def _claim_prefix(slug: str) -> str:
    # One form per claim on a page: the prefix keeps their ids and names apart.
    return f"claim-{slug}"


def claim_forms(verdict: Verdict, claims: Any = None,
                invalid: ClaimForm | None = None) -> list[ClaimForm]:
    """A form for each reason the person can answer with “I did take part”, showing what they
    said before (``claims``); ``invalid`` (a form just sent with errors) takes its twin's
    place."""
    forms_: list[ClaimForm] = []
    asked: set[str] = set()
    for reason in verdict.reasons:
        if reason.claim is None or reason.claim.programmes[0] in asked:
            continue  # one question per programme (its school and person rules share it)
        slug = reason.claim.programmes[0]
        asked.add(slug)
        if invalid is not None and invalid.prefix == _claim_prefix(slug):
            forms_.append(invalid)
        else:
            said = claims.get(slug) if isinstance(claims, dict) else None
            initial = {"programme": slug, **({"took_part": "yes", "detail": said}
                                              if isinstance(said, str) else {})}
            forms_.append(ClaimForm(question=reason.claim.question, prefix=_claim_prefix(slug),
                                    initial=initial))
    return forms_


def claim_form_for(verdict: Verdict, data: Any) -> ClaimForm | None:
    """The claim sent in ``data``, bound, when the verdict offers a claim for that programme
    (and the form says the same programme); else None."""
    for reason in verdict.reasons:
        if reason.claim is None:
            continue
        slug = reason.claim.programmes[0]
        prefix = _claim_prefix(slug)
        if data.get(f"{prefix}-programme") == slug:
            return ClaimForm(data, question=reason.claim.question, prefix=prefix)
    return None
