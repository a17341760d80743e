"""Each offering's own text for its year, the links its hub's page gives, and the values the
demo invented.

SQLite adds a NOT NULL column by rebuilding the table, and rebuilding catalogue_offering while
delivery's session-in-year triggers name it fails; so on SQLite the triggers are dropped for
the rebuild and made again after it (PostgreSQL adds the columns in place).
"""

import importlib

from django.db import migrations, models

session_in_year = importlib.import_module(
    "workgroups.delivery.migrations.0002_session_inside_academic_year")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0005_progressionroute_remove_programme_next_stage_and_more'),
        ('delivery', '0002_session_inside_academic_year'),
    ]

    operations = [
        migrations.RunPython(session_in_year.run({"sqlite": session_in_year.SQLITE_REVERSE}),
                             session_in_year.run({"sqlite": session_in_year.SQLITE_FORWARD})),
        migrations.AddField(
            model_name='offering',
            name='cost',
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name='offering',
            name='demo_fields',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='offering',
            name='learning_outcomes',
            field=models.JSONField(blank=True, default=None, null=True),
        ),
        migrations.AddField(
            model_name='offering',
            name='links',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='offering',
            name='summary',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='offering',
            name='time_commitment',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='offering',
            name='title',
            field=models.CharField(blank=True, max_length=200, verbose_name='title this year'),
        ),
        migrations.AddField(
            model_name='offering',
            name='what_is_involved',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='offering',
            name='who_can_take_part',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(session_in_year.run({"sqlite": session_in_year.SQLITE_FORWARD}),
                             session_in_year.run({"sqlite": session_in_year.SQLITE_REVERSE})),
    ]
