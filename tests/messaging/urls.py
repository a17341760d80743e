"""URL configuration for the messaging tests: the project's, with the lead's message pages."""

from tests.messaging.world import lead_urls

urlpatterns = lead_urls()
