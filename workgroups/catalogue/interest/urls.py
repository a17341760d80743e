from django.urls import path

from workgroups.catalogue.interest import views

app_name = "interest"

# Mounted at the site root by config.urls (before the catalogue's own hub pages).
urlpatterns = [
    path("hubs/<slug:hub>/<slug:year>/<slug:offering>/interest/", views.register,
         name="register"),
    path("interest/confirm/<str:token>/", views.confirm, name="confirm"),
    path("interest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
