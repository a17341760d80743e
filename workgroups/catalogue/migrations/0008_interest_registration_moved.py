"""InterestRegistration moves from applications to catalogue (issue 13): the model's state only;
the table keeps its name (applications_interestregistration) and its rows. Its content type is
renamed by applications 0005, so audit events and permissions stay attached."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0007_programme_reference_digest"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InterestRegistration",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("email", models.EmailField(max_length=254)),
                        ("name", models.CharField(blank=True, max_length=120)),
                        ("school_urn", models.PositiveIntegerField(blank=True, null=True)),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                        ("notified_at", models.DateTimeField(blank=True, null=True)),
                        ("unsubscribed_at", models.DateTimeField(blank=True, null=True)),
                        ("offering", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="interest_registrations", to="catalogue.offering")),
                    ],
                    options={
                        "db_table": "applications_interestregistration",
                        "constraints": [models.UniqueConstraint(
                            fields=("offering", "email"),
                            name="interest_one_registration_per_email")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
