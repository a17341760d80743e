from django.urls import path

from workgroups.publishing.feeds import views

app_name = "feeds"

# Public: mounted at the site's root by config.urls. Each address ends in a file name with a
# dot, which no catalogue slug can be, so none hides a catalogue page.
urlpatterns = [
    path("hubs/<slug:hub>/feed.atom", views.hub_feed, name="hub"),
    path("programmes/<slug:programme>/feed.atom", views.programme_feed, name="programme"),
    path("hubs/<slug:hub>/<slug:year>/sessions.ics", views.sessions_ics, name="sessions"),
    path("hubs/<slug:hub>/<slug:year>/catalogue.json", views.catalogue_json,
         name="catalogue-json"),
]
