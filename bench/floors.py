"""Floors (decision 0046): for each page `make bench` measures, a lean view doing the same work
with the least code, served beside it in the same run (bench/urls.py, bench settings only).

"The same work" means what the page cannot do without: the same middleware (the whole stack of
the production settings), the same sign-in (the session and the user loaded, the role read from
the user's groups, the model permissions where the page asks for them), the same cache reads,
the same throttle counting, and the same rows from the database: the same tables, scope
(`visible_to` through the product's selectors), filter, order, page of 50 and count, and every
other list of rows the page shows (a filter form's choices, the dashboard's lists). What a
floor leaves out is how the page builds its answer: no forms, no model instances (rows come
back as tuples through `values_list`, only the columns shown), no templates (the rows go into
HTML, or JSON for the API, with one string join), no ORM query compiled twice.

A floor is kept honest by tests/test_bench_floors.py: on a small seeded world each floor must
show the same rows (reference codes, ids, counts) as its page. bench/run.py prints each floor's
SQL per request beside its page's.
"""

from __future__ import annotations

import json
from html import escape

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, Count, Max, Min, Q, Value, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from api.pagination import EXACT_COUNT_UP_TO, capped_count, planned_rows
from api.throttles import UserRateThrottle
from exchange_portal.admin_dates import years_with_rows
from exchange_portal.figures_cache import PAGE_KEY, VERSION_KEY, figures_version
from exchange_portal.filters import kept
from exchange_portal.kept_pages import kept_response
from exchange_portal.roles import CSB, STAFF, role_of
from exchange_portal.throttle import Limit, client_address, first_exceeded
from figures.selectors import dashboard_figures
from participants.models import Department, Grade
from placements.models import (
    FocusArea,
    HostOrganisation,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementReport,
)
from placements.selectors import (
    ENQUIRY_COLUMNS,
    STALE_COHORT_STATES,
    enquiry_row,
    placements_for,
)
from programmes.models import Cohort, Programme
from public.forms import normalise_reference_code

PAGE_SIZE = 50
LIMIT = 200  # each dashboard list, as placements.selectors
DASHBOARD_ROWS = 5  # the rows the dashboard shows of each "needs action" list (staff views)


def table(rows) -> str:
    """Rows (tuples) as an HTML table: one join, every cell escaped."""
    return "".join(
        [
            "<table>",
            *(
                "<tr><td>" + "</td><td>".join(escape(str(v)) for v in row) + "</td></tr>"
                for row in rows
            ),
            "</table>",
        ]
    )


def options(name: str, rows) -> str:
    """A filter's choices as a <select> (value, label) with one join."""
    return "".join(
        [
            f'<select name="{name}">',
            *(f'<option value="{v}">{escape(str(label))}</option>' for v, label in rows),
            "</select>",
        ]
    )


def page(*parts: str) -> HttpResponse:
    return HttpResponse("".join(["<!doctype html><html><body>", *parts, "</body></html>"]))


def refused(request, allowed):
    """The pages' RoleRequiredMixin: the session and user loaded, the role read from the
    user's groups (one query), not signed in → sign in, another role → 403."""
    if role_of(request.user) not in allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return None


def kept_floor(view, check):
    """The floor of a page kept whole between changes (decision 0058): the same access check
    (`check(request)`: a response refusing, or None), then the same kept copy (the same version
    reads, the visitor's token put back) through the page's own `kept_response`; on a miss,
    `view`'s lean work, kept as the page keeps its own."""

    def kept_view(request):
        if denied := check(request):
            return denied
        return kept_response(request, lambda: view(request))

    return kept_view


# Public figures (cached) ------------------------------------------------------------------------

_figures: dict[str, tuple] = {}


def figures(request):
    """The stored page: one read of the shared version, the page from this process's copy of
    that version (read from the shared cache when it has none), the visitor's CSRF token put in.
    Serves only what the page serves from the cache: visit /figures/ first."""
    language = get_language()
    version = cache.get(VERSION_KEY)
    copy = _figures.get(language)
    if copy is None or copy[0] != version:
        copy = cache.get(PAGE_KEY.format(language=language))
        if copy is None or copy[0] != version:
            return HttpResponse("not stored yet", status=503)
        _figures[language] = copy
    return HttpResponse(b"".join((copy[1], get_token(request).encode(), copy[2])))


# Public status enquiry ----------------------------------------------------------------


def enquiry(request):
    """The same throttle counting (three counters, one round trip with Redis), the code read as
    the form reads it, the placement looked up by its code with its programme, cohort and host
    (the page's own SQL, compiled once: `enquiry_row`), the e-mail compared; the answer and a
    fresh token for the next enquiry. No form validation, no model instances, no template."""
    if request.method != "POST":
        return HttpResponse(status=405)
    limits = settings.STATUS_ENQUIRY_LIMITS
    address = client_address(request)
    code = normalise_reference_code(request.POST.get("reference_code", ""))
    email = request.POST.get("email", "").strip().lower()
    if (
        first_exceeded(
            [
                Limit("enquiry-address", address, **limits["address"]),
                Limit("enquiry-code", f"{code}|{address}", **limits["code"]),
                Limit("enquiry-code-all", code, **limits["code_all_addresses"]),
            ]
        )
        is not None
    ):
        return HttpResponse("too many", status=429)
    row = enquiry_row(code)
    email_at = ENQUIRY_COLUMNS.index("participant__email")
    shown = [
        row[:email_at] + row[email_at + 1 :]
        for row in ([row] if row else [])
        if row[email_at].lower() == email
    ]
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
    return page(table(shown) if shown else "<p>No placement matches.</p>", token)


# Staff placement list ----------------------------------------------------------------


def staff_list_rows(user, programme: str, status: str):
    """The list's placements: the page's scope and filter, newest first, with their count."""
    rows = placements_for(user)
    if programme:
        rows = rows.filter(cohort__programme_id=programme)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-start_date", "pk")


def staff_list(request):
    """The page's rows and count, and its filter form's choices (programmes, the chosen
    programme's cohorts, departments, grades, host organisations, countries, focus areas)."""
    if denied := refused(request, STAFF):
        return denied
    programme = request.GET.get("programme", "")
    status = request.GET.get("status", "")
    rows = staff_list_rows(request.user, programme, status)
    count = rows.count()
    shown = rows.values_list(
        "reference_code",
        "participant__name_en",
        "participant__department__code",
        "cohort__programme__name_en",
        "host_unit__organisation__name_en",
        "host_unit__name_en",
        "start_date",
        "end_date",
        "status",
    )[:PAGE_SIZE]
    cohorts = Cohort.objects.none()
    if programme:
        cohorts = Cohort.objects.filter(programme_id=programme).order_by("-start_date", "pk")
    return page(
        options("programme", Programme.objects.order_by("name_en").values_list("pk", "name_en")),
        options("cohort", cohorts.values_list("pk", "name")),
        options("department", Department.objects.order_by("code").values_list("pk", "code")),
        options("grade", Grade.objects.order_by("code").values_list("pk", "code")),
        options("host", HostOrganisation.objects.order_by("name_en").values_list("pk", "name_en")),
        options(
            "country",
            (
                (c, c)
                for c in HostOrganisation.objects.order_by("country")
                .values_list("country", flat=True)
                .distinct()
            ),
        ),
        options("focus", FocusArea.objects.order_by("name_en").values_list("pk", "name_en")),
        f"<p>{count} placements</p>",
        table(shown),
    )


# Staff dashboard ----------------------------------------------------------------


def dashboard_lists(today=None, now=None) -> list[tuple[str, object]]:
    """The dashboard's lists (CSB: everything), as placements.selectors reads them
    (`stale_states` and `needs_action`): the same filters, order and bound, the columns each
    row is named by."""
    from datetime import timedelta

    now = now or timezone.now()
    today = today or timezone.localdate()
    month = timedelta(30)
    officer = ("participant__name_en", "participant__name_zh_hant", "participant__name_zh_hans")
    placement = ("reference_code", "status", "start_date", "end_date", *officer)
    host = ("host_unit__name_en", "host_unit__organisation__name_en")
    nominations = Nomination.objects.order_by(
        "cohort__nominations_close_at", "cohort_id", "rank", "pk"
    ).values_list("pk", "status", *officer, "cohort__name")
    placements = Placement.objects.values_list("pk", *placement, *host)
    proposed = placements.filter(status=Placement.Status.PROPOSED).order_by("start_date", "pk")
    answer = Placement.HostResponse
    reports = PlacementReport.objects.values_list(
        "pk", "status", "author_role", "due_on", "placement__reference_code"
    )
    return [
        (
            "stale cohorts",
            Cohort.objects.filter(status__in=STALE_COHORT_STATES, start_date__lt=today)
            .order_by("start_date", "pk")
            .values_list("pk", "name", "start_date", "status"),
        ),
        (
            "stale placements",
            placements.filter(
                Q(status__in=[Placement.Status.PROPOSED, Placement.Status.CONFIRMED])
                & Q(start_date__lt=today)
                | Q(status=Placement.Status.IN_PROGRESS, end_date__lt=today)
            ).order_by("start_date", "pk"),
        ),
        (
            "closing",
            Cohort.objects.filter(
                status=Cohort.Status.NOMINATIONS_OPEN,
                nominations_close_at__range=(now, now + timedelta(days=14)),
            )
            .order_by("nominations_close_at", "pk")
            .values_list("pk", "name", "nominations_close_at", "start_date", "status"),
        ),
        ("screen", nominations.filter(status=Nomination.Status.SUBMITTED)),
        (
            "decide",
            nominations.filter(
                status__in=[Nomination.Status.SHORTLISTED, Nomination.Status.RECOMMENDED],
                cohort__status=Cohort.Status.SELECTION,
            ),
        ),
        (
            "place",
            nominations.filter(status=Nomination.Status.SELECTED, placement__isnull=True).exclude(
                cohort__status__in=[Cohort.Status.COMPLETED, Cohort.Status.CANCELLED]
            ),
        ),
        ("host", proposed.filter(host_response=answer.AWAITING)),
        ("declined", proposed.filter(host_response=answer.DECLINED)),
        ("confirm", proposed.exclude(host_response__in=[answer.AWAITING, answer.DECLINED])),
        (
            "amend",
            PlacementAmendment.objects.awaiting_decision()
            .order_by("created_at")
            .values_list(
                "pk", "status", "new_start_date", "old_start_date", "placement__reference_code"
            ),
        ),
        (
            "review",
            reports.filter(
                status=PlacementReport.Status.SUBMITTED, submitted_at__gte=now - month
            ).order_by("-submitted_at", "pk"),
        ),
        (
            "starting",
            placements.filter(
                status=Placement.Status.CONFIRMED, start_date__range=(today, today + month)
            ).order_by("start_date"),
        ),
        (
            "ending",
            placements.filter(
                status=Placement.Status.IN_PROGRESS, end_date__range=(today, today + month)
            ).order_by("end_date"),
        ),
        (
            "overdue",
            reports.filter(status=PlacementReport.Status.DRAFT, due_on__lt=today).order_by(
                "due_on"
            ),
        ),
    ]


def first_and_waiting(rows):
    """As the dashboard reads a "needs action" list (placements.selectors._first_and_total,
    decision 0047): its first DASHBOARD_ROWS rows with the number waiting, up to LIMIT,
    counted in the same query."""
    limited = rows.values("pk")[:LIMIT]
    first = list(rows.filter(pk__in=limited).annotate(waiting=Window(Count("pk")))[:DASHBOARD_ROWS])
    return [row[:-1] for row in first], (first[0][-1] if first else 0)


def dashboard(request):
    """The page's lists (the two stale lists bounded at 200 rows, each "needs action" list its
    first five rows and how many wait; one query each) and its figures of the year (the same
    two cache reads: the figures' version, then the figures kept under it)."""
    if denied := refused(request, CSB):
        return denied
    figures_of_year = dashboard_figures()
    parts = [
        "<dl>",
        *(
            f"<dt>{escape(str(k))}</dt><dd>{escape(str(v))}</dd>"
            for k, v in figures_of_year.items()
        ),
        "</dl>",
    ]
    lists = dashboard_lists()
    read = read_action_lists([(key, rows) for key, rows in lists if not key.startswith("stale")])
    for key, rows in lists:
        if key.startswith("stale"):
            parts += [f"<h2>{key}</h2>", table(rows[:LIMIT])]
        else:
            first, waiting = read[key]
            parts += [f"<h2>{key} ({waiting})</h2>", table(first)]
    return page(*parts)


def read_action_lists(lists) -> dict[str, tuple[list, int]]:
    """As the dashboard reads its "needs action" lists (placements.selectors._read_lists,
    decision 0055): on PostgreSQL those of one model in one UNION ALL of the lists' own
    queries; elsewhere one query a list."""
    if not connection.features.supports_slicing_ordering_in_compound:
        return {key: first_and_waiting(rows) for key, rows in lists}
    by_model: dict = {}
    for key, rows in lists:
        limited = rows.values("pk")[:LIMIT]
        part = rows.filter(pk__in=limited).annotate(
            waiting=Window(Count("pk")),
            n=Window(RowNumber(), order_by=list(rows.query.order_by) or ["pk"]),
            list_key=Value(key, output_field=CharField()),
        )[:DASHBOARD_ROWS]
        by_model.setdefault(rows.model, []).append(part)
    found: dict[str, list] = {key: [] for key, _rows in lists}
    for parts in by_model.values():
        combined = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True).order_by()
        for row in combined:
            found[row[-1]].append(row)
    read = {}
    for key, rows in found.items():
        rows.sort(key=lambda row: row[-2])
        read[key] = ([row[:-3] for row in rows], rows[0][-3] if rows else 0)
    return read


# API placement list ----------------------------------------------------------------

API_FIELDS = [
    "id",
    "reference_code",
    "nomination",
    "participant",
    "participant__name_en",
    "cohort",
    "host_unit",
    "start_date",
    "end_date",
    "role_title",
    "role_title_zh_hant",
    "role_title_zh_hans",
    "duties",
    "duties_zh_hant",
    "duties_zh_hans",
    "supervisor_name",
    "supervisor_title",
    "status",
    "status_reason",
    "version",
    "created_at",
    "updated_at",
]


def api_rows(user):
    return placements_for(user).order_by("-start_date", "pk")


def api_refused(request):
    """The API's checks: the role from the groups, the model permission, and the signed-in
    caller's request rate counted as the API counts it (api/throttles.py, the same cache keys)."""
    user = request.user
    if role_of(user) not in STAFF or not user.has_perm("placements.view_placement"):
        return HttpResponse('{"detail": "refused"}', status=403, content_type="application/json")
    if not UserRateThrottle().allow_request(request, None):
        return HttpResponse('{"detail": "slow down"}', status=429, content_type="application/json")
    return None


def api_list(request):
    """The API's page of 50 placements (the same fields, focus areas by a second query) and the
    count as the page counts, after the same checks: signed in, the role from the groups, the
    model permission, and the caller's request rate counted."""
    if denied := api_refused(request):
        return denied
    user = request.user
    rows = api_rows(user)
    # The page's count: exact up to EXACT_COUNT_UP_TO, the planner's estimate beyond
    # (api/pagination.py, decision 0048).
    count = capped_count(rows, EXACT_COUNT_UP_TO + 1)
    if count > EXACT_COUNT_UP_TO:
        count = max(count, planned_rows(rows) or 0)
    found = list(rows.values_list(*API_FIELDS)[:PAGE_SIZE])
    areas: dict[int, list[int]] = {}
    for placement_id, area_id in (
        Placement.focus_areas.through.objects.filter(placement_id__in=[r[0] for r in found])
        .order_by("focusarea__name_en")
        .values_list("placement_id", "focusarea_id")
    ):
        areas.setdefault(placement_id, []).append(area_id)
    names = [*API_FIELDS[:4], "participant_name", *API_FIELDS[5:]]
    results = [
        {**dict(zip(names, row, strict=True)), "focus_areas": areas.get(row[0], [])}
        for row in found
    ]
    body = json.dumps({"count": count, "results": results}, default=str)
    return HttpResponse(body, content_type="application/json")


# Admin placement changelist ----------------------------------------------------------------


def admin_rows():
    return Placement.objects.order_by("-start_date", "pk")


def admin_refused(request):
    """The admin's checks: staff (else sign in), the role, the model permission."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path())
    if role_of(user) not in STAFF or not user.has_perm("placements.view_placement"):
        raise PermissionDenied
    return None


def admin_list(request):
    """The changelist's 50 rows (ordered as the admin orders them) and count, its filters'
    choices (programmes, focus areas: read once per figures version and language, as the
    admin's KeptRelatedFieldListFilter, after the same read of the version), the date
    hierarchy's years (first and last date, then one probe per year, as
    exchange_portal.admin_dates), after the admin's checks: staff, the role, the model
    permission."""
    if denied := admin_refused(request):
        return denied
    rows = admin_rows()
    count = rows.count()
    shown = rows.values_list(
        "reference_code",
        "participant__name_en",
        "cohort__name",
        "host_unit__name_en",
        "host_unit__organisation__name_en",
        "start_date",
        "end_date",
        "status",
    )[:PAGE_SIZE]
    bounds = rows.order_by().aggregate(first=Min("start_date"), last=Max("start_date"))
    years = []
    if bounds["first"] is not None:
        span = range(bounds["first"].year, bounds["last"].year + 1)
        years = years_with_rows(rows, "start_date", span)
    version = figures_version()
    return page(
        kept(
            ("floor", "admin", "programme"),
            version,
            lambda: options(
                "programme", Programme.objects.order_by("name_en").values_list("pk", "name_en")
            ),
        ),
        kept(
            ("floor", "admin", "focus"),
            version,
            lambda: options(
                "focus", FocusArea.objects.order_by("name_en").values_list("pk", "name_en")
            ),
        ),
        "".join(f"<a>{day.year}</a>" for day in years),
        f"<p>{count} placements</p>",
        table(shown),
    )


# The kept pages' floors (decision 0058): the lean views above, kept as the pages are.
staff_list_kept = kept_floor(staff_list, lambda request: refused(request, STAFF))
dashboard_kept = kept_floor(dashboard, lambda request: refused(request, CSB))
admin_list_kept = kept_floor(admin_list, admin_refused)
api_list_kept = kept_floor(api_list, api_refused)
