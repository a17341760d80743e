"""Calendar feeds are now made when a person is enrolled, not when their calendar page is first
opened: give one to everyone who already has a place and none yet."""

import secrets

from django.db import migrations


def feeds_for_the_enrolled(apps, schema_editor):
    CalendarFeed = apps.get_model("delivery", "CalendarFeed")
    Enrolment = apps.get_model("delivery", "Enrolment")
    have = set(CalendarFeed.objects.values_list("email", flat=True))
    emails = {e.strip().lower() for e in Enrolment.objects.exclude(outcome="withdrawn")
              .exclude(email="").values_list("email", flat=True)}
    CalendarFeed.objects.bulk_create(
        [CalendarFeed(email=email, nonce=secrets.token_urlsafe(16))
         for email in sorted(emails - have)])


class Migration(migrations.Migration):

    dependencies = [
        ("delivery", "0004_session_to_confirm_attendance_attendancechange_and_more"),
    ]

    operations = [
        migrations.RunPython(feeds_for_the_enrolled, migrations.RunPython.noop),
    ]
