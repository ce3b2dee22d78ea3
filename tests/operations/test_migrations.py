"""Migrations: a populated database goes back to the previous release and forward again with its
data intact, and no migration after that release takes a table-blocking lock to build an index
(docs/decisions/0018-backup-retention-migrations.md)."""

import datetime
import hashlib
import re
import types
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from operations.fingerprints import stored_models
from participants.languages import WORKING_LANGUAGES
from participants.models import Language, Participant
from placements.models import (
    CohortMessage,
    DocumentDownload,
    NominationPreference,
    PlacementCost,
    PlacementDocument,
    PlacementReport,
    RenewalDecision,
    ReturnFollowUp,
)
from programmes.models import Budget, Cohort, DocumentRequirement, ProgrammeSuspension
from programmes.periods import in_months

OUR_APPS = ("participants", "programmes", "placements", "notifications", "operations")
# The migration state of each release (git tag → our apps' last migrations). Add the next
# release here when it is tagged; the test goes back to the newest.
RELEASES = {
    "v0.1": {  # commit 13e8d85
        "participants": "0002_user_profile",
        "programmes": "0002_programme_cycle",
        "placements": "0003_programme_cycle",
        "notifications": "0001_initial",
    },
}
PREVIOUS_RELEASE = RELEASES[list(RELEASES)[-1]]
# Columns renamed since that release, (table, old name) → new name: read under the new name
# while the schema is newer (decision 0038: the one Chinese field became the Traditional one).
RENAMED_SINCE_RELEASE = {
    (table, f"{base}_zh"): f"{base}_zh_hant"
    for history in ("", "historical")
    for table, base in (
        (f"programmes_{history}cohort", "destination"),
        (f"programmes_{history}partneragreement", "counterpart"),
        # Decision 0043: the officer's Chinese name, likewise.
        (f"participants_{history}participant", "name"),
    )
}

# Columns replaced since that release by columns of another type, (table, old name) → (new
# columns, how going back turns their values into the old one): read from the new columns
# while the schema is newer. Programmes 0008: the founding date became its year (going back:
# 1 January); 0009: a length in months became a value and its unit (going back: whole months).
CONVERTED_SINCE_RELEASE = {
    **{
        (f"programmes_{history}programme", "established_on"): (
            ("established_year",),
            lambda year: None if year is None else datetime.date(year, 1, 1),
        )
        for history in ("", "historical")
    },
    **{
        (f"programmes_{history}{table}", months): (
            (f"{prefix}_value", f"{prefix}_unit"),
            in_months,
        )
        for history in ("", "historical")
        for table, months, prefix in (
            ("programme", "default_duration_months", "default_duration"),
            ("partneragreement", "duration_months", "duration"),
        )
    },
}


def as_the_release_holds_it() -> None:
    """Rewrite data of features added since the previous release as going back rewrites it, so
    the round trip compares like with like: a one-off call (phase and batch blank, programmes
    0007) has no form at v0.1, where both are required; going back gives it their default,
    phase 1, batch 1 (a real downgrade does the same). A programme's dated suspensions
    (programmes 0009) have no table at v0.1: going back drops them with it, so none are kept
    here either; nor a nomination's host preferences (placements 0011, issue 19), nor the
    messages to a cohort (placements 0013). Likewise the follow-ups after return and the
    officers' working languages (placements 0012, participants 0012): going back drops their
    tables, and coming forward seeds the languages again, without history; nor are placements'
    documents and their requirements (placements 0014, programmes 0012), nor placements' costs
    and programmes' budgets (placements 0010, programmes 0010)."""
    for model in (Cohort, Cohort.history.model):
        model._base_manager.filter(phase__isnull=True).update(phase=1, batch=1)
    for model in (
        ProgrammeSuspension,
        ProgrammeSuspension.history.model,
        NominationPreference,
        NominationPreference.history.model,
        DocumentDownload,
        PlacementDocument,
        PlacementDocument.history.model,
        DocumentRequirement,
        DocumentRequirement.history.model,
    ):
        model._base_manager.all().delete()
    for model in (
        PlacementCost,
        PlacementCost.history.model,
        Budget,
        Budget.history.model,
        ReturnFollowUp,
        ReturnFollowUp.history.model,
        CohortMessage,
        CohortMessage.history.model,
    ):
        model._base_manager.all().delete()
    Participant.languages.through.objects.all().delete()
    apps.get_model("participants", "HistoricalParticipant_languages").objects.all().delete()
    Language.history.model.objects.all().delete()
    Language.objects.exclude(code__in=[code for code, *_names in WORKING_LANGUAGES]).delete()
    # Check-ins and renewal decisions (placements 0015) have no form at v0.1 either: going
    # back drops them, so none are kept here.
    for model in (RenewalDecision, RenewalDecision.history.model):
        model._base_manager.all().delete()
    for model in (PlacementReport, PlacementReport.history.model):
        model._base_manager.exclude(kind="final").delete()


# Migrations after the previous release that may take a blocking lock anyway, each with why.
# (Everything up to and including a release's migrations is exempt: it ran on empty tables.)
LOCK_ALLOW_LIST: dict[tuple[str, str], str] = {
    ("placements", "0015_checkins_and_renewal_decisions"): (
        "the reports' unique constraint moves to (placement, author, kind, year): an ALTER TABLE "
        "ADD UNIQUE on the reports table, two rows per completed placement, a lock of moments"
    ),
}


# Going back to the previous release ---------------------------------------------------------------


def release_targets() -> list[tuple[str, str]]:
    return list(PREVIOUS_RELEASE.items())


def latest_targets(executor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def snapshot(targets) -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256)} over the columns our apps' tables have in the migration state
    `targets` (columns added later are not compared: going back drops them by design)."""
    state_apps = MigrationLoader(connection).project_state(targets).apps
    result = {}
    with connection.cursor() as cursor:
        for model in state_apps.get_models(include_auto_created=True):
            if model._meta.app_label not in OUR_APPS:
                continue
            present = {
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            }
            # Each old column read as (new columns, conversion or None).
            reads = []
            for f in model._meta.concrete_fields:
                key = (model._meta.db_table, f.column)
                if f.column in present:
                    reads.append(((f.column,), None))
                elif key in CONVERTED_SINCE_RELEASE:
                    reads.append(CONVERTED_SINCE_RELEASE[key])
                else:
                    reads.append(((RENAMED_SINCE_RELEASE[key],), None))
            names = [name for read_columns, _convert in reads for name in read_columns]
            columns = ", ".join(connection.ops.quote_name(name) for name in names)
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {pk}")  # noqa: S608
            rows = [_as_released(row, reads) for row in cursor.fetchall()]
            digest = hashlib.sha256("\n".join(map(repr, rows)).encode()).hexdigest()
            result[model._meta.db_table] = (len(rows), digest)
    return result


def _as_released(row, reads) -> tuple:
    values, at = [], 0
    for read_columns, convert in reads:
        taken = row[at : at + len(read_columns)]
        at += len(read_columns)
        values.append(taken[0] if convert is None else convert(*taken))
    return tuple(values)


@pytest.mark.django_db(transaction=True)
def test_a_populated_database_goes_back_to_the_previous_release_and_forward_intact():
    call_command("load_demo_data", stdout=StringIO())
    as_the_release_holds_it()
    executor = MigrationExecutor(connection)
    latest = latest_targets(executor)
    released = release_targets()
    at_release = snapshot(released)
    counts_at_latest = {
        model._meta.db_table: model._base_manager.count() for model in stored_models()
    }
    assert at_release["participants_participant"][0] > 30
    assert at_release["placements_historicalplacement"][0] > 30

    try:
        migrate(released)
        loader = MigrationLoader(connection)
        ours = {node for node in loader.applied_migrations if node[0] in OUR_APPS}
        assert ours == {node for node in released_nodes(loader) if node[0] in OUR_APPS}
        assert snapshot(released) == at_release

        migrate(latest)
        assert snapshot(released) == at_release
        assert {
            model._meta.db_table: model._base_manager.count() for model in stored_models()
        } == counts_at_latest
    finally:
        migrate(latest)  # leave the schema as the rest of the suite expects it


# No table-blocking lock ------------------------------------------------------------------------

INDEX_BACKED = (models.UniqueConstraint,)
CREATE_INDEX_NOT_CONCURRENTLY = re.compile(
    r"\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)|\bEXCLUDE\s+USING\b|\bADD\s+CONSTRAINT\b[^;]*\bUNIQUE\b",
    re.IGNORECASE,
)


def _indexed(field) -> bool:
    return bool(getattr(field, "db_index", False) or getattr(field, "unique", False))


def lock_problems(app_label: str, migration, state) -> list[str]:
    """Operations of `migration` that would lock an existing table while an index is built (or
    that cannot be reversed), given the project `state` before it."""
    created = {
        op.name_lower for op in migration.operations if isinstance(op, migrations.CreateModel)
    }
    problems = []

    def existing(model_name: str) -> bool:
        return model_name.lower() not in created

    for op in migration.operations:
        where = f"{app_label}.{migration.name}: {op.describe()}"
        if isinstance(op, AddIndexConcurrently):
            if migration.atomic:
                problems.append(f"{where} (AddIndexConcurrently needs atomic = False)")
        elif isinstance(op, migrations.AddIndex) and existing(op.model_name):
            problems.append(f"{where} (use AddIndexConcurrently in a non-atomic migration)")
        elif (
            isinstance(op, migrations.AddConstraint)
            and isinstance(op.constraint, INDEX_BACKED)
            and existing(op.model_name)
        ):
            problems.append(
                f"{where} (build the unique index with AddIndexConcurrently first, then add "
                "the constraint USING INDEX in RunSQL)"
            )
        elif isinstance(op, migrations.AddField) and existing(op.model_name) and _indexed(op.field):
            problems.append(f"{where} (add the column without an index, then AddIndexConcurrently)")
        elif isinstance(op, migrations.AlterField) and existing(op.model_name):
            old = state.models[app_label, op.model_name_lower].fields.get(op.name)
            if _indexed(op.field) and not (old is not None and _indexed(old)):
                problems.append(f"{where} (adds an index: use AddIndexConcurrently)")
        elif isinstance(op, migrations.RunPython) and not op.reversible:
            problems.append(f"{where} (RunPython without reverse_code)")
        elif isinstance(op, migrations.RunSQL):
            if not op.reversible:
                problems.append(f"{where} (RunSQL without reverse_sql)")
            sql = op.sql if isinstance(op.sql, str) else " ".join(map(str, op.sql))
            if CREATE_INDEX_NOT_CONCURRENTLY.search(sql):
                problems.append(f"{where} (builds an index without CONCURRENTLY)")
        op.state_forwards(app_label, state)
    return problems


def released_nodes(loader) -> set[tuple[str, str]]:
    """Every migration that is part of the previous release (its targets and their ancestors)."""
    nodes = set()
    for target in release_targets():
        nodes |= set(loader.graph.forwards_plan(target))
    return nodes


def test_no_migration_after_the_release_locks_a_table_to_build_an_index():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    exempt = released_nodes(loader) | set(LOCK_ALLOW_LIST)
    problems = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label in OUR_APPS and (app_label, name) not in exempt:
            state = loader.project_state((app_label, name), at_end=False)
            problems += lock_problems(app_label, migration, state)
    assert problems == []


def test_the_lock_check_catches_what_it_is_meant_to_catch():
    """The scan on made-up migrations against the real state: what it must flag, and what
    it must let through."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    node = loader.graph.leaf_nodes("placements")[0]

    def check(*operations, atomic=True):
        migration = types.SimpleNamespace(
            name="9999_example", operations=list(operations), atomic=atomic
        )
        return lock_problems("placements", migration, loader.project_state(node))

    index = models.Index(fields=["end_date"], name="placement_end_idx")
    assert check(migrations.AddIndex("placement", index))
    assert check(AddIndexConcurrently("placement", index))  # still atomic
    assert check(AddIndexConcurrently("placement", index), atomic=False) == []
    assert check(
        migrations.AddConstraint(
            "placement", models.UniqueConstraint(fields=["cohort", "participant"], name="u")
        )
    )
    assert check(
        migrations.AddField("placement", "extra", models.CharField(max_length=5, db_index=True))
    )
    assert check(migrations.AddField("placement", "extra", models.CharField(max_length=5))) == []
    assert check(
        migrations.AlterField(
            "placement", "role_title", models.CharField(max_length=200, db_index=True)
        )
    )
    assert check(migrations.RunPython(lambda apps, schema_editor: None))
    assert check(migrations.RunPython(lambda a, s: None, migrations.RunPython.noop)) == []
    assert check(
        migrations.RunSQL("CREATE INDEX x ON placements_placement (end_date)", "DROP INDEX x")
    )
    assert (
        check(
            migrations.RunSQL(
                "CREATE INDEX CONCURRENTLY x ON placements_placement (end_date)", "DROP INDEX x"
            )
        )
        == []
    )
    assert (
        check(
            migrations.CreateModel("Brandnew", [("id", models.BigAutoField(primary_key=True))]),
            migrations.AddIndex("brandnew", models.Index(fields=["id"], name="brandnew_idx")),
        )
        == []
    )
