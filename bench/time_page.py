"""How long pages take in the process: the median of `--requests` requests through Django's test
client on the database `make bench` seeded, with the queries of one more.

    .venv/bin/python bench/time_page.py /staff/placements/?status=completed /staff/ \
        anon:/status/ "anon:/status/|POST|reference_code=EX-...&email=..."

A path is requested as bench.manager unless it starts with `anon:`; `PATH|POST|body` posts the
form body. Each path is requested three times first (the kept copies and caches warmed), so the
figures are of a page read again; bench/profile_page.py shows where a page's time goes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.profile_page import setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    manager = get_user_model().objects.get(username="bench.manager")
    for wanted in options.paths:
        client = Client()
        path, _, body = wanted.removeprefix("anon:").partition("|POST|")
        if not wanted.startswith("anon:"):
            client.force_login(manager)
        form = dict(urllib.parse.parse_qsl(body)) if body else None

        def call(client=client, path=path, form=form):
            response = client.post(path, form) if form is not None else client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")

        for _ in range(3):
            call()
        times = []
        for _ in range(options.requests):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            call()
        print(
            f"{wanted[:70]:70s} median {statistics.median(times):6.1f} ms, "
            f"min {min(times):6.1f} ms, {len(captured)} queries"
        )


if __name__ == "__main__":
    main()
