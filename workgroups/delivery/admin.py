from django.contrib import admin

from workgroups.core.admin import ReadOnlyAdmin
from workgroups.delivery.models import Session, Venue, WorkGroup


@admin.register(Venue)
class VenueAdmin(ReadOnlyAdmin[Venue]):
    list_display = ["name", "postcode", "hub"]
    list_select_related = ["hub"]


@admin.register(WorkGroup)
class WorkGroupAdmin(ReadOnlyAdmin[WorkGroup]):
    list_display = ["name", "offering", "delivery_mode", "capacity_schools",
                    "capacity_participants"]
    list_select_related = ["offering__programme", "offering__hub", "offering__academic_year"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin[Session]):
    list_display = ["work_group", "kind", "starts_at", "ends_at", "venue", "is_demo"]
    list_select_related = ["work_group", "venue"]
