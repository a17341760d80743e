"""ApplicantProfile moves from accounts to applications (issue 13): the model's state only; the
table keeps its name (accounts_applicantprofile) and its rows. Its content type follows, so
audit events that name a profile (account created, details updated) stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="accounts", target="applications"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label=source,
                                               model="applicantprofile").first()
    if old is None:
        return  # a fresh database: content types are made after migrating
    new = ContentType.objects.using(db).filter(app_label=target,
                                               model="applicantprofile").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
        return
    # Both exist (content types were made in between): keep the new one, move what names the old.
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEvent.objects.using(db).filter(content_type=old).update(content_type=new)
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.using(db).filter(content_type=old).delete()
    old.delete()


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="applications", target="accounts")


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0005_interest_registration_moved"),
        ("accounts", "0005_applicant_profile_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApplicantProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("role", models.CharField(blank=True, max_length=40)),
                        ("school_urn", models.PositiveIntegerField(blank=True, null=True)),
                        ("facts", models.JSONField(blank=True, default=dict)),
                        ("user", models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="profile", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "accounts_applicantprofile"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
