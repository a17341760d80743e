"""One small form per kind of eligibility rule, built from the rule's parameter schema
(``rules.RULES[name].params``): numbers, choices in words, and programme pickers. No JSON: the
form gives back the rule's spec, which ``validate_config`` checks again before it is saved."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from workgroups.eligibility.forms import QUESTIONS, SCHOOL_QUESTION, role_label
from workgroups.eligibility.rules import (
    FACT_LABELS,
    RULES,
    Param,
    needed_facts,
    validate_config,
)

# What each rule is, in words, in the order staff are offered them.
RULE_KINDS: list[tuple[str, str]] = [(name, rule.description) for name, rule in RULES.items()]

# The words for each setting, by (rule, setting): a question and its hint (what a blank means).
SETTING_WORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("school", "state_funded"): ("Must the school be state-funded?",
                                 "If you choose neither, only state-funded schools can apply."),
    ("school", "phases"): ("Which schools can apply?",
                           "If you choose none, secondary schools only."),
    ("role", "roles"): ("Which roles can apply?", ""),
    ("teaches_maths", "accept"): ("Which answers to “Do you teach maths?” qualify?",
                                  "If you choose none, only people who teach maths now."),
    ("early_career", "min"): ("First year of teaching that qualifies", "Leave blank for year 1."),
    ("early_career", "max"): ("Last year of teaching that qualifies", "Leave blank for year 2."),
    ("early_career", "next"): ("Programme to suggest to teachers past these years",
                               "Optional."),
    ("not_early_career", "max"): ("Years of teaching that still count as early career",
                                  "Leave blank for 2."),
    ("prerequisite", "programme"): ("Which programme must come first?", ""),
    ("prerequisite", "scope"): ("Whose record counts?",
                                "If you choose neither, the school’s record."),
    ("prerequisite", "previous_year_only"): (
        "Must it have been completed last year?",
        "If you choose neither, any earlier year counts."),
    ("not_already", "scope"): ("Whose record counts?",
                               "If you choose neither, the person’s own record."),
    ("not_already", "next"): ("Programme to suggest to those who have completed it",
                              "Optional."),
    ("school_in_programmes", "programmes"): ("Which programmes count?", ""),
    ("school_in_programmes", "years_back"): (
        "How many earlier years count?", "Enter 0 for this year only. Leave blank for 1."),
    ("trust", "min_schools"): ("Fewest schools in the trust", "Leave blank for 2."),
    ("target_group", "any_of"): ("Which answers qualify?", "Yes to any one of them is enough."),
    ("target_group", "message"): ("What to tell people who do not qualify", "Optional."),
    ("core_maths", "min"): ("Fewest years of teaching Core Maths", "Leave blank for 2."),
}

CHOICE_WORDS: dict[str, str] = {
    "secondary": "Secondary schools", "post16": "Post-16 colleges",
    "special": "Special schools", "primary": "Primary schools", "any": "Any school",
    "school": "The school’s: any teacher from the school counts",
    "person": "The applicant’s own",
    "now": "Yes, teaches maths now", "within_year": "Will teach maths within the next year",
    "no": "No",
}
YES_NO = [("yes", "Yes"), ("no", "No")]
HARD_CHOICES = [
    ("yes", "Must: people who do not meet it cannot apply"),
    ("no", "Normally: people can still apply, and the hub sees a note"),
]


def choice_words(value: str) -> str:
    if value in QUESTIONS:
        return str(QUESTIONS[value]["label"])
    if value in CHOICE_WORDS:
        return CHOICE_WORDS[value]
    try:
        return role_label(value)
    except KeyError:
        label = FACT_LABELS.get(value, value.replace("_", " "))
        return label[:1].upper() + label[1:]


def questions_for(config: Sequence[Any]) -> list[str]:
    """The questions “Check if you can apply” asks for these rules, in the order it asks them
    (the check asks exactly the facts the rules need, see ``rules.needed_facts``)."""
    return [SCHOOL_QUESTION if key == "urn" else str(QUESTIONS[key]["label"])
            for key in needed_facts(config) if key == "urn" or key in QUESTIONS]


def _field(rule: str, name: str, param: Param,
           programmes: Sequence[tuple[str, str]]) -> forms.Field:
    label, hint = SETTING_WORDS.get((rule, name), (param.description, ""))
    required = param.required
    messages = {"required": f"Answer “{label.rstrip('?')}”"}
    if param.kind == "bool":
        return forms.ChoiceField(label=label, help_text=hint, choices=YES_NO, required=False,
                                 widget=forms.RadioSelect)
    if param.kind == "int":
        return forms.IntegerField(
            label=label, help_text=hint, required=required, min_value=0, max_value=50,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}), error_messages={
                **messages, "invalid": "Enter a whole number, like 2",
                "min_value": "Enter a number from 0 to 50",
                "max_value": "Enter a number from 0 to 50"})
    if param.kind == "text":
        return forms.CharField(label=label, help_text=hint, required=required, max_length=500,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages=messages)
    if param.kind == "programme":
        return forms.ChoiceField(label=label, help_text=hint, required=required,
                                 choices=[("", "Choose a programme"), *programmes],
                                 error_messages={"required": "Choose a programme",
                                                 "invalid_choice": "Choose a programme"})
    if param.kind == "programmes":
        return forms.MultipleChoiceField(label=label, help_text=hint, required=required,
                                         choices=list(programmes),
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "Choose one or more "
                                                                     "programmes"})
    choices = [(value, choice_words(value)) for value in param.choices]
    if param.kind == "one_of":
        return forms.ChoiceField(label=label, help_text=hint, required=required,
                                 choices=choices, widget=forms.RadioSelect,
                                 error_messages=messages)
    return forms.MultipleChoiceField(label=label, help_text=hint, required=required,
                                     choices=choices, widget=forms.CheckboxSelectMultiple,
                                     error_messages={"required": "Choose at least one"})


class RuleForm(forms.Form):
    """The settings of one kind of rule, and whether it is a must or a normally."""

    hard = forms.ChoiceField(label="How strict is it?", choices=HARD_CHOICES,
                             widget=forms.RadioSelect, initial="yes",
                             error_messages={"required": "Choose how strict the rule is"})

    def __init__(self, *args: Any, rule: str, programmes: Sequence[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.description = RULES[rule].description
        for name, param in RULES[rule].params.items():
            self.fields[name] = _field(rule, name, param, programmes)
        # The rule's own settings first, then how strict it is.
        self.order_fields([*RULES[rule].params, "hard"])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if not self.errors:
            problems = validate_config([self.spec()])
            if problems:
                raise forms.ValidationError(problems)
        return cleaned

    @staticmethod
    def initial_from(spec: Mapping[str, Any]) -> dict[str, Any]:
        """A saved rule as the form's starting values, to change it."""
        rule = RULES.get(str(spec.get("rule")))
        params = spec.get("params") if isinstance(spec.get("params"), Mapping) else {}
        assert isinstance(params, Mapping)
        initial: dict[str, Any] = {"hard": "no" if spec.get("hard") is False else "yes"}
        for name, param in (rule.params.items() if rule else []):
            if name in params:
                value = params[name]
                initial[name] = ("yes" if value else "no") if param.kind == "bool" else value
        return initial

    def spec(self) -> dict[str, Any]:
        """The rule as the engine reads it: only the settings given (blank ones take the
        rule's default)."""
        params: dict[str, Any] = {}
        for name, param in RULES[self.rule].params.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            params[name] = (value == "yes") if param.kind == "bool" else value
        spec: dict[str, Any] = {"rule": self.rule}
        if self.cleaned_data.get("hard") == "no":
            spec["hard"] = False
        if params:
            spec["params"] = params
        return spec


class RuleKindForm(forms.Form):
    rule = forms.ChoiceField(label="What kind of rule?", choices=RULE_KINDS,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of rule",
                                             "invalid_choice": "Choose the kind of rule"})


class RuleRemoveForm(forms.Form):
    """Which rule to remove, with the rule as the page showed it, so a rule that moved or
    changed since (another person's edit) is not removed by mistake."""

    shown = forms.CharField(max_length=20_000)


def rule_fingerprint(spec: Mapping[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)
