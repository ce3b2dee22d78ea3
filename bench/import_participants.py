"""Benchmark: a 10,000-row participant import against row-by-row ORM saves, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange_portal \
        .venv/bin/python bench/import_participants.py [--rows 10000]

Creates a throwaway test database (test_<name>, migrated from scratch, dropped at the end),
seeds departments and grades, writes a 10,000-row CSV of new officers, and times:

1. the import as a CSB programme manager does it in the admin: the preview (upload, file
   checks, every row validated, the preview page rendered) and the confirmation (the file read
   and validated again, then written in batches with history, in one transaction);
2. a second import of the same file (every row unchanged: nothing written);
3. the same rows saved one by one with Model.save() (history written by the simple-history
   signal; no validation at all), in one transaction: the comparison of issue 8;
4. with --service-baseline, also one by one through participant_save (full_clean and save with
   history: what the import would do without its bulk path).

Between runs the officers and their history are deleted. Prints a Markdown table for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_portal.settings.test")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--service-baseline",
        action="store_true",
        help="also time row-by-row participant_save (slow: several queries per row)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"Test database ready in {time.perf_counter() - started:.1f} s ({connection.vendor}).")
    try:
        run(args.rows, service_baseline=args.service_baseline)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def check(condition, detail="") -> None:
    """Stop the benchmark when a step did not do what it is timed for."""
    if not condition:
        raise SystemExit(f"benchmark step failed {detail!r}")


def timed(label, results, function):
    started = time.perf_counter()
    value = function()
    elapsed = time.perf_counter() - started
    results.append((label, elapsed))
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return value, elapsed


def run(rows: int, *, service_baseline: bool):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test import Client

    from participants.models import Department, Grade, Participant
    from participants.services import participant_save
    from tests.conftest import make_user
    from tests.imports.helpers import PARTICIPANT_HEADER, csv_bytes

    departments = [
        Department.objects.create(code=f"D{n:02d}", name_en=f"Department {n}") for n in range(40)
    ]
    grades = [Grade.objects.create(code=f"G{n:02d}", name_en=f"Grade {n}") for n in range(60)]
    levels = ["junior", "middle", "senior"]
    records = [
        [
            f"{n:08d}",
            f"CHAN Tai-man {n}",
            "陳大文",
            "陈大文",
            f"officer{n}@example.gov.hk",
            "2810 2000",
            departments[n % len(departments)].code,
            grades[n % len(grades)].code,
            "Executive Officer I",
            levels[n % 3],
        ]
        for n in range(rows)
    ]
    data = csv_bytes(PARTICIPANT_HEADER, records)
    manager = make_user(get_user_model(), "bench.manager", "csb_manager")
    client = Client()
    client.force_login(manager)
    results = []

    def preview():
        response = client.post(
            "/admin/participants/participant/import/",
            {"import_file": SimpleUploadedFile("officers.csv", data), "format": "0"},
        )
        check(response.status_code == 200 and response.context["confirm_form"] is not None)
        return response

    def confirm(response):
        form = response.context["confirm_form"]
        done = client.post(
            "/admin/participants/participant/process_import/",
            {name: form.initial[name] for name in ("import_file_name", "original_file_name")}
            | {"format": form.initial["format"], "resource": form.initial.get("resource", "")},
        )
        check(done.status_code == 302, done.content[:2000])

    def clear():
        Participant.objects.all().delete()  # (writes "deleted" history rows, removed next)
        Participant.history.all().delete()

    print(f"{rows} rows, {len(data) // 1024} KB of CSV")
    # A server's process has its code loaded: open the import page once before timing.
    check(client.get("/admin/participants/participant/import/").status_code == 200)
    started = time.perf_counter()
    response, _seconds = timed("  preview", results, preview)
    timed("  confirm", results, lambda: confirm(response))
    import_time = time.perf_counter() - started
    results.append(("import (preview + confirm)", import_time))
    check(Participant.objects.count() == rows)
    check(Participant.history.count() == rows)

    started = time.perf_counter()
    again, _seconds = timed("  preview of the same file again", results, preview)
    timed("  confirm of the same file again", results, lambda: confirm(again))
    results.append(("second import of the same file", time.perf_counter() - started))
    check(Participant.history.count() == rows)  # nothing written the second time

    by_code = {d.code: d for d in departments}
    by_grade = {g.code: g for g in grades}

    def officers():
        for number, name_en, hant, hans, email, phone, dept, grade, rank, level in records:
            yield Participant(
                staff_number=number,
                name_en=name_en,
                name_zh_hant=hant,
                name_zh_hans=hans,
                email=email,
                phone=phone,
                department=by_code[dept],
                grade=by_grade[grade],
                rank=rank,
                rank_level=level,
            )

    def service_saves():
        with transaction.atomic():
            for officer in officers():
                participant_save(participant=officer, actor=manager)

    def plain_saves():
        with transaction.atomic():
            for officer in officers():
                officer._history_user = manager
                officer.save()

    clear()
    _none, plain_time = timed("row-by-row Model.save()", results, plain_saves)
    check(Participant.history.count() == rows)
    service_time = None
    if service_baseline:
        clear()
        _none, service_time = timed("row-by-row participant_save", results, service_saves)
        check(Participant.history.count() == rows)

    print()
    print(f"Database: {connection.vendor}; rows: {rows}; file: {len(data) // 1024} KB CSV")
    print()
    print("| step | seconds |")
    print("| --- | ---: |")
    for label, seconds in results:
        print(f"| {label} | {seconds:.2f} |")
    print()
    print(
        f"Import (preview + confirm) is {plain_time / import_time:.1f}x as fast as row-by-row "
        f"Model.save() (goal: at least 10x)."
    )
    if service_time is not None:
        print(f"It is {service_time / import_time:.1f}x as fast as row-by-row participant_save.")


if __name__ == "__main__":
    main()
