"""The privacy notice's facts, read from the settings the service runs on so the page cannot drift.

Cookies come from the session, known-browser, CSRF and messages settings; the periods from
``WORKGROUPS_RETENTION`` (config/settings.py), the same numbers retention is applied with.
Nothing here touches the database: the page is the same for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str


@dataclass(frozen=True)
class Holding:
    """Something the service keeps about a person: what it is, why, and for how long."""

    what: str
    why: str
    kept: str


def counted(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def duration_words(seconds: int) -> str:
    """A cookie's lifetime as a person says it: 2 weeks, 52 weeks, 8 hours."""
    for unit, size in [("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)]:
        if seconds >= size and seconds % size == 0:
            return counted(seconds // size, unit)
    return counted(seconds, "second")


def cookies() -> list[Cookie]:
    found: list[Cookie] = []
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        session_lasts = "until you close your browser"
    else:
        session_lasts = f"{duration_words(settings.SESSION_COOKIE_AGE)}, or until you sign out"
    found.append(Cookie(
        settings.SESSION_COOKIE_NAME,
        "Keeps you signed in, and remembers where you are in a form such as signing in.",
        f"{session_lasts}. If you have a role at a Maths Hub, your session ends after "
        f"{counted(settings.WORKGROUPS_STAFF_IDLE_HOURS, 'hour')} without activity."))
    found.append(Cookie(
        settings.WORKGROUPS_BROWSER_COOKIE,
        "Set when you sign in, so we recognise this browser next time. If your account is "
        "signed in to from a browser we have not seen before, we email you.",
        duration_words(settings.WORKGROUPS_BROWSER_COOKIE_DAYS * 86400)))
    if not settings.CSRF_USE_SESSIONS:
        found.append(Cookie(
            settings.CSRF_COOKIE_NAME,
            "Protects the forms you send from being sent by another website pretending to be you.",
            duration_words(settings.CSRF_COOKIE_AGE) if settings.CSRF_COOKIE_AGE
            else "until you close your browser"))
    storage = getattr(settings, "MESSAGE_STORAGE",
                      "django.contrib.messages.storage.fallback.FallbackStorage")
    if storage.endswith(("FallbackStorage", "CookieStorage")):
        found.append(Cookie(
            CookieStorage.cookie_name,
            "Carries a message such as “Your details are saved” to the next page you see.",
            "until the message is shown, and no longer than until you close your browser"))
    return found


def holdings() -> list[Holding]:
    periods = settings.WORKGROUPS_RETENTION
    return [
        Holding(
            "Your account: your email address and name",
            "To sign you in and to email you about your applications and Work Groups.",
            "While you have an account."),
        Holding(
            "Your application: your name, email address, school, role, career stage, your answers "
            "to the programme's questions, and the names and email addresses of the people you "
            "ask to support it",
            "For the hub to check you can take part, decide on places and run the Work Group.",
            "If you take part, with your participation below. If it does not lead to a place "
            "(it is not successful, an offer lapses, or it is not finished by the end of the "
            "year), "
            f"{counted(periods['unsuccessful_application_months'], 'month')} after the end of "
            "the academic year it was for. If you withdraw it or turn down a place, "
            f"{counted(periods['withdrawn_application_months'], 'month')} after the end of that "
            "academic year. After that only the school, programme, year and what happened to "
            "the application are kept, without you."),
        Holding(
            "Your participation: the sessions you attend, your outcome and certificate",
            "To run the Work Group, give you a certificate, and for the hub's reports to the "
            "national programme.",
            "While you have an account. If your data is erased, the reports keep only your school, "
            "the programme, the year, your role, attendance and the outcome, without your name "
            "or email address."),
        Holding(
            "Registering interest: your email address and the programme",
            "To tell you when applications open.",
            f"Until {counted(periods['interest_registration_months'], 'month')} after "
            "applications for that year open (if no opening date is known, after the year "
            "ends)."),
        Holding(
            "Emails waiting to be sent: sign-in codes, links for supporters and every other "
            "message we send",
            "To send them, and to try again if sending fails.",
            f"{counted(periods['email_task_days'], 'day')}."),
        Holding(
            "The record of changes: who changed what, and when",
            "So that hub staff and applicants can see what happened and a hub can account for "
            "its decisions.",
            f"{counted(periods['audit_event_years'], 'year')}. After that, names, email "
            "addresses and words people typed in it are replaced by pseudonyms."),
        Holding(
            "Emails we could not send: the address and the subject",
            "So the hub's staff can see what did not arrive and send it again.",
            f"{counted(periods['failed_email_days'], 'day')} after the last try."),
        Holding(
            "The browsers you sign in from: a few words such as “Firefox on Windows”",
            "To tell you when your account is signed in to from a browser it has not been used "
            "in before.",
            f"{counted(periods['known_browser_days'], 'day')} after you last signed in from "
            "that browser."),
    ]
