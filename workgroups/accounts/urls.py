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

# Mounted at /accounts/ by config.urls, before allauth's pages: one "Continue with your email"
# for everyone (signing up included), with a real way to start again.
signin_urlpatterns = [
    path("login/code/", views.ContinueWithEmailView.as_view(),
         name="account_request_login_code"),
    path("login/code/confirm/", views.ConfirmCodeView.as_view(),
         name="account_confirm_login_code"),
    path("login/restart/", views.sign_in_restart, name="account_sign_in_restart"),
    path("signup/", views.sign_up, name="account_signup"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/api-tokens/", views.staff_api_tokens, name="api-tokens"),
    path("hubs/<slug:hub>/api-tokens/<int:pk>/revoke/", views.staff_api_token_revoke,
         name="api-token-revoke"),
]
