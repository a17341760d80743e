"""InterestRegistration moves to catalogue (issue 13): removed from this app's state only; the
table and its rows stay, now owned by catalogue 0008. The content type follows the model, so
audit events about registrations and the model's permissions stay attached to it."""

from django.db import migrations


def move_content_type(apps, schema_editor, *, source="applications", target="catalogue"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label=source,
                                               model="interestregistration").first()
    if old is None:
        return  # a fresh database: content types are made after migrating
    new = ContentType.objects.using(db).filter(app_label=target,
                                               model="interestregistration").first()
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
    move_content_type(apps, schema_editor, source="catalogue", target="applications")


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0004_application_decision_reason_and_more"),
        ("catalogue", "0008_interest_registration_moved"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="InterestRegistration")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
