from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from tests import factories
from workgroups.delivery.models import Enrolment, EnrolmentOutcome


def enrol(group, email: str, outcome: str = EnrolmentOutcome.ENROLLED) -> Enrolment:
    application = factories.ready_application(group.offering)
    return Enrolment.objects.create(work_group=group, application=application,
                                    name=email.split("@")[0], email=email, outcome=outcome)


@pytest.fixture
def ended(pinned_clock):
    """A Work Group whose last session ended on 30 September 2024 (the clock is pinned to
    1 October 2024 09:00), with two participants taking part and one withdrawn."""
    hub = factories.hub(slug="cw", name="Cheshire and Wirral Maths Hub")
    offering = factories.offering(hub=hub, programme=factories.programme(title="SKTM ECT"))
    group = factories.work_group(offering, name="Chester")
    factories.session(group, day=date(2024, 9, 16))
    factories.session(group, day=date(2024, 9, 30))
    enrol(group, "ann@example.org")
    enrol(group, "bob@example.org", EnrolmentOutcome.COMPLETED)
    enrol(group, "wyn@example.org", EnrolmentOutcome.WITHDRAWN)
    mail.outbox.clear()
    return group
