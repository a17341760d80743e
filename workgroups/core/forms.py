from __future__ import annotations

from django import forms

from workgroups.core.services import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: each problem on its field when the form has one
    (a model's field may be several on the form, e.g. a date and a time), else on top."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
