from django.urls import path

from workgroups.applications import views

app_name = "interest"

# Mounted at the site root by config.urls (before the catalogue's own hub pages).
urlpatterns = [
    path("hubs/<slug:hub>/<slug:year>/<slug:offering>/interest/", views.register,
         name="register"),
    path("interest/confirm/<str:token>/", views.confirm, name="confirm"),
    path("interest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/offerings/<int:pk>/applications/", views.staff_offering_applications,
         name="offering-applications"),
    path("hubs/<slug:hub>/applications/<int:pk>/", views.staff_application,
         name="application"),
]
