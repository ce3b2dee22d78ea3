"""A long job's progress in a real browser (issue 20): a CSB manager's 10,000-row import and
100,000-row export are seen on their page as "N of M rows" while they run, the page follows
the job without being reloaded, then shows the outcome (the counts, the file to download).
Without scripts the page reloads itself; in Chinese the progress is in Chinese; axe finds no
fault and the CSP blocks nothing, running and done.

The import's progress is reported with the functions the import task reports with (its
resource's `on_row`, jobs.progress.reporter); the export runs through the task itself, called
here while the browser watches."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from jobs import progress
from jobs.models import Job
from jobs.tasks import run_job
from participants.models import Participant
from tests.browser.conftest import CSP_RECORDER
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe_violations
from tests.conftest import make_user
from tests.jobs.factories import JobFactory
from tests.participants.factories import DepartmentFactory, GradeFactory

# Transactional: the live server's thread must see the committed jobs; pytest-django flushes
# the database afterwards (this runs after the package's other browser tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT_MS = 15_000
PROGRESS = {
    "en": "{done} of {total} rows",
    "zh-hant": "已處理 {done} 行，共 {total} 行",
    "zh-hans": "已处理 {done} 行，共 {total} 行",
}
RUNNING = {"en": "Running", "zh-hant": "進行中", "zh-hans": "进行中"}
DONE = {"en": "Done", "zh-hant": "已完成", "zh-hans": "已完成"}


@pytest.fixture(autouse=True)
def quick_refresh(monkeypatch):
    """The page asks (or, without scripts, reloads) every second instead of every three."""
    monkeypatch.setattr("staff.views.jobs.REFRESH_SECONDS", 1)


@pytest.fixture
def manager(server):
    user = make_user(get_user_model(), "jobs.manager", "csb_manager")
    client = Client()
    client.force_login(user)
    user.session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return user


@pytest.fixture
def open_page(browser, server):
    """A tab signed in as `user`, in `language`; scripts on or off. Records CSP violations."""
    contexts = []

    def open_page(user, language, *, javascript=True):
        context = browser.new_context(base_url=server.url, java_script_enabled=javascript)
        contexts.append(context)
        context.add_init_script(CSP_RECORDER)
        context.add_cookies(
            [
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.url},
                {"name": settings.SESSION_COOKIE_NAME, "value": user.session, "url": server.url},
            ]
        )
        page = context.new_page()
        page.csp_console = []
        page.on(
            "console",
            lambda message: (
                page.csp_console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


def progress_text(language: str, done: int, total: int) -> str:
    return PROGRESS[language].format(done=f"{done:,}", total=f"{total:,}")


def mark_the_page(page) -> None:
    """A mark in the loaded document: it is gone once the page has been loaded again."""
    page.evaluate("() => { window.__notReloaded = true; }")


def not_reloaded(page) -> bool:
    return page.evaluate("() => window.__notReloaded === true")


def assert_accessible_and_nothing_blocked(page, where: str) -> None:
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(where, violations)
    blocked = page.evaluate("() => window.__csp || []") + page.csp_console
    assert not blocked, f"CSP violations on {where}: {blocked}"


def running_import(owner, *, total: int = 10_000) -> Job:
    """A 10,000-row import as the task leaves it once it has claimed it (jobs.tasks._claim)."""
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        subject="participants.participant",
        owner=owner,
        rows_total=total,
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        spec={"resource": "participants.resources.ParticipantResource", "language": "en"},
    )
    progress.report(job.pk, 0)
    return job


def import_rows(job: Job, up_to: int, *, start: int = 1) -> None:
    """Rows written, told to the import's progress callback as the resource tells it."""
    on_row = progress.reporter(job.pk)
    for rows_done in range(start, up_to + 1):
        on_row(rows_done)


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_10000_row_import_shows_its_progress_then_its_counts(manager, open_page, language):
    job = running_import(manager)
    page = open_page(manager, language)
    page.goto(job.get_absolute_url())
    text = page.locator("[data-job-progress-text]")
    expect(text).to_have_text(progress_text(language, 0, 10_000))
    expect(page.locator("[data-job-status]")).to_have_text(RUNNING[language])
    mark_the_page(page)

    import_rows(job, 2_500)
    expect(text).to_have_text(progress_text(language, 2_500, 10_000), timeout=WAIT_MS)
    assert page.locator("progress").evaluate("(bar) => bar.value") == 2_500
    import_rows(job, 7_300, start=2_501)
    expect(text).to_have_text(progress_text(language, 7_300, 10_000), timeout=WAIT_MS)
    assert not_reloaded(page), "the page was reloaded to show the progress"
    assert_accessible_and_nothing_blocked(page, f"a running import's page ({language})")

    # The task's end of a job: its outcome saved, its progress forgotten.
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        counts={"new": 9_990, "update": 10, "skip": 0},
        rows_done=10_000,
        finished_at=timezone.now(),
    )
    progress.forget(job.pk)
    outcome = page.locator(".alert-success")
    expect(outcome).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("[data-job-status]")).to_have_text(DONE[language])
    assert "9990" in outcome.inner_text() and "10" in outcome.inner_text()
    if language == "en":
        assert "Imported: 9990 new, 10 changed, 0 unchanged." in outcome.inner_text()
    assert page.locator("[data-job-progress-text]").count() == 0
    assert_accessible_and_nothing_blocked(page, f"a done import's page ({language})")


def test_a_100000_row_export_run_by_its_task_is_followed_to_its_file(
    manager, open_page, monkeypatch
):
    department, grade = DepartmentFactory(code="EPD"), GradeFactory(code="EO")
    Participant.objects.bulk_create(
        Participant(
            name_en=f"CHAN Officer {n}",
            email=f"officer{n}@example.gov.hk",
            department=department,
            grade=grade,
            staff_number=f"{n:08d}",
        )
        for n in range(100_000)
    )
    job = JobFactory(owner=manager, rows_total=100_000)
    page = open_page(manager, "en")
    page.goto(job.get_absolute_url())
    text = page.locator("[data-job-progress-text]")
    expect(text).to_have_text("0 of 100,000 rows")
    mark_the_page(page)

    seen = {}
    report = progress.report

    def report_and_look(job_id, rows_done):
        """Midway through the export, the browser is looked at while the task waits."""
        report(job_id, rows_done)
        if rows_done == 50_000:
            try:
                expect(text).to_have_text("50,000 of 100,000 rows", timeout=WAIT_MS)
                expect(page.locator("[data-job-status]")).to_have_text("Running")
                seen["midway"] = not_reloaded(page)
                assert_accessible_and_nothing_blocked(page, "a running export's page")
            except AssertionError as error:  # the task would take it for its own failure
                seen["midway"] = error

    monkeypatch.setattr(progress, "report", report_and_look)
    status = run_job.call(job.pk)
    assert seen == {"midway": True}, f"midway, the page was not followed, or reloaded: {seen}"
    assert status == "done"

    outcome = page.locator(".alert-success")
    expect(outcome).to_have_text("The export of 100000 rows is ready.", timeout=WAIT_MS)
    download = page.get_by_role("link", name="Download the file")
    assert download.get_attribute("href") == f"/staff/jobs/{job.pk}/download/"
    assert_accessible_and_nothing_blocked(page, "a done export's page")
    answer = page.request.get(download.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-disposition"].startswith('attachment; filename="officers-')
    assert answer.text().count("\n") == 100_001


def test_without_scripts_the_page_reloads_itself_and_shows_the_progress(manager, open_page):
    job = running_import(manager)
    import_rows(job, 1_000)
    page = open_page(manager, "en", javascript=False)
    page.goto(job.get_absolute_url())
    text = page.locator("[data-job-progress-text]")
    expect(text).to_have_text("1,000 of 10,000 rows")
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "1"
    refresh = page.get_by_role("link", name="Refresh this page")
    assert refresh.get_attribute("href") == job.get_absolute_url()

    import_rows(job, 4_000, start=1_001)
    expect(text).to_have_text("4,000 of 10,000 rows", timeout=WAIT_MS)
