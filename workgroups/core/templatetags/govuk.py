"""Render Django form fields as GOV.UK Design System components."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


CSS_CLASSES = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
}


@register.inclusion_tag("includes/field.html")
def govuk_field(field: forms.BoundField, width: str = "", heading: bool = False) -> dict[str, Any]:
    kind = widget_kind(field)
    css = CSS_CLASSES.get(kind, "")
    if kind in {"input", "select", "textarea", "file"} and field.errors:
        css += f" {css}--error"
    if width:
        css += f" govuk-input--width-{width}" if kind == "input" else ""
    attrs: dict[str, str | bool] = {"class": css.strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "field": field,
        "kind": kind,
        "widget_html": field.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes"}
        else "",
        "described_by": " ".join(described),
        "heading": heading,
    }


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(form: forms.BaseForm) -> dict[str, Any]:
    """Each error with the id of the control it links to (the first option of a fieldset)."""
    errors: list[tuple[str, str]] = []
    for field in form:
        anchor = field.auto_id
        if widget_kind(field) in {"radios", "checkboxes"}:
            anchor = f"{field.auto_id}_0"
        errors.extend((anchor, str(error)) for error in field.errors)
    return {"form": form, "field_errors": errors}


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None
