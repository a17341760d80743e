from __future__ import annotations

from django.contrib.auth import views as auth_views

from workgroups.accounts.forms import StaffSignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = StaffSignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass
