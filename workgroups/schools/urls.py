from django.urls import path

from workgroups.schools import views

app_name = "schools"

urlpatterns = [
    path("", views.search, name="search"),
    path("your-hub/", views.find_hub, name="find-hub"),
]
