"""An officer's Chinese name in both scripts and the home organisation in three forms (decision
0038, extended by 0043).

`name_zh` becomes `name_zh_hant`; a name written in Simplified characters (no character that
Simplified writes otherwise, and one that Traditional does) moves to the new `name_zh_hans`
instead, in the history rows too, so no Simplified name is shown as Traditional. Nothing is
converted: the other form is left for staff. The trigram search index is built again over the
new columns (concurrently on PostgreSQL, none on SQLite); on SQLite the new columns of
participants_participant are added in place, because a table rebuild would recreate the
PostgreSQL-only index.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from exchange_portal.migration_ops import (
    AddFieldInPlace,
    AddPostgresOnlyIndexConcurrently,
    RemovePostgresOnlyIndexConcurrently,
)

MODELS = ("Participant", "HistoricalParticipant")


def _search_index(fields):
    parts = []
    for field in fields:
        parts += [models.F(field), models.Value(" ")]
    return django.contrib.postgres.indexes.GinIndex(
        django.contrib.postgres.indexes.OpClass(
            django.db.models.functions.text.Upper(
                django.db.models.functions.text.Concat(
                    *parts[:-1], output_field=models.TextField()
                )
            ),
            name="gin_trgm_ops",
        ),
        name="participant_search_trgm",
    )


OLD_INDEX = _search_index(("name_en", "name_zh", "email", "staff_number", "home_organisation"))
NEW_INDEX = _search_index(
    (
        "name_en",
        "name_zh_hant",
        "name_zh_hans",
        "email",
        "staff_number",
        "home_organisation",
        "home_organisation_zh_hant",
        "home_organisation_zh_hans",
    )
)


def move_simplified_names(apps, schema_editor):
    import opencc

    to_simplified = opencc.OpenCC("hk2s").convert
    # Taiwan's Traditional, which keeps 峰 (s2hk and s2t write 峯, and so would take the
    # Traditional name 何兆峰 for a Simplified one); it still writes 刘 and 陈 as 劉 and 陳.
    to_traditional = opencc.OpenCC("s2tw").convert
    for model_name in MODELS:
        model = apps.get_model("participants", model_name)
        rows = model.objects.exclude(name_zh_hant="").values_list("pk", "name_zh_hant")
        simplified = [
            (pk, text)
            for pk, text in rows.iterator()
            if to_simplified(text) == text and to_traditional(text) != text
        ]
        for pk, text in simplified:
            model.objects.filter(pk=pk).update(name_zh_hant="", name_zh_hans=text)


def move_simplified_names_back(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("participants", model_name)
        model.objects.filter(name_zh_hant="").update(name_zh_hant=models.F("name_zh_hans"))


def _name_field(script: str):
    return models.CharField(
        blank=True,
        help_text=f"The officer's Chinese name in {script} characters.",
        max_length=100,
        verbose_name=f"name ({script} Chinese)",
    )


def _organisation_field(script: str, help_text: str):
    return models.CharField(
        blank=True,
        help_text=help_text,
        max_length=200,
        verbose_name=f"home organisation ({script} Chinese)",
    )


TRADITIONAL_ORGANISATION = "In Traditional characters, as Hong Kong writes it."
SIMPLIFIED_ORGANISATION = "In Simplified characters, as the Mainland writes it."


class Migration(migrations.Migration):
    # CREATE and DROP INDEX CONCURRENTLY run outside a transaction.
    atomic = False

    dependencies = [
        ("participants", "0009_erase_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        RemovePostgresOnlyIndexConcurrently(model_name="participant", index=OLD_INDEX),
        migrations.RenameField(
            model_name="participant", old_name="name_zh", new_name="name_zh_hant"
        ),
        migrations.AlterField(
            model_name="participant", name="name_zh_hant", field=_name_field("Traditional")
        ),
        AddFieldInPlace(
            model_name="participant", name="name_zh_hans", field=_name_field("Simplified")
        ),
        AddFieldInPlace(
            model_name="participant",
            name="home_organisation_zh_hant",
            field=_organisation_field("Traditional", TRADITIONAL_ORGANISATION),
        ),
        AddFieldInPlace(
            model_name="participant",
            name="home_organisation_zh_hans",
            field=_organisation_field("Simplified", SIMPLIFIED_ORGANISATION),
        ),
        migrations.RenameField(
            model_name="historicalparticipant", old_name="name_zh", new_name="name_zh_hant"
        ),
        migrations.AlterField(
            model_name="historicalparticipant",
            name="name_zh_hant",
            field=_name_field("Traditional"),
        ),
        migrations.AddField(
            model_name="historicalparticipant",
            name="name_zh_hans",
            field=_name_field("Simplified"),
        ),
        migrations.AddField(
            model_name="historicalparticipant",
            name="home_organisation_zh_hant",
            field=_organisation_field("Traditional", TRADITIONAL_ORGANISATION),
        ),
        migrations.AddField(
            model_name="historicalparticipant",
            name="home_organisation_zh_hans",
            field=_organisation_field("Simplified", SIMPLIFIED_ORGANISATION),
        ),
        migrations.RunPython(move_simplified_names, move_simplified_names_back),
        AddPostgresOnlyIndexConcurrently(model_name="participant", index=NEW_INDEX),
    ]
