"""Staff pages for the national programmes: the list, a programme's page (its eligibility rules,
the questions they make the check ask, how it is completed and where it leads), and the forms
national staff change them on — the programme itself, one form per kind of eligibility rule,
one per way of completing it, its progression routes — and its history.

Every hub's offering staff may read programmes; only national staff (PROGRAMMES_MANAGE) change
them. Programme pages compose catalogue, eligibility and progression, so they live at the top.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import national_gate, staff_login_required
from workgroups.accounts.permissions import can_manage_programmes, can_read_programmes
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.audit.actions import AuditAction
from workgroups.audit.selectors import audit_events_for, audit_history_entry
from workgroups.catalogue.models import CompletionRule, Programme, ProgressionRoute
from workgroups.catalogue.programme_forms import ProgrammeForm
from workgroups.catalogue.reference import decimal_text
from workgroups.catalogue.services import programme_create, programme_upsert
from workgroups.core.forms import add_domain_error
from workgroups.core.parse import parse_id
from workgroups.core.services import DomainError
from workgroups.eligibility import selectors as eligibility_selectors
from workgroups.eligibility.rule_forms import (
    RuleForm,
    RuleKindForm,
    RuleRemoveForm,
    questions_for,
    rule_fingerprint,
)
from workgroups.eligibility.rules import RULES
from workgroups.eligibility.services import (
    RuleAdd,
    RuleRemove,
    RuleReplace,
    programme_rules_apply,
)
from workgroups.progression import services
from workgroups.progression.forms import COMPLETION_FORMS, RouteForm


def _programme(request: AuthedHttpRequest, slug: str) -> Programme:
    return eligibility_selectors.staff_programme_get(user=request.user, slug=slug)


def _programme_choices(*, excluding: Programme | None = None) -> list[tuple[str, str]]:
    programmes = Programme.objects.order_by("title")
    if excluding is not None:
        programmes = programmes.exclude(pk=excluding.pk)
    return list(programmes.values_list("slug", "title"))


def _rules_url(programme: Programme) -> str:
    return reverse("staff:programme-rules", kwargs={"slug": programme.slug})


# --- The list and a programme's page -------------------------------------------------------------

@staff_login_required
@require_safe
def staff_programmes(request: AuthedHttpRequest) -> HttpResponse:
    programmes = list(eligibility_selectors.staff_programmes(user=request.user))
    if not programmes and not can_read_programmes(request.user):
        raise Http404("No programmes in your staff area.")
    return render(request, "eligibility/staff/programmes.html", {
        "programmes": programmes, "can_manage": can_manage_programmes(request.user)})


@staff_login_required
@require_safe
def staff_programme_rules(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """A programme's page: its rules in words, what the check will ask, how it is completed and
    where it leads; national staff get the links and buttons that change them."""
    return _rules_page(request, _programme(request, slug))


def _rules_page(request: AuthedHttpRequest, programme: Programme, *,
                status: int = 200) -> HttpResponse:
    rules = programme.eligibility_rules if isinstance(programme.eligibility_rules, list) else []
    summaries = eligibility_selectors.rule_summaries(rules)
    return render(request, "eligibility/staff/programme_rules.html", {
        "programme": programme, "can_manage": can_manage_programmes(request.user),
        "rows": [{"summary": summary, "number": number,
                  "known": isinstance(spec, dict) and spec.get("rule") in RULES,
                  "remove_form": RuleRemoveForm(initial={"shown": rule_fingerprint(spec)})
                  if isinstance(spec, dict) else None}
                 for number, (summary, spec) in enumerate(zip(summaries, rules, strict=False),
                                                          start=1)],
        "summaries": summaries,
        "questions": questions_for(rules),
        "routes": list(programme.routes_out.select_related("to_programme")),
        "prerequisites": list(programme.prerequisites.order_by("title")),
    }, status=status)


# --- The programme itself ----------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_create(request: AuthedHttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(actor=request.user, slug=form.cleaned_data["slug"],
                                         data=form.data_for_service(),
                                         prerequisites=form.chosen_prerequisites())
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"{programme.title} is added. Now give its eligibility "
                                      "rules and how participants complete it.")
            return redirect(_rules_url(programme))
    return render(request, "progression/programmes/programme_form.html", {
        "form": form, "programme": None}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_edit(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    form = ProgrammeForm(request.POST if request.method == "POST" else None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme_upsert(actor=request.user, slug=programme.slug,
                             data=form.data_for_service(),
                             prerequisites=form.chosen_prerequisites())
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"The details of {form.cleaned_data['title']} are saved.")
            return redirect(_rules_url(programme))
    return render(request, "progression/programmes/programme_form.html", {
        "form": form, "programme": programme}, status=422 if form.errors else 200)


# --- Eligibility rules, one form per kind --------------------------------------------------------

@require_safe
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_rule_choose(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Which kind of rule to add (a GET form: choosing writes nothing)."""
    programme = _programme(request, slug)
    form = RuleKindForm(request.GET if "rule" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("staff:programme-rule-add", slug=programme.slug,
                        rule=form.cleaned_data["rule"])
    return render(request, "progression/programmes/rule_choose.html", {
        "programme": programme, "form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_rule_add(request: AuthedHttpRequest, slug: str, rule: str) -> HttpResponse:
    programme = _programme(request, slug)
    if rule not in RULES:
        raise Http404("No such kind of rule.")
    form = RuleForm(request.POST if request.method == "POST" else None, rule=rule,
                    programmes=_programme_choices())
    if request.method == "POST" and form.is_valid():
        try:
            programme_rules_apply(actor=request.user, programme=programme,
                                  operation=RuleAdd(form.spec()))
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"Rule added to {programme.title}: {form.description}.")
            return redirect(_rules_url(programme))
    return render(request, "progression/programmes/rule_form.html", {
        "programme": programme, "form": form,
        "asks": questions_for([{"rule": rule}]) if not RULES[rule].params else None,
    }, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_rule_change(request: AuthedHttpRequest, slug: str,
                                number: int) -> HttpResponse:
    """Change one rule's settings on its kind's form. The page carries the rule as it was
    shown, so a rule another person changed or moved meanwhile is not overwritten."""
    programme = _programme(request, slug)
    rules = list(programme.eligibility_rules)
    index = number - 1
    spec = rules[index] if 0 <= index < len(rules) else None
    if not isinstance(spec, dict) or spec.get("rule") not in RULES:
        raise Http404("No such rule.")
    shown = RuleRemoveForm(request.POST if request.method == "POST" else None,
                           initial={"shown": rule_fingerprint(spec)})
    form = RuleForm(request.POST if request.method == "POST" else None, rule=spec["rule"],
                    programmes=_programme_choices(), initial=RuleForm.initial_from(spec))
    if request.method == "POST":
        if not shown.is_valid() or shown.cleaned_data["shown"] != rule_fingerprint(spec):
            messages.error(request, "The rules changed since the page was shown, so nothing "
                                    "was saved. Check them and try again.")
            return redirect(_rules_url(programme))
        if form.is_valid():
            try:
                programme_rules_apply(actor=request.user, programme=programme,
                                      operation=RuleReplace(number, spec, form.spec()))
            except DomainError as problem:
                add_domain_error(form, problem)
            else:
                messages.success(request,
                                 f"Rule changed on {programme.title}: {form.description}.")
                return redirect(_rules_url(programme))
    return render(request, "progression/programmes/rule_form.html", {
        "programme": programme, "form": form, "shown": shown, "changing": True,
    }, status=422 if form.errors else 200)


@require_POST
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_rule_remove(request: AuthedHttpRequest, slug: str,
                                number: int) -> HttpResponse:
    programme = _programme(request, slug)
    rules = list(programme.eligibility_rules)
    form = RuleRemoveForm(request.POST)
    index = number - 1
    if (not form.is_valid() or not 0 <= index < len(rules) or not isinstance(rules[index], dict)
            or rule_fingerprint(rules[index]) != form.cleaned_data["shown"]):
        messages.error(request, "The rules changed since the page was shown, so nothing was "
                                "removed. Check them and try again.")
        return redirect(_rules_url(programme))
    removed = rules[index]
    try:
        programme_rules_apply(actor=request.user, programme=programme,
                              operation=RuleRemove(number, removed))
    except DomainError as problem:  # changed meanwhile, or the rules left would not stand
        messages.error(request, f"Nothing was removed: {problem.message}")
        return _rules_page(request, _programme(request, slug), status=422)
    described = RULES[removed["rule"]].description if removed.get("rule") in RULES \
        else "a rule that is not known"
    messages.success(request, f"Rule removed from {programme.title}: {described}.")
    return redirect(_rules_url(programme))


# --- How participants complete it: one form per way ---------------------------------------------

@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_completion(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    chosen = request.POST.get("rule") if request.method == "POST" else None
    forms_by_rule: dict[str, Any] = {}
    for rule, form_class in COMPLETION_FORMS.items():
        bound = request.POST if chosen == rule else None
        initial = ({"threshold": programme.completion_threshold}
                   if rule == programme.completion_rule else None)
        forms_by_rule[rule] = form_class(bound, initial=initial, auto_id=f"{rule}-%s")
    if request.method == "POST":
        form = forms_by_rule.get(chosen or "")
        if form is None:
            messages.error(request, "Choose how participants complete the programme.")
            return redirect("staff:programme-completion", slug=programme.slug)
        if form.is_valid():
            try:
                services.programme_completion_update(
                    actor=request.user, programme=programme, rule=chosen or "",
                    threshold=form.cleaned_data.get("threshold"))
            except DomainError as problem:
                add_domain_error(form, problem)
            else:
                messages.success(request,
                                 f"How participants complete {programme.title} is saved.")
                return redirect(_rules_url(programme))
    choices = [{"rule": rule, "label": label, "form": forms_by_rule[rule],
                "current": rule == programme.completion_rule}
               for rule, label in CompletionRule.choices]
    errors = any(choice["form"].errors for choice in choices)
    return render(request, "progression/programmes/completion.html", {
        "programme": programme, "choices": choices, "has_errors": errors,
        "error_form": next((c["form"] for c in choices if c["form"].errors), None),
    }, status=422 if errors else 200)


# --- Where it leads ------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_routes(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    form = RouteForm(request.POST if request.method == "POST" else None,
                     programmes=_programme_choices())
    if request.method == "POST" and form.is_valid():
        to_programme = Programme.objects.filter(slug=form.cleaned_data["to_programme"]).first()
        after = form.cleaned_data["after_years"]
        if to_programme is None:  # removed since the form checked it
            form.add_error("to_programme", "That programme is no longer listed. Choose another.")
        elif programme.routes_out.filter(to_programme=to_programme, after_years=after).exists():
            form.add_error("to_programme", "This route is already there. Remove it first to "
                                           "change it.")
        else:
            try:
                services.progression_route_ensure(
                    actor=request.user, from_programme=programme, to_programme=to_programme,
                    after_years=after, note=form.cleaned_data["note"])
            except DomainError as problem:
                add_domain_error(form, problem)
            else:
                messages.success(request, f"{programme.title} now leads to "
                                          f"{to_programme.title}.")
                return redirect("staff:programme-routes", slug=programme.slug)
    return render(request, "progression/programmes/routes.html", {
        "programme": programme, "form": form,
        "routes": list(programme.routes_out.select_related("to_programme")),
    }, status=422 if form.errors else 200)


@require_POST
@national_gate(Capability.PROGRAMMES_MANAGE)
def staff_programme_route_remove(request: AuthedHttpRequest, slug: str,
                                 pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    route_id = parse_id(pk)
    route = None if route_id is None else ProgressionRoute.objects.select_related(
        "to_programme").filter(pk=route_id, from_programme=programme).first()
    if route is None:
        messages.info(request, "That route was already removed.")
    else:
        services.progression_route_remove(actor=request.user, route=route)
        after = "" if route.after_years == 1 else f" after {route.after_years} years"
        messages.success(request, f"{programme.title} no longer leads to "
                                  f"{route.to_programme.title}{after}.")
    return redirect("staff:programme-routes", slug=programme.slug)


# --- History -------------------------------------------------------------------------------------

@require_safe
@national_gate(Capability.AUDIT_VIEW)
def staff_programme_history(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    titles = dict(Programme.objects.values_list("slug", "title"))
    return render(request, "progression/programmes/history.html", {
        "programme": programme,
        "entries": programme_history(programme=programme, titles=titles)})


def completion_words(rule: Any, threshold: Any) -> str:
    """"Attend at least a number of equivalent days: 3", in words."""
    label = dict(CompletionRule.choices).get(str(rule), "Not known")
    if rule == CompletionRule.MIN_DAYS and threshold is not None:
        return f"{label}: {decimal_text(threshold)} days"
    if rule == CompletionRule.MIN_PERCENT and threshold is not None:
        return f"{label}: {decimal_text(threshold)}%"
    return str(label)


def _rule_words(specs: Any) -> list[str]:
    return [summary.description for summary in eligibility_selectors.rule_summaries(specs)]


# Changes shown in their own words below, or bookkeeping people need not read.
_DESCRIBED = {"eligibility_rules", "to", "after_years", "note", "reference_data_version",
              "slug", "prerequisites", "routes", "completion", "required_supports"}


def programme_history(*, programme: Programme, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The audit history of a programme in words: rules added and removed by what they are,
    routes by the programme they lead to, other fields by their labels; never stored codes."""
    entries = []
    for event in audit_events_for(obj=programme):
        entry = audit_history_entry(event=event, model=Programme)
        raw = event.changes or {}
        lines: list[str] = []
        rules_change = raw.get("eligibility_rules")
        if (isinstance(rules_change, list) and len(rules_change) == 2
                and event.action != AuditAction.PROGRAMME_CREATED):
            before, after = (value if isinstance(value, list) else []
                             for value in rules_change)
            lines += [f"Rule added: {words}" for words in
                      _rule_words([spec for spec in after if spec not in before])]
            lines += [f"Rule removed: {words}" for words in
                      _rule_words([spec for spec in before if spec not in after])]
        if "to" in raw:
            to = titles.get(str(raw["to"]), "a programme no longer listed")
            years = raw.get("after_years", 1)
            lines.append(f"{to}, after {years} completed year{'' if years == 1 else 's'}")
            note = raw.get("note")
            if isinstance(note, list) and len(note) == 2:
                lines.append(f"What the route means: {note[0] or '(none)'} → {note[1]}")
        completion = raw.get("completion")
        if isinstance(completion, list) and len(completion) == 2:
            # [rule, threshold] pairs from the completion form; {"rule", "threshold"} objects
            # from the reference data file.
            sides = [[side.get("rule"), side.get("threshold")] if isinstance(side, dict)
                     else side for side in completion]
            if all(isinstance(side, list) and len(side) == 2 for side in sides):
                lines.append("How participants complete it: "
                             + " → ".join(completion_words(*side) for side in sides))
        if isinstance(raw.get("routes"), list) and event.action != AuditAction.PROGRAMME_CREATED:
            lines.append("Where it leads changed")
        if isinstance(raw.get("prerequisites"), list) and len(raw["prerequisites"]) == 2:
            before_after = [", ".join(titles.get(str(slug), "a programme no longer listed")
                                      for slug in side) or "(none)"
                            for side in raw["prerequisites"] if isinstance(side, list)]
            if len(before_after) == 2:
                lines.append(f"What comes before it: {before_after[0]} → {before_after[1]}")
        if "reference_data_version" in raw:
            lines.append(f"From the reference data file, version {raw['reference_data_version']}")
        for change, name in zip(entry.changes, raw, strict=True):
            if name in _DESCRIBED or name in {"completion_rule", "completion_threshold"} and \
                    event.action == AuditAction.PROGRAMME_CREATED:
                continue
            lines.append(f"{change.field}: " + (change.after if change.before is None
                                               else f"{change.before} → {change.after}"))
        entries.append({"at": entry.at, "who": entry.who, "what": entry.what, "lines": lines})
    return entries
