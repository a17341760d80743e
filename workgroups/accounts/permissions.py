"""Who may act on which hub. Every capability has a check form and a queryset form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from workgroups.accounts.capabilities import Capability, roles_with
from workgroups.accounts.models import Role, User
from workgroups.hubs.models import Hub


def hubs_where(user: User | AnonymousUser, capability: Capability) -> QuerySet[Hub]:
    """The hubs on which ``user`` holds ``capability``; a superuser holds every capability."""
    if not user.is_authenticated or not user.is_active:
        return Hub.objects.none()
    if getattr(user, "is_superuser", False):
        return Hub.objects.all()
    return Hub.objects.filter(
        memberships__user=user, memberships__role__in=roles_with(capability)
    ).distinct()


def can(user: User | AnonymousUser, capability: Capability, hub: Hub) -> bool:
    return hubs_where(user, capability).filter(pk=hub.pk).exists()


def can_manage_programmes(user: User | AnonymousUser) -> bool:
    """Programme definitions (and their eligibility rules) are shared by every hub, so only the
    national record's staff, or a superuser, may change them."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return hubs_where(user, Capability.PROGRAMMES_MANAGE).filter(is_national=True).exists()


def can_read_programmes(user: User | AnonymousUser) -> bool:
    """Anyone who manages a hub's catalogue may read how programmes are configured."""
    return (can_manage_programmes(user)
            or hubs_where(user, Capability.CATALOGUE_MANAGE).exists())


def can_view_national_overview(user: User | AnonymousUser) -> bool:
    """The national overview (every hub's counts, read-only) is for national viewers, the
    national record's staff and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    national_staff = Q(hub__is_national=True, role__in=roles_with(Capability.CATALOGUE_MANAGE))
    return user.memberships.filter(national_staff | Q(role=Role.NATIONAL_VIEWER)).exists()


# Staff pages send people who are not signed in to the password sign-in, not the emailed code.
staff_login_required = login_required(login_url="account_login")
