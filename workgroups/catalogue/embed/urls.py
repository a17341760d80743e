from django.urls import URLPattern

app_name = "embed"

# Public: mounted at the site's root by config.urls, before the catalogue's own addresses (an
# offering may not be called "embed": catalogue.forms reserves the word).
urlpatterns: list[URLPattern] = []

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern] = []
