from django.urls import path

from workgroups.reports import views

app_name = "reports"

# Mounted at /national/ by config.urls.
urlpatterns = [
    path("", views.national_overview, name="national"),
]
