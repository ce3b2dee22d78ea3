from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import migrations, models

# A programme's founding date becomes its founding year: the records give the year only
# ("since 2002"), and the date held 1 January of it. History rows are converted too, so the
# programme's history reads the year at every version; going back writes 1 January of the year.


def date_to_year(apps, schema_editor):
    for name in ("Programme", "HistoricalProgramme"):
        model = apps.get_model("programmes", name)
        for pk, day in model._base_manager.exclude(established_on=None).values_list(
            model._meta.pk.attname, "established_on"
        ):
            model._base_manager.filter(pk=pk).update(established_year=day.year)


def year_to_date(apps, schema_editor):
    import datetime

    for name in ("Programme", "HistoricalProgramme"):
        model = apps.get_model("programmes", name)
        for pk, year in model._base_manager.exclude(established_year=None).values_list(
            model._meta.pk.attname, "established_year"
        ):
            model._base_manager.filter(pk=pk).update(established_on=datetime.date(year, 1, 1))


def year_field():
    return models.PositiveSmallIntegerField(
        blank=True,
        help_text="The year the programme began, e.g. 2002; the records give the year only.",
        null=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        verbose_name="established in (year)",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0007_agreement_partner_host_acceptance_one_off_calls"),
    ]

    operations = [
        migrations.AddField(model_name="programme", name="established_year", field=year_field()),
        migrations.AddField(
            model_name="historicalprogramme", name="established_year", field=year_field()
        ),
        migrations.RunPython(date_to_year, year_to_date),
        migrations.RemoveField(model_name="programme", name="established_on"),
        migrations.RemoveField(model_name="historicalprogramme", name="established_on"),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.CheckConstraint(
                condition=models.Q(("established_year__isnull", True))
                | models.Q(("established_year__gte", 1900), ("established_year__lte", 2100)),
                name="programme_established_year_plausible",
                violation_error_message="The year a programme began must be between 1900 and 2100.",
            ),
        ),
    ]
