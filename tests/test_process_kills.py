"""Processes killed with SIGKILL in the middle of their work (issue 7.2): an import killed after
its first batch of rows is written leaves no row behind; a task worker killed while it is
handing an e-mail to the mail server sends it once after the restart, recorded in the outbox.

Each child is a real Python process on the test database (PostgreSQL: the SQLite test
database lives in memory, in this process only). It says READY when it has reached the point
where it is killed; the parent then checks from its own connection.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection

from notifications.models import OutboundEmail
from participants.models import Participant
from tests.conftest import make_user
from tests.imports.helpers import PARTICIPANT_HEADER, csv_bytes, officer_row
from tests.notifications.factories import OutboundEmailFactory
from tests.participants.factories import DepartmentFactory, GradeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


def start_child(script: str, *args: str, **env) -> subprocess.Popen:
    prelude = textwrap.dedent(
        """
        import sys, time, django
        django.setup()
        from django.test.utils import setup_test_environment
        setup_test_environment()
        """
    )
    return subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", prelude + textwrap.dedent(script), *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "exchange_portal.settings.test",
            "DATABASE_URL": database_url(),
            "PYTHONPATH": str(ROOT),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_ready(child: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == "READY":
            return
        if child.poll() is not None:
            break
    child.kill()
    raise AssertionError(f"the child never got there: {child.stderr.read()[-3000:]}")


def kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def backend_gone(pid_before: set[int], timeout: float = 30) -> None:
    """Wait until PostgreSQL has noticed the dead client and ended its session (and with it
    the open transaction)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            if not {row[0] for row in cursor.fetchall()} - pid_before:
                return
        time.sleep(0.2)
    raise AssertionError("the killed process's database session is still open")


def other_backends() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


IMPORT_CHILD = """
from django.contrib.auth import get_user_model
from django.test import Client

import participants.imports as officer_imports
from tests.imports.helpers import PARTICIPANTS_CONFIRM_URL, PARTICIPANTS_URL, preview, confirm

written = officer_imports.copy_create_with_history
batches = []

def write_then_hang(objects, *args, **kwargs):
    written(objects, *args, **kwargs)
    batches.append(len(objects))
    if len(batches) == 1:
        print("READY", flush=True)  # the first batch is in the database, uncommitted
        time.sleep(300)

officer_imports.copy_create_with_history = write_then_hang
client = Client()
client.force_login(get_user_model().objects.get(username=sys.argv[1]))
data = open(sys.argv[2], "rb").read()
response = preview(client, PARTICIPANTS_URL, data)
assert response.context.get("confirm_form") is not None, "the preview found errors"
confirm(client, PARTICIPANTS_CONFIRM_URL, response)
print("FINISHED", flush=True)
"""


def test_an_import_killed_midway_leaves_no_rows(django_user_model, tmp_path):
    from participants.imports import BATCH_SIZE

    make_user(django_user_model, "manager", "csb_manager")
    DepartmentFactory(code="EPD")
    GradeFactory(code="EO")
    rows = [officer_row(f"{n:08d}") for n in range(BATCH_SIZE * 3)]
    upload = tmp_path / "officers.csv"
    upload.write_bytes(csv_bytes(PARTICIPANT_HEADER, rows))
    officers = Participant.objects.count()
    history = Participant.history.count()
    before = other_backends()

    child = start_child(IMPORT_CHILD, "manager", str(upload))
    wait_for_ready(child)
    kill(child)
    backend_gone(before)

    assert Participant.objects.count() == officers
    assert Participant.history.count() == history
    assert not Participant.objects.filter(staff_number__in=[r[0] for r in rows]).exists()


SEND_CHILD = """
import notifications.tasks as tasks

class HangingServer:
    # The worker dies while the mail server is still taking the message: not delivered.
    def send(self):
        print("READY", flush=True)
        time.sleep(300)

tasks._message = lambda email: HangingServer()
tasks.send_outbound_email.call(int(sys.argv[1]))
"""


def test_a_worker_killed_mid_send_sends_once_after_restart(mailoutbox):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from notifications.models import SENDING_STALE_AFTER

    email = OutboundEmailFactory()
    before = other_backends()

    child = start_child(SEND_CHILD, str(email.pk))
    wait_for_ready(child)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING  # claimed, recorded in the outbox
    kill(child)
    backend_gone(before)

    # The restart, after the time a send may take: the retry command finds the message
    # stuck in "sending" and sends it; run twice, it does not send it again.
    OutboundEmail.objects.filter(pk=email.pk).update(
        last_attempt_at=timezone.now() - SENDING_STALE_AFTER - timedelta(minutes=1)
    )
    call_command("send_queued_email", stdout=io.StringIO())
    call_command("send_queued_email", stdout=io.StringIO())

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == email.subject


JOB_CHILD = """
from django.core.files.storage import FileSystemStorage

import participants.imports as officer_imports
from jobs.models import Job
from jobs.tasks import run_job

# The parent's files are in this directory (its own storage is in memory, in its process only).
Job._meta.get_field("source_file").storage = FileSystemStorage(location=sys.argv[2])
written = officer_imports.copy_create_with_history
batches = []

def write_then_hang(objects, *args, **kwargs):
    written(objects, *args, **kwargs)
    batches.append(len(objects))
    if len(batches) == 1:
        print("READY", flush=True)  # the first batch is in the database, uncommitted
        time.sleep(300)

officer_imports.copy_create_with_history = write_then_hang
run_job.call(int(sys.argv[1]))
print("FINISHED", flush=True)
"""


def test_an_import_job_killed_midway_leaves_no_rows_and_its_retry_completes(
    django_user_model, tmp_path, monkeypatch, mailoutbox
):
    """The background import's worker is killed after its first batch: nothing is written;
    once the job is stale it shows failed, and its owner's retry imports every row."""
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.test import Client
    from django.utils import timezone

    from jobs.models import RUNNING_STALE_AFTER, Job
    from participants.imports import BATCH_SIZE, ParticipantResource

    monkeypatch.setattr(
        Job._meta.get_field("source_file"), "storage", FileSystemStorage(location=tmp_path)
    )
    manager = make_user(django_user_model, "manager", "csb_manager")
    DepartmentFactory(code="EPD")
    GradeFactory(code="EO")
    rows = [officer_row(f"{n:08d}") for n in range(BATCH_SIZE * 3)]
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        subject="participants.participant",
        owner=manager,
        rows_total=len(rows),
        spec={"resource": f"{ParticipantResource.__module__}.ParticipantResource"},
    )
    job.source_file.save("officers.csv", ContentFile(csv_bytes(PARTICIPANT_HEADER, rows)))
    officers = Participant.objects.count()
    before = other_backends()

    child = start_child(JOB_CHILD, str(job.pk), str(tmp_path))
    wait_for_ready(child)
    kill(child)
    backend_gone(before)

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert Participant.objects.count() == officers  # no row of the killed import was kept

    Job.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - RUNNING_STALE_AFTER - datetime.timedelta(minutes=1)
    )
    client = Client()
    client.force_login(manager)
    page = client.get(job.get_absolute_url())
    assert "Run it again" in page.text
    response = client.post(f"/staff/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert Participant.objects.count() == officers + len(rows)
