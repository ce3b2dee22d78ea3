"""Long imports and exports as background jobs (issue 20, decision 0035): they run as tasks,
their page shows the progress and then the outcome to their owner only, the owner is told by
e-mail, a stalled job is marked failed and can be run again."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from jobs import progress
from jobs.models import Job
from jobs.services import jobs_purge_expired
from participants.models import Participant, UserProfile
from tests.conftest import make_user
from tests.imports.helpers import (
    PARTICIPANT_HEADER,
    PARTICIPANTS_CONFIRM_URL,
    PARTICIPANTS_URL,
    csv_bytes,
    import_file,
    officer_row,
)
from tests.jobs.factories import JobFactory
from tests.participants.factories import DepartmentFactory, GradeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_a_10000_row_import_runs_as_a_job_and_its_page_shows_the_counts(
    manager_client, manager, django_capture_on_commit_callbacks
):
    DepartmentFactory(code="EPD")
    GradeFactory(code="EO")
    UserProfile.objects.create(user=manager, language="zh-hant")
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row(f"{n:08d}") for n in range(10_000)])

    with django_capture_on_commit_callbacks(execute=True):
        response = import_file(manager_client, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/jobs/{job.pk}/"
    assert (job.kind, job.status, job.rows_total, job.rows_done) == (
        "import",
        "done",
        10_000,
        10_000,
    )
    assert job.counts["new"] == 10_000
    assert Participant.objects.count() == 10_000
    page = manager_client.get(response["Location"])
    assert "Imported: 10000 new, 0 changed, 0 unchanged." in page.text
    # The owner is told, in their own language.
    [message] = [m for m in mail.outbox if "manager@example.gov.hk" in m.to[0]]
    assert "10000" in message.body
    assert message.subject == "你的匯入已完成"


def test_a_small_import_still_runs_in_the_request(manager_client):
    DepartmentFactory(code="EPD")
    GradeFactory(code="EO")
    data = csv_bytes(PARTICIPANT_HEADER, [officer_row(f"{n:08d}") for n in range(20)])
    response = import_file(manager_client, PARTICIPANTS_URL, PARTICIPANTS_CONFIRM_URL, data)
    assert response.status_code == 302
    assert "/staff/jobs/" not in response["Location"]
    assert not Job.objects.exists()
    assert Participant.objects.count() == 20


def test_a_100000_row_export_runs_as_a_job_and_its_file_is_downloaded(
    manager_client, django_capture_on_commit_callbacks
):
    department = DepartmentFactory(code="EPD")
    grade = GradeFactory(code="EO")
    Participant.objects.bulk_create(
        Participant(
            name_en=f"CHAN Officer {n}",
            email=f"officer{n}@example.gov.hk",
            origin=Participant.Origin.HONG_KONG,
            department=department,
            grade=grade,
            rank="Executive Officer I",
            rank_level=Participant.RankLevel.MIDDLE,
            staff_number=f"{n:08d}",
        )
        for n in range(100_000)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.get("/staff/officers/", {"export": "csv"})

    job = Job.objects.get()
    assert response["Location"] == f"/staff/jobs/{job.pk}/"
    assert (job.status, job.rows_total, job.rows_done) == ("done", 100_000, 100_000)
    page = manager_client.get(response["Location"])
    assert "The export of 100000 rows is ready." in page.text
    download = manager_client.get(f"/staff/jobs/{job.pk}/download/")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8"))))
    assert len(rows) == 100_001
    assert download["Content-Disposition"].startswith('attachment; filename="officers-')


def test_an_export_of_a_filtered_list_keeps_its_filter(
    manager_client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    department = DepartmentFactory(code="EPD")
    other = DepartmentFactory(code="LD")
    for n, dept in enumerate([department, department, department, other]):
        Participant.objects.create(
            name_en=f"Officer {n}",
            email=f"o{n}@example.gov.hk",
            department=dept,
            grade=GradeFactory(code="EO"),
            staff_number=f"{n:08d}",
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.get(
            "/staff/officers/", {"department": department.pk, "export": "xlsx"}
        )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    download = manager_client.get(f"/staff/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4  # the header and the three EPD officers


def test_the_status_shows_rows_done_of_rows_while_running(manager_client, manager):
    job = JobFactory(owner=manager, status=Job.Status.RUNNING, started_at=timezone.now())
    progress.report(job.pk, 40)
    status = manager_client.get(f"/staff/jobs/{job.pk}/status/").json()
    assert status == {
        "status": "running",
        "status_label": "Running",
        "rows_done": 40,
        "rows_total": 100,
        "progress": "40 of 100 rows",
        "finished": False,
    }
    page = manager_client.get(f"/staff/jobs/{job.pk}/")
    assert "40 of 100 rows" in page.text
    assert '<meta http-equiv="refresh"' in page.text  # for a browser without scripts


@pytest.mark.parametrize(
    "url", ["/staff/jobs/{}/", "/staff/jobs/{}/status/", "/staff/jobs/{}/download/"]
)
def test_another_users_job_and_its_file_are_not_found(client, django_user_model, manager, url):
    job = JobFactory(owner=manager, status=Job.Status.DONE, finished_at=timezone.now())
    job.result_file.save("officers.csv", io.BytesIO(b"Name\r\nCHAN\r\n"))
    other = make_user(django_user_model, "another-manager", "csb_manager")
    client.force_login(other)
    assert client.get(url.format(job.pk)).status_code == 404
    assert client.post(f"/staff/jobs/{job.pk}/retry/").status_code == 404
    client.force_login(manager)
    assert client.get(url.format(job.pk)).status_code == 200


def test_a_stalled_job_is_shown_failed_and_its_owner_runs_it_again(
    manager_client, manager, django_capture_on_commit_callbacks
):
    DepartmentFactory(code="EPD")
    GradeFactory(code="EO")
    job = JobFactory(
        owner=manager,
        status=Job.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        rows_total=0,
    )
    page = manager_client.get(job.get_absolute_url())
    assert "The worker running this job stopped before it finished" in page.text
    assert "Run it again" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/staff/jobs/{job.pk}/retry/")

    job.refresh_from_db()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE
    assert job.result_file


def test_jobs_are_deleted_with_their_files_after_a_day(manager):
    old = JobFactory(owner=manager, status=Job.Status.DONE, finished_at=timezone.now())
    old.result_file.save("officers.csv", io.BytesIO(b"x"))
    name = old.result_file.name
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    recent = JobFactory(owner=manager)
    assert jobs_purge_expired() == 1
    assert list(Job.objects.all()) == [recent]
    assert not old.result_file.storage.exists(name)


@pytest.mark.parametrize(
    ("rows", "sentence"),
    [(1, "The export of 1 row is ready."), (2, "The export of 2 rows is ready.")],
)
def test_a_finished_export_counts_its_rows_in_the_right_number(
    manager_client, manager, rows, sentence
):
    job = JobFactory(
        owner=manager,
        status=Job.Status.DONE,
        rows_total=rows,
        rows_done=rows,
        counts={"rows": rows},
    )
    assert sentence in manager_client.get(f"/staff/jobs/{job.pk}/").text
