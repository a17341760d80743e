from django.contrib import admin

from workgroups.core.admin import ReadOnlyAdmin
from workgroups.hubs.models import Hub, LocalAuthority, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin[Region]):
    list_display = ["code", "name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnlyAdmin[LocalAuthority]):
    list_display = ["code", "name", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(Hub)
class HubAdmin(ReadOnlyAdmin[Hub]):
    list_display = ["name", "slug", "is_national"]
    search_fields = ["name", "slug"]
