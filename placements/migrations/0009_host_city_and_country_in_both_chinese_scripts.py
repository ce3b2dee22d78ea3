"""A host organisation's city and country, and a host unit's city, in Traditional and Simplified
Chinese (decisions 0038 and 0043). The new columns start empty: the Chinese forms are for staff to
fill. On SQLite the columns of the host tables are added in place, because a table rebuild would
recreate their PostgreSQL-only trigram search index; the history tables have none."""

from django.db import migrations, models

from exchange_portal.migration_ops import AddFieldInPlace


def _field(script, verbose_name):
    help_text = {
        "hant": "In Traditional characters, as Hong Kong writes it.",
        "hans": "In Simplified characters, as the Mainland writes it.",
    }[script]
    return models.CharField(
        blank=True, help_text=help_text, max_length=100, verbose_name=verbose_name
    )


FIELDS = {
    "hostorganisation": [
        ("country", "country or region"),
        ("city", "city"),
    ],
    "hostunit": [("city", "city")],
}
SCRIPTS = [("hant", "Traditional Chinese"), ("hans", "Simplified Chinese")]


def _operations():
    for model_name, fields in FIELDS.items():
        for base, verbose_name in fields:
            for script, script_name in SCRIPTS:
                name = f"{base}_zh_{script}"
                label = f"{verbose_name} ({script_name})"
                yield migrations.AddField(
                    model_name=f"historical{model_name}", name=name, field=_field(script, label)
                )
                yield AddFieldInPlace(model_name=model_name, name=name, field=_field(script, label))


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0008_host_response_and_amendment_decider"),
    ]

    operations = list(_operations())
