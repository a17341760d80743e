"""ApplicantProfile moves to applications (issue 13): removed from this app's state only; the
table accounts_applicantprofile and its rows stay, now owned by applications 0006."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_team_invitation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApplicantProfile")],
            database_operations=[],
        ),
    ]
