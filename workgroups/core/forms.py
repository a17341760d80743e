from __future__ import annotations

from django import forms

from workgroups.core.services import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else on top."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
