from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The service's own pages: home, privacy, accessibility, and a hub's failed emails
    (interface ring: may compose any app)."""

    name = "workgroups.pages"
    label = "pages"
