from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from workgroups.accounts.models import HubMembership, User
from workgroups.accounts.signin import password_attempt_begin


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The Django admin's sign-in, counting wrong passwords with the staff sign-in's throttle
    (per account and per address, in the shared cache): past the limit no password is checked."""

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        if self.request is None or not self.cleaned_data.get("password"):
            return super().clean()
        attempt = password_attempt_begin(self.request, email)
        if not attempt.allowed:
            raise ValidationError("Too many attempts. Wait a few minutes and try again",
                                  code="too_many_login_attempts")
        cleaned = super().clean()
        attempt.succeeded()
        return cleaned


admin.site.login_form = ThrottledAdminAuthenticationForm


class MembershipInline(admin.TabularInline[HubMembership, User]):
    """Read-only: roles are given and removed on the hub's team page (or with
    ``manage.py grant_role``), where every change is audited."""

    model = HubMembership
    extra = 0
    can_delete = False
    readonly_fields = ["hub", "role", "created_at"]
    fields = ["hub", "role", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
