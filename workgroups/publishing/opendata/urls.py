from django.urls import URLPattern, path

from workgroups.publishing.opendata import views

app_name = "opendata"

# Public: mounted at the site's root by config.urls, before the catalogue's /hubs/ addresses.
urlpatterns: list[URLPattern] = [
    path("open-data/", views.index, name="index"),
    path("open-data/programmes.csv", views.programmes_csv, name="programmes-csv"),
    path("hubs/<slug:hub>/<slug:year>/catalogue.csv", views.hub_year_csv, name="hub-year-csv"),
]
