from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from workgroups.accounts.models import HubMembership, User
from workgroups.accounts.second_factor import passed_second_factor, second_factor_response


def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The Django admin has no password form of its own: people sign in through the service's
    sign-in (throttled, with the second factor), then come back. Someone signed in who may not
    use the admin is told so, rather than sent round in a loop."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"),
                                 "account_login")
    if (first := second_factor_response(request)) is not None:
        return first
    raise PermissionDenied("This account cannot use the Django admin.")


def admin_allows(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff
                and passed_second_factor(request))


admin.site.login = admin_sign_in  # type: ignore[method-assign]
admin.site.has_permission = admin_allows  # type: ignore[method-assign]


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
