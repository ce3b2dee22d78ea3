"""The memory of a large download (issue 8.5): the staff placement list exported as CSV and XLSX
with about 10,000 and with 100,000 rows, each in a fresh process, as a CSB manager does it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/export_memory.py

Uses the database `make bench` seeded (it migrates and seeds it first if it is empty). Each case
runs in its own Python process (production settings, through Django's test client): one small
export first, so that code, translations and connections are loaded; then the export, read to
the end as a browser would. It prints the process's peak resident memory before and after, the
rows, the size and the time. "list first" is the same CSV with the rows read into a list before
the first byte is sent, as a non-streamed export would: the difference is what streaming saves.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = "/staff/placements/"
CASES = {
    "csv-10k": ("csv", {"status": "confirmed"}, False),
    "csv-100k": ("csv", {}, False),
    "csv-100k-list-first": ("csv", {}, True),
    "xlsx-10k": ("xlsx", {"status": "confirmed"}, False),
    "xlsx-100k": ("xlsx", {}, False),
}
USERNAME = "bench.export"


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="export-bench-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)  # the database cache: nothing else to start
    return env


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(case: str) -> None:
    """One export in this process; prints its figures as JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    kind, query, list_first = CASES[case]
    if list_first:
        from exchange_portal import staff

        streamed = staff.download
        staff.download = lambda kind, name, header, rows: streamed(kind, name, header, list(rows))
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    warm = client.get(URL, {"status": "proposed", "export": kind})
    if warm.status_code != 200:
        raise SystemExit(f"export: HTTP {warm.status_code}")
    b"".join(warm.streaming_content)
    before = peak_mb()
    started = time.monotonic()
    response = client.get(URL, {**query, "export": kind})
    size = lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n") if kind == "csv" else 0
    seconds = time.monotonic() - started
    response.close()
    if kind == "xlsx":
        from placements.models import Placement

        lines = Placement.objects.filter(**query).count() + 1
    print(
        json.dumps(
            {
                "case": case,
                "rows": lines - 1,
                "mb": round(size / 1e6, 1),
                "seconds": round(seconds, 1),
                "peak_before_mb": round(before),
                "peak_after_mb": round(peak_mb()),
            }
        )
    )


def prepare(env: dict) -> None:
    def manage(*args):
        subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True
        )

    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bench.seed import seed
    from exchange_portal.roles import GROUP_NAMES, Role, sync_roles
    from participants.models import Participant

    if not Participant.objects.exists():
        print("Seeding the issue-8 data set ...", flush=True)
        print(seed(), flush=True)
    sync_roles()
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"email": "bench.export@example.gov.hk", "is_staff": True}
    )
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.CSB_MANAGER]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases")
    options = parser.parse_args()
    env = environment()
    if options.child:
        os.environ.update(env)
        child(options.child)
        return
    prepare(env)
    results = []
    for case in options.cases.split(","):
        answer = subprocess.run(  # noqa: S603 (this script, a fixed case name)
            [sys.executable, __file__, "--child", case],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        print(result, flush=True)
        results.append(result)
    print(
        "\n| export | rows | size | time | peak memory before | peak memory after | growth |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in results:
        print(
            f"| {r['case']} | {r['rows']:,} | {r['mb']} MB | {r['seconds']} s "
            f"| {r['peak_before_mb']} MB | {r['peak_after_mb']} MB "
            f"| +{r['peak_after_mb'] - r['peak_before_mb']} MB |"
        )


if __name__ == "__main__":
    main()
