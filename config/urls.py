from django.contrib import admin
from django.urls import include, path

from workgroups.accounts.urls import signin_urlpatterns
from workgroups.accounts.urls import staff_urlpatterns as accounts_staff
from workgroups.api.api import api
from workgroups.applications.urls import (
    applicant_urlpatterns,
    endorsement_urlpatterns,
    start_urlpatterns,
)
from workgroups.applications.urls import staff_urlpatterns as applications_staff
from workgroups.catalogue.urls import staff_urlpatterns as catalogue_staff
from workgroups.delivery.urls import calendar_urlpatterns, lead_urlpatterns
from workgroups.delivery.urls import staff_urlpatterns as delivery_staff
from workgroups.eligibility.urls import staff_urlpatterns as eligibility_staff
from workgroups.evaluations.urls import staff_urlpatterns as evaluations_staff
from workgroups.hubs.urls import staff_urlpatterns as hubs_staff
from workgroups.messaging.urls import lead_urlpatterns as messaging_lead
from workgroups.messaging.urls import staff_urlpatterns as messaging_staff
from workgroups.pages.urls import staff_urlpatterns as pages_staff
from workgroups.personaldata.urls import staff_urlpatterns as personaldata_staff
from workgroups.progression.urls import staff_urlpatterns as progression_staff
from workgroups.publishing.embed.urls import staff_urlpatterns as embed_staff
from workgroups.reports.urls import staff_urlpatterns as reports_staff

staff_urlpatterns = (catalogue_staff + delivery_staff + eligibility_staff + applications_staff
                     + accounts_staff + progression_staff + pages_staff + hubs_staff
                     + personaldata_staff + evaluations_staff + messaging_staff + reports_staff
                     + embed_staff)

urlpatterns = [
    path("", include("workgroups.ops.urls")),
    path("", include("workgroups.pages.urls")),
    path("hubs/<slug:hub>/<slug:year>/<slug:offering>/check/",
         include("workgroups.eligibility.urls")),
    path("hubs/<slug:hub>/<slug:year>/<slug:offering>/apply/",
         include((start_urlpatterns, "apply"))),
    path("applications/", include((applicant_urlpatterns, "applications"))),
    path("support/", include((endorsement_urlpatterns, "endorsements"))),
    path("", include("workgroups.catalogue.interest.urls")),
    # Embedding, feeds and open data: before the catalogue's own /hubs/ addresses.
    path("", include("workgroups.publishing.embed.urls")),
    path("", include("workgroups.publishing.feeds.urls")),
    path("", include("workgroups.publishing.opendata.urls")),
    path("hubs/", include("workgroups.catalogue.urls")),
    path("schools/", include("workgroups.schools.urls")),
    path("staff/", include((staff_urlpatterns, "staff"))),
    path("lead/", include((lead_urlpatterns + messaging_lead, "lead"))),
    path("calendar/", include((calendar_urlpatterns, "calendar"))),
    path("", include("workgroups.progression.urls")),
    # Our "Continue with your email" pages answer before allauth's at the same addresses.
    path("accounts/", include(signin_urlpatterns)),
    path("accounts/", include("allauth.urls")),
    path("national/", include("workgroups.reports.urls")),
    path("evaluation/", include("workgroups.evaluations.urls")),
    path("account/", include("workgroups.personaldata.urls")),
    path("account/", include("workgroups.accounts.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
