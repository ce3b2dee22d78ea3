"""Trigram indexes for the name searches (docs/decisions/0025-trigram-search.md): built with
CREATE INDEX CONCURRENTLY on PostgreSQL, so officers and hosts stay writable meanwhile; none on
SQLite, where the same searches scan."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from exchange_portal.migration_ops import AddPostgresOnlyIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0005_history_request_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),  # trusted since PostgreSQL 13: the database owner may create it
        AddPostgresOnlyIndexConcurrently(
            model_name="participant",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(
                        django.db.models.functions.text.Concat(
                            models.F("name_en"),
                            models.Value(" "),
                            models.F("name_zh"),
                            models.Value(" "),
                            models.F("email"),
                            models.Value(" "),
                            models.F("staff_number"),
                            models.Value(" "),
                            models.F("home_organisation"),
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="participant_search_trgm",
            ),
        ),
    ]
