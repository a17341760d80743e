"""Text someone typed, in an email: always shown as a quotation, never as our own words.

A name, a reason or a comment reaches an email only inside a quotation. In plain text each of
its lines starts with "> " (the mark mail programs show as a quote); in HTML it is a
``<blockquote>`` with a bar down its side, and a web address in it is never made a link. So a
name like "Click here: https://…" cannot pass for a message from the service (issue 14).
Nothing typed ever goes in a subject (the tasks build subjects from programme and hub names).
"""

from __future__ import annotations

from itertools import groupby

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

QUOTE_MARK = "> "
QUOTE_STYLE = ("margin: 0 0 1em; padding: 0 0 0 1em; border-left: 4px solid #b1b4b6; "
               "color: #505a5f")


def quote_lines(text: object) -> str:
    """Every line of ``text`` marked as quoted; an empty line stays marked."""
    lines = str(text if text is not None else "").splitlines() or [""]
    return "\n".join(QUOTE_MARK + line.rstrip() for line in lines)


@register.filter(is_safe=False)
def quoted(text: object) -> str:
    """Plain text: ``text`` as a quotation, each line starting "> "."""
    return quote_lines(text)


@register.filter
def quoted_html(text: object) -> SafeString:
    """HTML: ``text`` escaped, in a blockquote, its lines kept, no links made."""
    lines = str(text if text is not None else "").splitlines() or [""]
    inner = "<br>".join(escape(line) for line in lines)
    return mark_safe(f'<blockquote style="{QUOTE_STYLE}">{inner}</blockquote>')  # noqa: S308


@register.filter
def email_paragraphs(escaped: str) -> SafeString:
    """The HTML copy of a plain-text email whose text is already escaped: paragraphs at blank
    lines, web addresses in our own words made links, quoted lines (from ``quoted``) put in a
    blockquote with no links."""
    mark = escape(QUOTE_MARK)

    def is_quote(line: str) -> bool:
        stripped = line.lstrip()
        return stripped.startswith(mark) or stripped == mark.rstrip()

    out: list[str] = []
    for paragraph in str(escaped).replace("\r\n", "\n").split("\n\n"):
        if not paragraph.strip():
            continue
        for quote, run in groupby(paragraph.split("\n"), key=is_quote):
            lines = list(run)
            if quote:
                inner = "<br>".join(line.lstrip()[len(mark):] for line in lines)
                out.append(f'<blockquote style="{QUOTE_STYLE}">{inner}</blockquote>')
            else:
                out.append("<p>" + "<br>".join(urlize(line, autoescape=False)
                                               for line in lines) + "</p>")
    return mark_safe("\n".join(out))  # noqa: S308
