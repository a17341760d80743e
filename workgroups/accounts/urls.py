from django.urls import path

from workgroups.accounts import views

app_name = "accounts"

# Mounted at /account/ by config.urls; sign-in pages are allauth's, under /accounts/.
urlpatterns = [
    path("", views.profile, name="profile"),
    path("details/", views.profile_details, name="profile-details"),
    path("school/", views.profile_school, name="profile-school"),
    path("forget/", views.profile_forget, name="profile-forget"),
]
