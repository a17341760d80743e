"""The "Messages" part of a Work Group's page (staff or lead) and of an offering's applications
page: a link to write one and the messages sent, for ``messaging/_messages_panel.html``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from workgroups.catalogue.models import Offering
from workgroups.delivery.models import WorkGroup
from workgroups.messaging import selectors
from workgroups.messaging.models import Message


@dataclass(frozen=True)
class MessageRow:
    message: Message
    url: str


@dataclass(frozen=True)
class MessagesPanel:
    write_url: str
    write_words: str
    rows: list[MessageRow]


def messages_panel(*, work_group: WorkGroup | None = None, offering: Offering | None = None,
                   hub_slug: str = "") -> MessagesPanel:
    """For a staff page pass ``hub_slug``; without it the links are the lead's own pages
    (a Work Group only). One query."""
    if work_group is not None:
        messages = selectors.messages_of_work_group(work_group=work_group)
        write_words = "Write to the participants"
        write_url = (reverse("staff:work-group-message-new",
                             kwargs={"hub": hub_slug, "pk": work_group.pk}) if hub_slug
                     else reverse("lead:work-group-message-new", kwargs={"pk": work_group.pk}))
    elif offering is not None and hub_slug:
        messages = selectors.messages_of_offering(offering=offering)
        write_words = "Write to applicants (for example, everyone on the waiting list)"
        write_url = reverse("staff:offering-message-new",
                            kwargs={"hub": hub_slug, "pk": offering.pk})
    else:
        raise ValueError("A messages panel is for a Work Group, or for an offering on a "
                         "staff page.")

    def url(message: Message) -> str:
        if hub_slug:
            return reverse("staff:message", kwargs={"hub": hub_slug, "pk": message.pk})
        return reverse("lead:message", kwargs={"pk": message.pk})

    return MessagesPanel(write_url=write_url, write_words=write_words,
                         rows=[MessageRow(message=m, url=url(m)) for m in messages])
