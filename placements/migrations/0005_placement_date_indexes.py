"""Indexes for lists newest first and the dashboard's date ranges, built without locking the
placements table (CREATE INDEX CONCURRENTLY; docs/decisions/0021-benchmarks-and-search.md)."""

from django.db import migrations, models

from exchange_portal.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("placements", "0004_history_request_id")]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="placement",
            index=models.Index(fields=["-start_date", "id"], name="placement_newest_first"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="placement",
            index=models.Index(fields=["end_date"], name="placement_end_date"),
        ),
    ]
