from django.contrib import admin

from workgroups.audit.models import AuditEvent
from workgroups.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """Audit events are append-only: nobody edits or deletes them, superusers included."""

    list_display = ["at", "action", "object_repr", "actor", "hub"]
    list_filter = ["action", "hub"]
    list_select_related = ["actor", "hub"]
    search_fields = ["object_repr", "action"]
