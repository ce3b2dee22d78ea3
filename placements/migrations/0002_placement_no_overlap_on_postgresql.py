"""On PostgreSQL the database itself refuses overlapping live placements of one officer.

SQLite has no exclusion constraints, so there the service's check (under a row lock on the
participant) is the only guard; see docs/decisions/0003-overlap-exclusion-constraint.md.
"""

from django.db import migrations

LIVE_STATES = "('proposed', 'confirmed', 'in_progress', 'completed')"

ADD = f"""
ALTER TABLE placements_placement
ADD CONSTRAINT placement_no_overlap_per_participant
EXCLUDE USING gist (
    participant_id WITH =,
    daterange(start_date, end_date, '[]') WITH &&
) WHERE (status IN {LIVE_STATES})
"""
DROP = "ALTER TABLE placements_placement DROP CONSTRAINT placement_no_overlap_per_participant"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
