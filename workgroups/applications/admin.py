from django.contrib import admin

from workgroups.applications.models import Application
from workgroups.core.admin import ReadOnlyAdmin


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin[Application]):
    list_display = ["pk", "offering", "status", "submitted_at"]
    list_filter = ["status"]
