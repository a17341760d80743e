from django.urls import URLPattern, URLResolver, path

from workgroups.reports import views

app_name = "reports"

# Mounted at /national/ by config.urls.
urlpatterns = [
    path("", views.national_overview, name="national"),
    path("hubs/", views.national_hubs, name="national-hubs"),
    path("hubs/<slug:hub>/reach/", views.national_hub_reach, name="national-hub-reach"),
    path("programmes/<slug:programme>/", views.national_programme, name="national-programme"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = [
    path("hubs/<slug:hub>/reports/reach/", views.hub_reach, name="reach"),
    path("hubs/<slug:hub>/reports/reach/export/", views.hub_reach_export, name="reach-export"),
    path("hubs/<slug:hub>/reports/not-reached/", views.not_reached, name="not-reached"),
    path("hubs/<slug:hub>/reports/not-reached/export/", views.not_reached_export,
         name="not-reached-export"),
]
