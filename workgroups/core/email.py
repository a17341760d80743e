"""Sending one email: a plain-text template, and the same words as simple HTML beside it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape


def absolute(path: str) -> str:
    """A link in an email: the address people reach the product at, then the path."""
    return settings.WORKGROUPS_SITE_URL + path


def send_plain(*, subject: str, template: str, context: dict[str, object], to: str,
               reply_to: str = "") -> None:
    body = render_to_string(template, context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to],
                                     reply_to=[reply_to] if reply_to else None)
    # The text template renders with autoescape off, so escape it all here: names and reasons
    # people typed must reach the HTML part as text, never as markup.
    message.attach_alternative(
        render_to_string("email/plain_as_html.html", {"subject": subject,
                                                      "body": escape(body)}),
        "text/html")
    message.send()
