from django.urls import URLPattern, URLResolver, path  # noqa: F401

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = []
