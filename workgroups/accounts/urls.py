from django.urls import path

from workgroups.accounts import views

app_name = "accounts"

# Mounted at /account/ by config.urls; sign-in pages are allauth's, under /accounts/.
urlpatterns = [
    path("", views.profile, name="profile"),
    path("details/", views.profile_details, name="profile-details"),
    path("school/", views.profile_school, name="profile-school"),
    path("forget/", views.profile_forget, name="profile-forget"),
    path("second-factor/", views.second_factor_setup, name="second-factor"),
    # The link in a team invitation email: the token is the whole point of the link.
    path("team-invitations/<str:token>/", views.team_invitation, name="team-invitation"),
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
    # allauth's second-factor set-up, which also marks the session as having used it.
    path("2fa/totp/activate/", views.ActivateAuthenticatorAppView.as_view(),
         name="mfa_activate_totp"),
    path("2fa/webauthn/add/", views.AddSecurityKeyView.as_view(), name="mfa_add_webauthn"),
    path("2fa/webauthn/keys/<int:pk>/remove/", views.RemoveSecurityKeyView.as_view(),
         name="mfa_remove_webauthn"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/api-tokens/", views.staff_api_tokens, name="api-tokens"),
    path("hubs/<slug:hub>/api-tokens/<int:pk>/revoke/", views.staff_api_token_revoke,
         name="api-token-revoke"),
    path("hubs/<slug:hub>/team/", views.staff_team, name="team"),
    path("hubs/<slug:hub>/team/invite/", views.staff_team_invite, name="team-invite"),
    path("hubs/<slug:hub>/team/members/<int:pk>/change/", views.staff_team_member_change,
         name="team-member-change"),
    path("hubs/<slug:hub>/team/members/<int:pk>/remove/", views.staff_team_member_remove,
         name="team-member-remove"),
    path("hubs/<slug:hub>/team/invitations/<int:pk>/cancel/",
         views.staff_team_invitation_cancel, name="team-invitation-cancel"),
]
