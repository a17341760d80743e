from django.urls import URLPattern, path

from workgroups.publishing.embed import staff_views, views

app_name = "embed"

# Public: mounted at the site's root by config.urls, before the catalogue's own addresses (an
# offering may not be called "embed": catalogue.forms reserves the word).
urlpatterns: list[URLPattern] = [
    path("hubs/<slug:hub>/embed/", views.current, name="hub"),
    path("hubs/<slug:hub>/<slug:year>/embed/", views.catalogue, name="catalogue"),
    path("embed/catalogue.js", views.script, name="script"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern] = [
    path("hubs/<slug:hub>/website/", staff_views.staff_website, name="website"),
    path("hubs/<slug:hub>/website/origins/<int:pk>/remove/", staff_views.staff_embed_origin_remove,
         name="embed-origin-remove"),
]
