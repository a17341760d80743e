from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from workgroups.core.models import FailedEmail


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    """Admin for looking only: changes go through the audited services and the staff pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FailedEmail)
class FailedEmailAdmin(ReadOnlyAdmin[FailedEmail]):
    """Every failed email, those with no hub included (a sign-in code's email, recorded without
    its contents); hub staff send theirs again from their failed-emails page."""

    list_display = ["failed_at", "hub", "recipient", "subject", "reason", "sent_again_at"]
    list_filter = ["hub"]
    exclude = ["arguments"]
