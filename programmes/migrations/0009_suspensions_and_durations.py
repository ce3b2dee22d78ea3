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


# A programme's usual length and an agreement's placement length become a value and its unit
# (days, weeks or months; decision 0041). Every month count stays a count of months, history
# rows too; going back writes whole months (weeks and days rounded, at least one).
LENGTHS = {
    "Programme": ("default_duration_months", "default_duration_value", "default_duration_unit"),
    "PartnerAgreement": ("duration_months", "duration_value", "duration_unit"),
}


def months_to_lengths(apps, schema_editor):
    for name, (months, value, unit) in LENGTHS.items():
        for model_name in (name, f"Historical{name}"):
            model = apps.get_model("programmes", model_name)
            model._base_manager.exclude(**{months: None}).update(
                **{value: models.F(months), unit: "month"}
            )


def lengths_to_months(apps, schema_editor):
    from programmes.periods import in_months

    for name, (months, value, unit) in LENGTHS.items():
        for model_name in (name, f"Historical{name}"):
            model = apps.get_model("programmes", model_name)
            rows = model._base_manager.exclude(**{value: None}).values_list(
                model._meta.pk.attname, value, unit
            )
            for pk, amount, of in rows:
                model._base_manager.filter(pk=pk).update(**{months: in_months(amount, of)})


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
        migrations.AddField(
            model_name="historicalpartneragreement",
            name="duration_unit",
            field=models.CharField(
                choices=[("day", "days"), ("week", "weeks"), ("month", "months")],
                default="month",
                max_length=5,
                verbose_name="unit of the placement length",
            ),
        ),
        migrations.AddField(
            model_name="historicalpartneragreement",
            name="duration_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="In the unit beside it, e.g. 3 months.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="placement length",
            ),
        ),
        migrations.AddField(
            model_name="historicalprogramme",
            name="default_duration_unit",
            field=models.CharField(
                choices=[("day", "days"), ("week", "weeks"), ("month", "months")],
                default="month",
                max_length=5,
                verbose_name="unit of the usual length",
            ),
        ),
        migrations.AddField(
            model_name="historicalprogramme",
            name="default_duration_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="In the unit beside it, e.g. 4 weeks or 3 months. Used to propose placement dates; a cohort can set its own.",
                null=True,
                verbose_name="usual length",
            ),
        ),
        migrations.AddField(
            model_name="partneragreement",
            name="duration_unit",
            field=models.CharField(
                choices=[("day", "days"), ("week", "weeks"), ("month", "months")],
                default="month",
                max_length=5,
                verbose_name="unit of the placement length",
            ),
        ),
        migrations.AddField(
            model_name="partneragreement",
            name="duration_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="In the unit beside it, e.g. 3 months.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="placement length",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="default_duration_unit",
            field=models.CharField(
                choices=[("day", "days"), ("week", "weeks"), ("month", "months")],
                default="month",
                max_length=5,
                verbose_name="unit of the usual length",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="default_duration_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="In the unit beside it, e.g. 4 weeks or 3 months. Used to propose placement dates; a cohort can set its own.",
                null=True,
                verbose_name="usual length",
            ),
        ),
        migrations.RunPython(months_to_lengths, lengths_to_months),
        migrations.RemoveConstraint(
            model_name="programme",
            name="programme_duration_positive",
        ),
        migrations.RemoveField(
            model_name="historicalpartneragreement",
            name="duration_months",
        ),
        migrations.RemoveField(
            model_name="historicalprogramme",
            name="default_duration_months",
        ),
        migrations.RemoveField(
            model_name="partneragreement",
            name="duration_months",
        ),
        migrations.RemoveField(
            model_name="programme",
            name="default_duration_months",
        ),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("default_duration_value__isnull", True),
                    ("default_duration_value__gt", 0),
                    _connector="OR",
                ),
                name="programme_duration_positive",
                violation_error_message="The usual length must be at least one day, week or month.",
            ),
        ),
    ]
