from django.urls import URLPattern, URLResolver, path  # noqa: F401

app_name = "evaluations"

# Public pages (participants answering), mounted at /evaluation/ by config.urls.
urlpatterns: list[URLPattern | URLResolver] = []

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = []
