import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# On PostgreSQL the database itself refuses two overlapping suspensions of one programme (an
# open end runs on for ever); SQLite relies on the service's check under the programme's row
# lock, as placements 0002 does for placements (decision 0003). The table is new, so building
# the constraint's index locks nothing in use.
ADD = """
ALTER TABLE programmes_programmesuspension
ADD CONSTRAINT suspension_no_overlap_per_programme
EXCLUDE USING gist (
    programme_id WITH =,
    daterange(starts_on, ends_on, '[]') WITH &&
)
"""
DROP = (
    "ALTER TABLE programmes_programmesuspension DROP CONSTRAINT suspension_no_overlap_per_programme"
)


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(ADD)


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0008_established_year"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalProgrammeSuspension",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "request_id",
                    models.CharField(
                        blank=True,
                        default="",
                        editable=False,
                        help_text="The request, command (cmd:…) or task (task:…) that made the change.",
                        max_length=100,
                        verbose_name="request id",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="suspended from")),
                (
                    "ends_on",
                    models.DateField(
                        blank=True,
                        help_text="The last day of the suspension; leave blank while it is still suspended.",
                        null=True,
                        verbose_name="suspended until",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason (English)")),
                (
                    "reason_zh_hant",
                    models.TextField(blank=True, verbose_name="reason (Traditional Chinese)"),
                ),
                (
                    "reason_zh_hans",
                    models.TextField(blank=True, verbose_name="reason (Simplified Chinese)"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical suspension",
                "verbose_name_plural": "historical suspensions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProgrammeSuspension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="suspended from")),
                (
                    "ends_on",
                    models.DateField(
                        blank=True,
                        help_text="The last day of the suspension; leave blank while it is still suspended.",
                        null=True,
                        verbose_name="suspended until",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="reason (English)")),
                (
                    "reason_zh_hant",
                    models.TextField(blank=True, verbose_name="reason (Traditional Chinese)"),
                ),
                (
                    "reason_zh_hans",
                    models.TextField(blank=True, verbose_name="reason (Simplified Chinese)"),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="suspensions",
                        to="programmes.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "suspension",
                "verbose_name_plural": "suspensions",
                "ordering": ["programme", "starts_on"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("ends_on__gte", models.F("starts_on")),
                            _connector="OR",
                        ),
                        name="suspension_ends_after_it_starts",
                        violation_error_message="A suspension cannot end before it starts.",
                    )
                ],
            },
        ),
        migrations.RunPython(add_exclusion, drop_exclusion, elidable=False),
    ]
