"""How allauth fits the product: its mail goes through the task queue, after commit."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.urls import reverse

from workgroups.accounts.second_factor import (
    FACTOR_TYPES,
    has_second_factor,
    needs_second_factor,
    signed_in_recently,
)
from workgroups.accounts.selectors import SignedInAreas, signed_in_areas
from workgroups.accounts.signin import password_attempt_begin
from workgroups.accounts.tasks import send_account_email
from workgroups.core.queue import enqueue_with_change


def landing_url(areas: SignedInAreas) -> str:
    """Where someone lands after signing in (when they were not on their way somewhere): the
    place their work is. Hub staff go straight to their hub (or the list, with several); the
    national roles to the national overview; Work Group leads to their Work Groups; everyone
    else to their applications."""
    if len(areas.staff_hubs) == 1 and not (areas.all_hubs or areas.national_staff):
        return reverse("staff:hub", kwargs={"hub": areas.staff_hubs[0]})
    if areas.staff_hubs or areas.all_hubs:
        return reverse("staff:home")
    if areas.national_overview:
        return reverse("reports:national")
    if areas.work_groups:
        return reverse("lead:home")
    return reverse("applications:mine")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        message = self.render_mail(template_prefix, email, {"request": request, "email": email,
                                                            **context})
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next((str(content) for content, mimetype in message.alternatives
                         if mimetype == "text/html"), "")
        body = str(message.body)
        if getattr(message, "content_subtype", "plain") == "html":
            body, html = "", body  # allauth sends HTML-only mail as the main body
        enqueue_with_change(
            send_account_email, subject=str(message.subject), body=body, html=html,
            to=list(message.to), from_email=str(message.from_email))


    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct email address and password",
        "incorrect_code": "The code is not right. Check the email and try again",
        "too_many_login_attempts": "Too many attempts. Wait a few minutes and try again",
        "account_inactive": "This account is switched off. Contact your Maths Hub",
        "rate_limited": "Too many requests. Wait a few minutes and try again",
    }

    def add_message(self, request: HttpRequest, level: int, message_template: str | None = None,
                    message_context: dict[str, Any] | None = None, extra_tags: str = "",
                    message: str | None = None) -> None:
        # The code page itself says where the code went, and the header shows who is signed in:
        # banners would say it twice (and a long address in one would not fit a phone).
        if message_template in {"account/messages/login_code_sent.txt",
                                "account/messages/logged_in.txt"}:
            return
        super().add_message(request, level, message_template, message_context, extra_tags,
                            message)

    def get_client_ip(self, request: HttpRequest) -> str:
        # A forwarded header that does not fit the trusted proxy settings is someone's typing,
        # not a server fault: count them under the address they connected from.
        try:
            return str(super().get_client_ip(request))
        except ImproperlyConfigured:
            return str(request.META.get("REMOTE_ADDR") or "unknown")

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Wrong passwords are counted per account and per address (signin.py), not by allauth's
        # login_failed limit, so the Django admin's sign-in shares the same counts.
        self._password_attempt = password_attempt_begin(request, credentials.get("email", ""))
        if not self._password_attempt.allowed:
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        attempt = getattr(self, "_password_attempt", None)
        if user is not None and attempt is not None:
            attempt.succeeded()
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Someone who signed in with their password minutes ago and has no second factor yet
        # sets up their first without typing it again (an emailed code does not count: the
        # mailbox alone must not be enough to choose someone's second factor), and someone who
        # used their second factor in the last few minutes (signing in, or setting it up) is not
        # asked again straight away; otherwise changing or removing one asks as allauth does.
        request = self.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            if signed_in_recently(request, method="mfa"):
                return False
            if (not has_second_factor(request.user)
                    and signed_in_recently(request, method="password")):
                return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        # Say whether the code option includes an authenticator app, so the page offers what
        # the person has ("a recovery code" alone for someone with only a security key).
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if any(method["id"] == "mfa_reauthenticate" for method in methods):
            has_app = Authenticator.objects.filter(
                user_id=user.pk, type=Authenticator.Type.TOTP).exists()
            for method in methods:
                if method["id"] == "mfa_reauthenticate":
                    method["has_app"] = has_app
        return methods

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return landing_url(signed_in_areas(user=request.user))

    def send_account_already_exists_mail(self, email: str) -> None:
        login_url = self.request.build_absolute_uri(reverse("account_request_login_code"))
        self.send_mail("account/email/account_already_exists", email, {"login_url": login_url})

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return self.get_login_redirect_url(request)


class SecondFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Someone who must have a second factor may swap one for another, never go without.
        user = authenticator.user
        if authenticator.type not in FACTOR_TYPES or not needs_second_factor(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=FACTOR_TYPES).exclude(
            pk=authenticator.pk)
        return bool(others.exists())
