from django.urls import URLPattern

app_name = "feeds"

# Public: mounted at the site's root by config.urls.
urlpatterns: list[URLPattern] = []
