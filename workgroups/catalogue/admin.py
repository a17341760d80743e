from django.contrib import admin

from workgroups.catalogue.models import AcademicYear, Offering, Programme
from workgroups.core.admin import ReadOnlyAdmin


@admin.register(AcademicYear)
class AcademicYearAdmin(ReadOnlyAdmin[AcademicYear]):
    list_display = ["slug", "starts_on", "ends_on"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin[Programme]):
    list_display = ["title", "slug", "audience", "unit", "team_size", "equivalent_days"]
    list_filter = ["audience", "unit"]
    search_fields = ["title", "slug"]


@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdmin[Offering]):
    list_display = ["programme", "hub", "academic_year", "status", "code"]
    list_filter = ["status", "academic_year", "hub"]
    list_select_related = ["programme", "hub", "academic_year"]
    search_fields = ["slug", "code", "programme__title"]
