from django.urls import path

from workgroups.personaldata import views

app_name = "personaldata"

# Mounted at /account/ by config.urls (beside the account's own pages).
urlpatterns = [
    path("data/", views.your_data, name="your-data"),
    path("data.json", views.your_data_json, name="your-data-json"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/personal-data/", views.staff_personal_data, name="personal-data"),
]
