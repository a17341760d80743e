from django.urls import path

from workgroups.hubs import views

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("national/hubs/new/", views.hub_create, name="hub-create"),
]
