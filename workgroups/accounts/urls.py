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

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/api-tokens/", views.staff_api_tokens, name="api-tokens"),
    path("hubs/<slug:hub>/api-tokens/<int:pk>/revoke/", views.staff_api_token_revoke,
         name="api-token-revoke"),
]
