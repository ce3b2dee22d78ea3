"""`make bench`: the portal under load on PostgreSQL, each page beside a bare view, in one run.

    make bench                                    # or: .venv/bin/python bench/run.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
    BENCH_ARGS="--duration 5 --reuse" make bench  # shorter; keep an already seeded database
    BENCH_ARGS="--scale 10" make bench            # then 1M placements: three pages again

Steps: (re)create the database, migrate, seed the issue-8 data set with bench/seed.py (timed),
collectstatic; count each page's SQL queries with Django's test client; start gunicorn with the
production settings (bench/settings.py: DEBUG off, whitenoise; Redis for the cache and sessions
when one answers, as the README's deployment has it, else the database cache; --cache) on
127.0.0.1; sign in over HTTP; drive every page with wrk for a bounded time, each followed by its
floor (bench/floors.py: the same work with the least code, decision 0046); read the workers'
memory from /proc; then run two instances against the same database with the load split between
them, and the last-place race across the two over HTTP; with --scale N, grow the data set N-fold
and measure the staff list, API list and dashboard again. The tables go to docs/performance.md
(between the "bench:pages" markers) and to stdout.

The database named in DATABASE_URL is dropped and created again (unless --reuse): point it only at
a database for benchmarks (the default is `bench`).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
PASSWORD = "bench-password-" + secrets.token_hex(8)
REPORT = ROOT / "docs" / "performance.md"
START_MARK = "<!-- bench:pages:start -->"
END_MARK = "<!-- bench:pages:end -->"
API_LIST = "/api/v1/placements/?page_size=50"
ANSWERED = "Your placement"  # the status enquiry found the placement asked about


@dataclass
class Page:
    key: str
    label: str
    path: str
    role: str = "anonymous"  # anonymous or a username made by prepare()
    post: bool = False
    min_ratio: float | None = None  # throughput goal, as a ratio to `against`
    against: str = "bare"
    max_p99_ms: float | None = None
    p99_inclusive: bool = False  # the goal is "p99 ≤ max" rather than "p99 < max"
    min_floor_ratio: float | None = None  # throughput goal as a ratio to the page's floor
    floor_path: str = ""  # the page's floor (bench/floors.py), driven right after it
    floor_of: str = ""  # on a floor's own entry: the key of its page
    note: str = ""
    load: load.Load | None = None
    queries: int | None = None
    cold_queries: int | None = None
    skipped: str = ""
    extra: dict = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--port", type=int, default=8601)
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    parser.add_argument("--only", default="", help="comma-separated page keys (and bare)")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="then grow the data set to N times (10: 1M placements) and measure the staff list, "
        "API list and dashboard again",
    )
    parser.add_argument(
        "--cache",
        choices=["auto", "redis", "database"],
        default="auto",
        help="Redis (REDIS_URL, or 127.0.0.1:6379 db 14) when it answers, else the database",
    )
    options = parser.parse_args()
    started = time.monotonic()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="600",
    )
    options.cache_label = choose_cache(options.cache)
    load.ensure_wrk()
    if not options.reuse:
        recreate_database(database_url)
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")

    import django

    django.setup()
    seeded = seed_if_empty()
    context = prepare()
    pages = build_pages(context)
    if options.only:
        wanted = {"bare", *options.only.split(",")}
        pages = [p for p in pages if p.key in wanted or p.floor_of in wanted]
    count_queries(pages, context)
    from django.db import connections

    connections.close_all()

    logs = ROOT / "var" / "bench"
    first = load.Server(options.port, options.workers, logs / "gunicorn-1.log")
    with first:
        cookies = {"anonymous": {}}
        for username in context["users"]:
            cookies[username] = load.sign_in(options.port, username, PASSWORD)
        drive(pages, first.port, cookies, context, options)
        memory = first.worker_rss_mb()
        searches = None
        if not options.only or "search" in options.only.split(","):
            searches = search_before_after(first.port, cookies["bench.manager"], options)
        second = load.Server(options.port + 1, options.workers, logs / "gunicorn-2.log")
        with second:
            pair = two_instances(pages, (first.port, second.port), cookies, options)
            race = race_across(first.port, second.port, context)

    scaled = None
    if options.scale > 1:
        scaled = scale_run(pages, context, options)
    elapsed = time.monotonic() - started
    report = render(pages, seeded, memory, pair, race, options, elapsed)
    if searches:
        report += "\n\n" + render_searches(searches, options)
    if scaled:
        report += "\n\n" + render_scale(pages, scaled, options)
    print(report)
    if not options.no_write and not options.only:
        write_report(report)


# Database and cache --------------------------------------------------------------------------

BENCH_REDIS_URL = "redis://127.0.0.1:6379/14"


def choose_cache(wanted: str) -> str:
    """Set REDIS_URL for the production settings (or take it away), empty the benchmark's Redis
    database, and say which cache the run uses."""
    url = os.environ.get("REDIS_URL") or BENCH_REDIS_URL
    if wanted != "database":
        try:
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=2)
            client.flushdb()
        except Exception as error:  # any failure: no Redis to use
            if wanted == "redis":
                raise SystemExit(f"--cache redis: no Redis at {url} ({error})") from None
        else:
            os.environ["REDIS_URL"] = url
            version = client.info("server").get("redis_version", "?")
            return f"Redis {version} for the cache and sessions (cached_db)"
    os.environ.pop("REDIS_URL", None)
    return "the database cache and database sessions"


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to drop the database {name!r}")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Database {name} created afresh.", flush=True)


def manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True
    )


def seed_if_empty() -> dict:
    from django.db import connection

    from bench.seed import seed
    from participants.models import Participant

    if Participant.objects.exists():
        print("Database already seeded (--reuse): seeding not timed.", flush=True)
        return {}
    print("Seeding the issue-8 data set ...", flush=True)
    counts = seed()
    print(f"Seeded in {counts['seconds']} s: {counts}", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts["analyze_seconds"] = round(time.monotonic() - started, 1)
    return counts


def prepare() -> dict:
    """Users for each signed-in role, placements to ask about, the filter values."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from exchange_portal.roles import GROUP_NAMES, Role, sync_roles
    from placements.models import Placement
    from programmes.models import Programme

    sync_roles()
    users = {}
    for username in ("bench.manager", "bench.manager2"):
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.gov.hk", "is_staff": True}
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.CSB_MANAGER]))
        users[username] = user
    enquiries = list(
        Placement.objects.filter(status=Placement.Status.COMPLETED)
        .order_by("pk")
        .values_list("reference_code", "participant__email")[::500][:200]
    )
    programme = Programme.objects.order_by("code").first()
    return {"users": users, "enquiries": enquiries, "programme": programme}


FLOOR_GOAL = 0.5  # each page at least half as fast as its floor (issue 18)


def build_pages(context) -> list[Page]:
    """The pages, each followed by its floor: the same work with the least code (bench/floors.py,
    decision 0046). Goals of issue 18."""
    programme = context["programme"]
    manager = "bench.manager"
    staff_query = f"?programme={programme.pk}&status=completed"
    pages = [
        Page("bare", "bare Django view (a constant)", "/bench/bare/"),
        Page(
            "figures",
            "public figures page (cached)",
            "/figures/",
            min_ratio=0.6,
            floor_path="/bench/floor/figures/",
        ),
        Page(
            "enquiry",
            "public status enquiry, valid code (POST)",
            "/status/",
            post=True,
            min_ratio=0.2,
            floor_path="/bench/floor/status/",
        ),
        Page(
            "staff_list",
            "staff placement list, 50 rows, by programme and status",
            f"/staff/placements/{staff_query}",
            role=manager,
            min_ratio=0.1,
            max_p99_ms=300,
            p99_inclusive=True,
            floor_path=f"/bench/floor/staff/placements/{staff_query}",
        ),
        Page(
            "dashboard",
            "staff dashboard",
            "/staff/",
            role=manager,
            max_p99_ms=200,
            floor_path="/bench/floor/staff/",
        ),
        # The two pages above made afresh on every request (kept pages off for them): the
        # work a kept page saves, and what a reader pays after any change (decision 0058).
        Page(
            "staff_list_fresh",
            "staff placement list, made afresh each request",
            f"/bench/fresh/staff/placements/{staff_query}",
            role=manager,
            floor_path=f"/bench/floor/fresh/staff/placements/{staff_query}",
        ),
        Page(
            "dashboard_fresh",
            "staff dashboard, made afresh each request",
            "/bench/fresh/staff/",
            role=manager,
            floor_path="/bench/floor/fresh/staff/",
        ),
        Page(
            "api_list",
            "API placement list, 50 rows",
            API_LIST,
            role=manager,
            min_ratio=0.1,
            floor_path="/bench/floor/api/placements/",
        ),
        Page(
            "api_list_fresh",
            "API placement list, 50 rows, made afresh each request",
            "/bench/fresh/api/placements/?page_size=50",
            role=manager,
            floor_path="/bench/floor/fresh/api/placements/",
        ),
        Page(
            "admin",
            "admin placement changelist (the portal's ModelAdmin)",
            "/admin/placements/placement/",
            role=manager,
            min_ratio=3.0,
            against="admin_default",
            floor_path="/bench/floor/admin/placements/",
        ),
        Page(
            "admin_fresh",
            "admin placement changelist, the portal's, made afresh each request",
            "/bench-fresh-admin/placements/placement/",
            role=manager,
            min_ratio=3.0,
            against="admin_default",
            floor_path="/bench/floor/fresh/admin/placements/",
        ),
        Page(
            "admin_default",
            "admin placement changelist, Django's default ModelAdmin",
            "/bench-admin/placements/placement/",
            role=manager,
        ),
    ]
    return with_floors(pages)


def with_floors(pages: list[Page]) -> list[Page]:
    """Each page with a floor followed by the floor's own entry (same role, same method)."""
    listed = []
    for page in pages:
        if page.floor_path:
            page.min_floor_ratio = FLOOR_GOAL
        listed.append(page)
        if page.floor_path:
            listed.append(
                Page(
                    f"{page.key}_floor",
                    f"floor of: {page.label}",
                    page.floor_path,
                    role=page.role,
                    post=page.post,
                    floor_of=page.key,
                )
            )
    return listed


# Queries per request (Django's test client, same settings and database) ----------------------


def enquiry_form(context) -> dict:
    code, email = context["enquiries"][0]
    return {"reference_code": code, "email": email}


def answered(page: Page, body: str, context) -> bool:
    """The enquiry (or its floor) found the placement asked about."""
    if page.floor_of:
        return context["enquiries"][0][0] in body
    return ANSWERED in body


def count_queries(pages: list[Page], context) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    by_key = {p.key: p for p in pages}
    clients = {"anonymous": Client()}
    for username, user in context["users"].items():
        clients[username] = Client()
        clients[username].force_login(user)
    for page in pages:
        client = clients[page.role]

        def call(client=client, page=page):
            if page.post:
                return client.post(page.path, enquiry_form(context))
            return client.get(page.path)

        with CaptureQueriesContext(connection) as cold:
            response = call()
        if page.floor_of and by_key[page.floor_of].skipped:
            page.skipped = by_key[page.floor_of].skipped
            continue
        if response.status_code == 404 and page.path == API_LIST:
            page.skipped = "not available (the API answers 404: not merged yet)"
            continue
        if response.status_code != 200:
            raise SystemExit(f"{page.key}: HTTP {response.status_code} from the test client")
        if page.post and not answered(page, response.content.decode(), context):
            raise SystemExit(f"{page.key}: the enquiry did not find the placement asked about")
        with CaptureQueriesContext(connection) as warm:
            call()
        page.cold_queries = len(cold.captured_queries)
        page.queries = len(warm.captured_queries)


# Load ----------------------------------------------------------------------------------------


def enquiry_bodies(port: int, context) -> tuple[list[str], dict]:
    token, cookies = load.csrf_pair(port, "/status/")
    bodies = [
        urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "reference_code": code, "email": email}
        )
        for code, email in context["enquiries"]
    ]
    answer = load.request(
        port, "POST", "/status/", cookies=cookies, form=dict(urllib.parse.parse_qsl(bodies[0]))
    )
    if answer.status != 200 or ANSWERED not in answer.body:
        raise SystemExit(f"the status enquiry over HTTP did not answer (HTTP {answer.status})")
    return bodies, cookies


def drive(pages: list[Page], port: int, cookies: dict, context, options) -> None:
    base = f"http://127.0.0.1:{port}"
    bodies = enquiry_cookies = None
    order = [*pages, pages[0]]  # the bare view again at the end: how much the machine drifted
    bare_runs = []
    by_key = {p.key: p for p in pages}
    for page in order:
        if page.floor_of and by_key[page.floor_of].skipped:
            page.skipped = by_key[page.floor_of].skipped
        if page.skipped:
            print(f"{page.label}: {page.skipped}", flush=True)
            continue
        page_cookies = cookies[page.role]
        if page.post:
            if bodies is None:
                bodies, enquiry_cookies = enquiry_bodies(port, context)
            page_cookies = enquiry_cookies
        else:
            check = load.request(port, "GET", page.path, cookies=page_cookies)
            if check.status == 404 and page.path == API_LIST:
                page.skipped = "not available (the API answers 404: not merged yet)"
                print(f"{page.label}: {page.skipped}", flush=True)
                continue
            if check.status != 200:
                raise SystemExit(f"{page.key}: HTTP {check.status} over HTTP")
        result = load.wrk(
            base + page.path,
            duration=options.duration,
            connections=options.connections,
            cookies=page_cookies,
            post_bodies=bodies if page.post else None,
        )
        if page.key == "bare":
            bare_runs.append(result)
        page.load = result
        print(
            f"{page.label}: {result.requests_per_second:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
            f"p99 {result.p99_ms:.1f} ms, {result.errors} errors",
            flush=True,
        )
    bare = pages[0]
    bare.extra["runs"] = [r.requests_per_second for r in bare_runs]
    mean = sum(bare.extra["runs"]) / len(bare_runs)
    bare.load = load.Load(
        requests_per_second=mean,
        p50_ms=min(r.p50_ms for r in bare_runs),
        p99_ms=max(r.p99_ms for r in bare_runs),
        requests=sum(r.requests for r in bare_runs),
        errors=sum(r.errors for r in bare_runs),
    )


def two_instances(pages: list[Page], ports: tuple[int, int], cookies: dict, options) -> dict:
    """The staff list served by two instances at once, half the connections each; the session
    made by signing in on the first is used on both (shared sessions)."""
    page = next((p for p in pages if p.key == "staff_list"), pages[0])
    results = [None, None]
    half = max(1, options.connections // 2)

    def run(index: int, port: int) -> None:
        results[index] = load.wrk(
            f"http://127.0.0.1:{port}{page.path}",
            duration=options.duration,
            connections=half,
            threads=1,
            cookies=cookies[page.role],
        )

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(ports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    combined = sum(r.requests_per_second for r in results)
    print(
        f"two instances, {page.label}: {combined:,.0f} req/s together "
        f"({' + '.join(f'{r.requests_per_second:,.0f}' for r in results)})",
        flush=True,
    )
    return {"page": page, "results": results, "combined": combined}


# The same pages at N times the rows (issue 18.3) ------------------------------------------------

SCALED = (
    "staff_list",
    "api_list",
    "dashboard",
    "staff_list_fresh",
    "api_list_fresh",
    "dashboard_fresh",
)


def scale_run(pages: list[Page], context, options) -> dict:
    """Grow the data set to `--scale` times its placements (officers and cohorts with them),
    then measure the staff list, the API list and the dashboard again, each with its floor and
    the bare view, on a fresh gunicorn."""
    from django.db import connection, connections

    from bench.seed import grow
    from exchange_portal.figures_cache import figures_changed
    from placements.models import Placement

    before = Placement.objects.count()
    extra = options.scale - 1
    print(f"Growing the data set {options.scale}-fold ...", flush=True)
    grown = grow(participants=50_000 * extra, placements=100_000 * extra, cohorts=1_000 * extra)
    print(f"Grown in {grown['seconds']} s: {grown}", flush=True)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    grown["analyze_seconds"] = round(time.monotonic() - started, 1)
    figures_changed()  # COPY sends no signals: the kept figures must be counted again
    wanted = set(SCALED)
    if options.only:
        wanted &= set(options.only.split(","))
    again = [
        p
        for p in build_pages(context)
        if p.key == "bare" or p.key in wanted or p.floor_of in wanted
    ]
    count_queries(again, context)
    connections.close_all()
    server = load.Server(options.port, options.workers, ROOT / "var" / "bench" / "gunicorn-3.log")
    with server:
        cookies = {"anonymous": {}}
        for username in context["users"]:
            cookies[username] = load.sign_in(options.port, username, PASSWORD)
        drive(again, server.port, cookies, context, options)
    return {
        "pages": again,
        "grown": grown,
        "before": before,
        "after": Placement.objects.count(),
    }


def render_scale(pages: list[Page], scaled: dict, options) -> str:
    """The scaled pages at both sizes: throughput, ratio to the bare view of the same phase,
    SQL per request, and whether the ratio fell by more than a third."""
    small = {p.key: p for p in pages}
    large = {p.key: p for p in scaled["pages"]}
    grown = scaled["grown"]
    size = f"{scaled['before']:,}"
    big = f"{scaled['after']:,}"
    lines = [
        f"Scale (issue 18.3, `--scale {options.scale}`): the data set grown from {size} to {big} "
        f"placements ({grown['participants']:,} officers, {grown['cohorts']:,} cohorts, "
        f"{grown['nominations']:,} nominations and {grown['placements']:,} placements added with "
        f"history rows by COPY in one transaction: **{grown['seconds']} s**, then VACUUM ANALYZE "
        f"{grown['analyze_seconds']} s), and the pages measured again on a fresh gunicorn with "
        f"the bare view ({large['bare'].load.requests_per_second:,.0f} req/s at {big}, "
        f"{small['bare'].load.requests_per_second:,.0f} at {size}). Goal: the same SQL per "
        "request at both sizes, and a ratio to the bare view that does not fall by more than a "
        "third.",
        "",
        f"| page | req/s at {size} | ratio to bare | page / floor | p99 ms | SQL "
        f"| req/s at {big} | ratio to bare | page / floor | p99 ms | SQL | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for key in SCALED:
        page, grown_page = small.get(key), large.get(key)
        if page is None or grown_page is None or page.load is None or grown_page.load is None:
            continue
        cells = []
        ratios = []
        for by_key, p in ((small, page), (large, grown_page)):
            ratio = p.load.requests_per_second / by_key["bare"].load.requests_per_second
            ratios.append(ratio)
            floor = floor_ratio(p, by_key)
            cells += [
                f"{p.load.requests_per_second:,.0f}",
                f"{ratio:.3f}",
                "" if floor is None else f"{floor:.2f}",
                f"{p.load.p99_ms:.0f}",
                str(p.queries),
            ]
        kept = ratios[1] / ratios[0]
        same_sql = page.queries == grown_page.queries
        goal = [
            ("ratio kept: met" if kept >= 2 / 3 else "ratio kept: **missed**")
            + f" ({kept:.0%} of the ratio at {size})",
            "same SQL: met" if same_sql else "same SQL: **missed**",
        ]
        lines.append(f"| {page.label} | " + " | ".join(cells) + " | " + "; ".join(goal) + " |")
    return "\n".join(lines)


# Search before and after the trigram indexes (issue 8.4) -----------------------------------

SEARCH_INDEXES = (
    "participant_search_trgm",
    "host_unit_search_trgm",
    "host_org_search_trgm",
    "placement_search_trgm",
)


FRESH_OFFICERS = "/bench/fresh/staff/officers/"
FRESH_PLACEMENTS = "/bench/fresh/staff/placements/"
FRESH_UNITS = "/bench/fresh/staff/units/"


def search_cases() -> list[tuple[str, str, object]]:
    """(label, staff list path, its filtered queryset): parts of names as staff type them."""
    from participants.filters import ParticipantFilter
    from participants.models import Participant
    from placements.filters import HostUnitFilter, PlacementFilter
    from placements.models import HostUnit, Placement

    # The lists made afresh on every request (bench/urls.py): a kept page (decision 0058)
    # would search once, then serve the same page without the database.
    cases = [
        ("officers, part of an English name", FRESH_OFFICERS, "ai-ma", ParticipantFilter),
        ("officers, a Chinese name", FRESH_OFFICERS, "陳大文", ParticipantFilter),
        ("placements, by officer's Chinese name", FRESH_PLACEMENTS, "陳大文", PlacementFilter),
        ("host units, part of a Chinese name", FRESH_UNITS, "數字政府", HostUnitFilter),
    ]
    models = {ParticipantFilter: Participant, PlacementFilter: Placement, HostUnitFilter: HostUnit}
    return [
        (
            f"{label} (`{typed}`)",
            f"{path}?q={urllib.parse.quote(typed)}",
            filterset({"q": typed}, models[filterset].objects.all()).qs,
        )
        for label, path, typed, filterset in cases
    ]


def sql_ms(queryset, repeat: int = 5) -> tuple[float, int]:
    """Median wall time of what the list asks the database for the search: the count of rows
    found and the first page of 50."""
    timings, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = queryset.count()
        list(queryset[:50])
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)[len(timings) // 2], found


def search_before_after(port: int, cookies: dict, options) -> list[dict]:
    """Each search with the trigram indexes dropped, then built again (timed) and used: SQL time
    and the page under load, in the same run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(SEARCH_INDEXES)],
        )
        definitions = dict(cursor.fetchall())
    missing = set(SEARCH_INDEXES) - set(definitions)
    if missing:
        raise SystemExit(f"trigram indexes missing after migrate: {sorted(missing)}")
    cases = search_cases()
    results = [{"label": label, "path": path} for label, path, _qs in cases]

    def measure(state: str) -> None:
        for result, (_label, path, queryset) in zip(results, cases, strict=True):
            result[f"{state}_sql_ms"], result["found"] = sql_ms(queryset)
            check = load.request(port, "GET", path, cookies=cookies)
            if check.status != 200:
                raise SystemExit(f"search {path}: HTTP {check.status}")
            run = load.wrk(
                f"http://127.0.0.1:{port}{path}",
                duration=max(3, options.duration // 2),
                connections=options.connections,
                cookies=cookies,
            )
            result[f"{state}_load"] = run
            print(
                f"search {state}: {result['label']}: {result[f'{state}_sql_ms']:.1f} ms SQL, "
                f"{run.requests_per_second:,.0f} req/s, p99 {run.p99_ms:.0f} ms",
                flush=True,
            )

    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ANALYZE")
    started = None
    try:
        measure("before")
    finally:  # the indexes come back even when the run stops here
        started = time.monotonic()
        with connection.cursor() as cursor:
            for name in SEARCH_INDEXES:
                cursor.execute(definitions[name])
            cursor.execute("ANALYZE")
    built = time.monotonic() - started
    measure("after")
    for result in results:
        result["build_s"] = built
    return results


def render_searches(results: list[dict], options) -> str:
    lines = [
        "Search (issue 8.4): each staff list searched for part of a name, first with the "
        "trigram indexes dropped, then with them built again "
        f"({results[0]['build_s']:.1f} s for the four); SQL = median time of the list's count "
        f"and first 50 rows; load = wrk {options.connections} connections × "
        f"{max(3, options.duration // 2)} s.",
        "",
        "| search | rows found | SQL ms before | SQL ms after | req/s before | req/s after "
        "| p99 ms before | p99 ms after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        before, after = r["before_load"], r["after_load"]
        lines.append(
            f"| {r['label']} | {r['found']:,} | {r['before_sql_ms']:.1f} | "
            f"{r['after_sql_ms']:.1f} | {before.requests_per_second:,.0f} | "
            f"{after.requests_per_second:,.0f} | {before.p99_ms:.0f} | {after.p99_ms:.0f} |"
        )
    return "\n".join(lines)


# The last-place race across two instances ------------------------------------------------------


def race_fixture(round_number: int, context):
    """A cohort with 3 places, 2 confirmed, and 2 proposed placements of other officers: one
    place left for two."""
    import datetime as dt

    from django.db import transaction

    from participants.models import Participant
    from placements.models import HostUnit, Nomination, Placement
    from programmes.models import Cohort

    programme = context["programme"]
    # Numbered after any rounds of an earlier run (--reuse): new cohorts, other officers.
    number = Cohort.objects.filter(name__startswith="Race cohort").count() + round_number
    start = dt.date(2031, 1, 5) + dt.timedelta(days=200 * number)
    with transaction.atomic():
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"Race cohort {number}",
            phase=9,
            batch=number + 1,
            direction=programme.direction,
            start_date=start,
            end_date=start + dt.timedelta(days=90),
            places=3,
            destination="Race destination",
            status=Cohort.Status.CONFIRMED,
        )
        unit = HostUnit.objects.order_by("pk").first()
        officers = Participant.objects.order_by("pk")[4 * number : 4 * number + 4]
        placements = []
        for index, officer in enumerate(officers):
            nomination = Nomination.objects.create(
                cohort=cohort,
                participant=officer,
                nominating_department_id=officer.department_id,
                rank=1,
                statement="Race.",
                status=Nomination.Status.SELECTED,
            )
            placements.append(
                Placement.objects.create(
                    nomination=nomination,
                    participant=officer,
                    cohort=cohort,
                    host_unit=unit,
                    start_date=cohort.start_date,
                    end_date=cohort.end_date,
                    role_title="Special Assistant",
                    status=Placement.Status.CONFIRMED if index < 2 else Placement.Status.PROPOSED,
                )
            )
    return cohort, placements[2:]


def post_at_once(posts: list[tuple]) -> list:
    """POST each (port, path, cookies, form) from its own thread, released together."""
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)

    def post(index: int) -> None:
        port, path, cookies, form = posts[index]
        barrier.wait()
        answers[index] = load.request(port, "POST", path, cookies=cookies, form=form)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def race_across(port_a: int, port_b: int, context, rounds: int = 5) -> dict:
    """Two managers confirm the last place at the same moment, one through each instance:
    exactly one confirmation may win, every round."""
    from django.db import connections

    from placements.models import Placement

    sessions = [
        load.sign_in(port_a, "bench.manager", PASSWORD),
        load.sign_in(port_b, "bench.manager2", PASSWORD),
    ]
    outcomes = []
    for round_number in range(rounds):
        cohort, (first, second) = race_fixture(round_number, context)
        connections.close_all()
        prepared = []
        for port, placement, cookies in (
            (port_a, first, sessions[0]),
            (port_b, second, sessions[1]),
        ):
            page = f"/staff/placements/{placement.pk}/"
            token, jar = load.csrf_pair(port, page, cookies)  # the record page's confirm button
            path = f"{page}do/confirm/"
            prepared.append((port, path, jar, token))
        answers = post_at_once(
            [
                (port, path, jar, {"csrfmiddlewaretoken": token})
                for port, path, jar, token in prepared
            ]
        )
        confirmed = [
            Placement.objects.get(pk=p.pk).status == Placement.Status.CONFIRMED
            for p in (first, second)
        ]
        holding = Placement.objects.filter(cohort=cohort, status="confirmed").count()
        # The loser is sent back to the record with the reason, shown on the next page.
        told = False
        if confirmed.count(False) == 1:
            index = confirmed.index(False)
            port, path, jar, _token = prepared[index]
            jar = {**jar, **answers[index].cookies}  # the message travels in a cookie
            page = load.request(port, "GET", path.split("do/")[0], cookies=jar)
            told = "places in" in page.body and "are taken" in page.body
        outcomes.append(
            {
                "statuses": [a.status for a in answers],
                "winners": confirmed.count(True),
                "holding": holding,
                "loser_told": told,
            }
        )
    ok = all(o["winners"] == 1 and o["holding"] == 3 and o["loser_told"] for o in outcomes)
    print(f"last-place race across two instances, {rounds} rounds: {outcomes}", flush=True)
    return {"rounds": rounds, "outcomes": outcomes, "ok": ok}


# Report ----------------------------------------------------------------------------------------


def verdict(page: Page, pages_by_key: dict) -> str:
    if page.load is None:
        return ""
    parts = []
    if page.min_ratio is not None:
        base = pages_by_key[page.against].load
        ratio = page.load.requests_per_second / base.requests_per_second
        name = "bare view" if page.against == "bare" else "default admin"
        met = "met" if ratio >= page.min_ratio else f"**missed** ({ratio / page.min_ratio:.0%})"
        parts.append(f"≥ {page.min_ratio:g}× {name}: {met}")
    if page.max_p99_ms is not None:
        within = (
            page.load.p99_ms <= page.max_p99_ms
            if page.p99_inclusive
            else page.load.p99_ms < page.max_p99_ms
        )
        met = "met" if within else f"**missed** ({page.load.p99_ms:.0f} ms)"
        parts.append(f"p99 {'≤' if page.p99_inclusive else '<'} {page.max_p99_ms:g} ms: {met}")
    floor = floor_ratio(page, pages_by_key)
    if page.min_floor_ratio is not None and floor is not None:
        met = (
            "met"
            if floor >= page.min_floor_ratio
            else f"**missed** ({floor / page.min_floor_ratio:.0%})"
        )
        parts.append(f"≥ {page.min_floor_ratio:g}× floor: {met}")
    return "; ".join(parts)


def floor_ratio(page: Page, pages_by_key: dict) -> float | None:
    """The page's throughput over its floor's, in the same run."""
    floor = pages_by_key.get(f"{page.key}_floor")
    if not page.floor_path or floor is None or floor.load is None or page.load is None:
        return None
    return page.load.requests_per_second / floor.load.requests_per_second


def render(pages, seeded, memory, pair, race, options, elapsed) -> str:
    by_key = {p.key: p for p in pages}
    today = datetime.date.today().isoformat()
    load_average = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Run of {today}: `make bench` (bench/run.py) with gunicorn {options.workers} sync "
        f"workers, wrk {options.connections} connections × {options.duration} s per page, "
        f"{options.cache_label}, on {os.cpu_count()} CPUs ({platform.machine()}, load average "
        f"at the end {load_average}; other jobs shared the machine). The whole run took "
        f"{elapsed / 60:.1f} min.",
        "",
    ]
    if seeded:
        lines += [
            f"Seeding: {seeded['participants']:,} participants, {seeded['host_units']:,} host "
            f"units, {seeded['programmes']} programmes, {seeded['cohorts']:,} cohorts, "
            f"{seeded['nominations']:,} nominations, {seeded['placements']:,} placements, with "
            f"history rows: **{seeded['seconds']} s** (COPY with history, one "
            f"transaction), then VACUUM ANALYZE {seeded['analyze_seconds']} s.",
            "",
        ]
    runs = by_key["bare"].extra.get("runs", [])
    lines += [*page_table(pages, by_key, runs)]
    lines += [
        "",
        "Worker memory after the run (RSS of each gunicorn worker, /proc): "
        + ", ".join(f"{m:.0f} MB" for m in memory)
        + ".",
        "",
        f"Two instances (gunicorn × {options.workers} workers each, ports {options.port} and "
        f"{options.port + 1}, one PostgreSQL, {options.cache_label}), "
        f"{pair['page'].label} with half the connections on each, the session signed in on the "
        f"first used on both: **{pair['combined']:,.0f} req/s** together ("
        + " + ".join(f"{r.requests_per_second:,.0f}" for r in pair["results"])
        + f"; errors {sum(r.errors for r in pair['results'])}).",
        "",
        f"Last-place race across the two instances over HTTP ({race['rounds']} rounds: two "
        "managers confirm the last place of a cohort at the same moment, one on each instance): "
        + (
            "**exactly one confirmation won every round**, the other manager was told the places "
            "are taken, and the cohort never held more than its places."
            if race["ok"]
            else f"**FAILED**: {race['outcomes']}"
        ),
    ]
    return "\n".join(lines)


def page_table(pages: list[Page], by_key: dict, runs: list[float]) -> list[str]:
    """The pages' table: each page with its floor's throughput beside it (the floors are not
    rows of their own)."""
    bare = by_key["bare"].load
    lines = [
        "| page | req/s | ratio to bare | floor req/s | page / floor | p50 ms | p99 ms "
        "| SQL per request | floor SQL | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages:
        if page.floor_of:
            continue
        if page.skipped:
            lines.append(f"| {page.label} | – | – | – | – | – | – | – | – | {page.skipped} |")
            continue
        result = page.load
        queries = "" if page.queries is None else str(page.queries)
        if page.cold_queries is not None and page.cold_queries != page.queries:
            queries += f" (first: {page.cold_queries})"
        ratio = result.requests_per_second / bare.requests_per_second
        label = page.label
        if page.key == "bare" and len(runs) > 1:
            label += " (mean of " + " and ".join(f"{r:,.0f}" for r in runs) + ")"
        if result.errors:
            label += f" — {result.errors} errors"
        floor = by_key.get(f"{page.key}_floor") if page.floor_path else None
        floor_rps = floor_sql = of_floor = ""
        if floor is not None and floor.load is not None:
            floor_rps = f"{floor.load.requests_per_second:,.0f}"
            of_floor = f"{floor_ratio(page, by_key):.2f}"
            floor_sql = "" if floor.queries is None else str(floor.queries)
            if floor.load.errors:
                floor_rps += f" — {floor.load.errors} errors"
        lines.append(
            f"| {label} | {result.requests_per_second:,.0f} | {ratio:.2f} | {floor_rps} | "
            f"{of_floor} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | {queries} | {floor_sql} | "
            f"{verdict(page, by_key)} |"
        )
    return lines


def write_report(report: str) -> None:
    text = REPORT.read_text()
    if START_MARK not in text:
        raise SystemExit(f"{REPORT} has no {START_MARK} marker")
    head, rest = text.split(START_MARK, 1)
    _old, tail = rest.split(END_MARK, 1)
    REPORT.write_text(f"{head}{START_MARK}\n{report}\n{END_MARK}{tail}")
    print(f"\nWritten to {REPORT.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
