from django.urls import path

from workgroups.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("<slug:hub>/", views.hub, name="hub"),
    path("<slug:hub>/<slug:year>/", views.hub_year, name="hub-year"),
    path("<slug:hub>/<slug:year>/<slug:offering>/", views.offering, name="offering"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("", views.staff_home, name="home"),
    path("hubs/<slug:hub>/", views.staff_hub, name="hub"),
    path("hubs/<slug:hub>/offerings/new/", views.staff_offering_create, name="offering-create"),
    path("hubs/<slug:hub>/offerings/<int:pk>/", views.staff_offering, name="offering"),
    path("hubs/<slug:hub>/offerings/<int:pk>/edit/", views.staff_offering_edit,
         name="offering-edit"),
    path("hubs/<slug:hub>/offerings/<int:pk>/questions/new/", views.staff_question_create,
         name="question-create"),
    path("hubs/<slug:hub>/questions/<int:pk>/edit/", views.staff_question_edit,
         name="question-edit"),
    path("hubs/<slug:hub>/questions/<int:pk>/remove/", views.staff_question_delete,
         name="question-delete"),
]
