"""Trigram indexes for the name searches (docs/decisions/0025-trigram-search.md): built with
CREATE INDEX CONCURRENTLY on PostgreSQL, so officers and hosts stay writable meanwhile; none on
SQLite, where the same searches scan."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from exchange_portal.migration_ops import AddPostgresOnlyIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0006_search_trigram_index"),  # creates pg_trgm
        ("placements", "0005_placement_date_indexes"),
        ("programmes", "0003_history_request_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddPostgresOnlyIndexConcurrently(
            model_name="hostorganisation",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(
                        django.db.models.functions.text.Concat(
                            models.F("name_en"),
                            models.Value(" "),
                            models.F("name_zh_hant"),
                            models.Value(" "),
                            models.F("name_zh_hans"),
                            models.Value(" "),
                            models.F("city"),
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="host_org_search_trgm",
            ),
        ),
        AddPostgresOnlyIndexConcurrently(
            model_name="hostunit",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(
                        django.db.models.functions.text.Concat(
                            models.F("name_en"),
                            models.Value(" "),
                            models.F("name_zh_hant"),
                            models.Value(" "),
                            models.F("name_zh_hans"),
                            models.Value(" "),
                            models.F("city"),
                            models.Value(" "),
                            models.F("contact_name"),
                            output_field=models.TextField(),
                        )
                    ),
                    name="gin_trgm_ops",
                ),
                name="host_unit_search_trgm",
            ),
        ),
        AddPostgresOnlyIndexConcurrently(
            model_name="placement",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper(models.F("reference_code")),
                    name="gin_trgm_ops",
                ),
                name="placement_search_trgm",
            ),
        ),
    ]
