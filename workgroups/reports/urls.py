from django.urls import URLPattern, URLResolver, path

from workgroups.reports import views

app_name = "reports"

# Mounted at /national/ by config.urls.
urlpatterns = [
    path("", views.national_overview, name="national"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = []
