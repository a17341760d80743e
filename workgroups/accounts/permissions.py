"""Who may act on which hub. Every capability has a check form and a queryset form."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from workgroups.accounts.capabilities import Capability, national_roles_with, roles_with
from workgroups.accounts.models import User
from workgroups.hubs.models import Hub


def hubs_where(user: User | AnonymousUser, capability: Capability) -> QuerySet[Hub]:
    """The hubs on which ``user`` holds ``capability`` through a hub role; a superuser holds
    every capability everywhere. National roles never count here: they open no hub's pages."""
    if not user.is_authenticated or not user.is_active:
        return Hub.objects.none()
    if getattr(user, "is_superuser", False):
        return Hub.objects.all()
    return Hub.objects.filter(
        memberships__user=user, memberships__role__in=roles_with(capability)
    ).distinct()


def can(user: User | AnonymousUser, capability: Capability, hub: Hub) -> bool:
    return hubs_where(user, capability).filter(pk=hub.pk).exists()


def can_nationally(user: User | AnonymousUser, capability: Capability) -> bool:
    """Whether ``user`` holds ``capability`` through a national role (or is a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    assert isinstance(user, User)
    return user.memberships.filter(role__in=national_roles_with(capability)).exists()


def can_manage_programmes(user: User | AnonymousUser) -> bool:
    """Programme definitions (and their eligibility rules) are shared by every hub, so only
    national staff, or a superuser, may change them."""
    return can_nationally(user, Capability.PROGRAMMES_MANAGE)


def can_read_programmes(user: User | AnonymousUser) -> bool:
    """Anyone who manages a hub's catalogue may read how programmes are configured."""
    return (can_manage_programmes(user)
            or hubs_where(user, Capability.OFFERINGS_MANAGE).exists())

