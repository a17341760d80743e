"""One way in for applicants: "Continue with your email".

allauth's sign-in by code sends a code only to an address that has an account (an unknown one
is told so by email), and its sign-up is a separate form. Here every address gets the same page
and a code; typing the code signs the person in, making their account first if the address is
new. So the pages never reveal whether an address has an account, and nobody has to know which
of two doors to use. allauth still keeps the code, its expiry, attempts and resends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.models import Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from django.http import HttpRequest, HttpResponse

from workgroups.accounts import services
from workgroups.accounts.models import User
from workgroups.core.throttle import Throttle, client_address

# Wrong passwords, counted in the shared cache (every server process counts together): 5 in 5
# minutes per account; and per client address, 30 in 15 minutes, after which an address may try
# only accounts that have not already failed. So someone failing on many accounts from a shared
# address (a school, a proxy) cannot lock out a real person who types their own password right.
PASSWORDS_PER_ACCOUNT = Throttle("password-account", limit=5, window=timedelta(minutes=5))
PASSWORDS_PER_ADDRESS = Throttle("password-address", limit=30, window=timedelta(minutes=15))


@dataclass
class PasswordAttempt:
    """One password tried for an account: ``allowed`` False when it must not even be checked.
    A password that turns out right is taken back off the counts (``succeeded``)."""

    allowed: bool
    account: str = ""
    address: str = ""
    counted_address: bool = False

    def succeeded(self) -> None:
        if self.allowed:
            PASSWORDS_PER_ACCOUNT.release(self.account)
            if self.counted_address:
                PASSWORDS_PER_ADDRESS.release(self.address)
            self.allowed = False  # once


def password_attempt_begin(request: HttpRequest, email: str) -> PasswordAttempt:
    account = (email or "").strip().lower()
    address = client_address(request)
    if not PASSWORDS_PER_ACCOUNT.allows(account):
        return PasswordAttempt(allowed=False)
    if not PASSWORDS_PER_ADDRESS.allows(address) and PASSWORDS_PER_ACCOUNT.count(account):
        return PasswordAttempt(allowed=False)
    if not PASSWORDS_PER_ACCOUNT.consume(account):
        return PasswordAttempt(allowed=False)
    counted = PASSWORDS_PER_ADDRESS.consume(address)
    return PasswordAttempt(allowed=True, account=account, address=address,
                           counted_address=counted)


class CodeForAnyAddress(LoginCodeVerificationProcess):
    """allauth's sign-in code process, for addresses with or without an account."""

    @classmethod
    def initiate(cls, *, request: HttpRequest, user: Any, email: str | None = None,
                 phone: str | None = None, stage: Any = None) -> CodeForAnyAddress:
        # As allauth's own, but building this class (allauth's names its own).
        state = cls.initial_state(user=user, email=email, phone=phone)
        state["initiated_by_user"] = stage is None
        if stage is None:
            login = Login(user=user, email=email)
            login.state["stages"] = {"current": "login_by_code"}
            stage = LoginByCodeStage(LoginStageController(request, login), request, login)
        stage.state.update(state)
        process = cls(stage=stage)
        process.send()
        process.persist()
        return process

    @classmethod
    def resume(cls, stage: Any) -> CodeForAnyAddress | None:
        process: CodeForAnyAddress | None = cls(stage=stage).abort_if_invalid()
        return process

    def send_by_email(self, email: str, skip_enumeration_mails: bool = False) -> None:
        if self.user is not None:
            super().send_by_email(email, skip_enumeration_mails=skip_enumeration_mails)
            return
        # The same email a known address gets: its code will make the account.
        code = self.generate_code()
        get_adapter().send_mail("account/email/login_code", email,
                                {"request": self.request, "code": code})
        self.add_sent_message({"email": email, "recipient": email})

    def finish(self, redirect_url: str | None) -> HttpResponse | None:
        # The code proves the address is theirs: make the account if it is new, and mark the
        # address confirmed, so allauth signs them straight in.
        known: User | None = self.user  # found by allauth when the code was sent
        user = services.account_confirm_by_code(email=self.state["email"], user=known)
        self._user = user
        self.state["user_id"] = user_id_to_str(user)
        self.stage.login.user = user
        response: HttpResponse | None = super().finish(redirect_url)
        return response
