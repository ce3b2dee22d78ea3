"""Where a page's time goes: its SQL (each query's time) and a cProfile of the request, through
Django's test client on the database `make bench` seeded.

    .venv/bin/python bench/profile_page.py /staff/placements/?status=completed [--anonymous]
        [--requests 5] [--post reference_code=...&email=...] [--explain]

Runs the page once to warm up, then `--requests` times under cProfile; prints the queries of the
last request with their times (and with --explain, PostgreSQL's plan of the slowest) and the 30
functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """Django with the bench's settings on the database `make bench` seeded (or DATABASE_URL's),
    for requests through the test client (also bench/time_page.py)."""
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="in-process-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--post", default="", help="a form body: POST it instead of GET")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    options = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if not options.anonymous:
        client.force_login(get_user_model().objects.get(username="bench.manager"))
    form = dict(urllib.parse.parse_qsl(options.post)) if options.post else None

    def call():
        response = client.post(options.path, form) if form else client.get(options.path)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code}")
        return response

    call()
    profiler = cProfile.Profile()
    for _ in range(options.requests):
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            call()
            profiler.disable()
    total = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"{len(queries.captured_queries)} queries, {total * 1000:.1f} ms in the database:")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    if options.explain and queries.captured_queries:
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(options.sort).print_stats(options.limit)
    print(out.getvalue())


if __name__ == "__main__":
    main()
