"""Placements' documents (issue 19.2, decision 0056): what each programme requires, uploads
checked by content and kept outside the web root, each party providing only its own, downloads
through one door that logs them, the checklists on each party's home page, reminders once per
document and stage, and retention and erasure that take the files too."""

import datetime
import os
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from exchange_portal.files import check_document, jpeg_is_whole, png_is_whole
from notifications.models import OutboundEmail
from operations.erasure import erase_officer
from participants.models import UserProfile
from placements.models import DocumentDownload, Placement, PlacementDocument
from placements.notify import document_reminder
from placements.services import placement_document_upload
from placements.services.daily import advance
from programmes import services as programme_services
from programmes.models import DocumentRequirement
from tests.conftest import keep_files_in, make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import (
    CohortFactory,
    DocumentRequirementFactory,
    ProgrammeFactory,
    small_jpeg,
    small_pdf,
    small_png,
)

pytestmark = pytest.mark.django_db

Kind, Provider = DocumentRequirement.Kind, DocumentRequirement.Provider
TODAY = timezone.localdate()


@pytest.fixture
def documents_dir(monkeypatch, tmp_path):
    """An empty storage directory for this test's documents, to look into."""
    directory = tmp_path / "documents"
    keep_files_in(monkeypatch, directory)
    return directory


def stored_files(directory) -> list[str]:
    if not directory.exists():
        return []
    return [os.path.join(root, name) for root, _dirs, names in os.walk(directory) for name in names]


@pytest.fixture
def world(django_user_model):
    """A confirmed placement in Shenzhen starting in 30 days, with a requirement for each
    provider, and a user of every role (the HR officer of the officer's department)."""
    department = DepartmentFactory(code="EPD")
    other_department = DepartmentFactory(code="FEHD")
    users = {
        "officer": make_user(django_user_model, "doc.officer", "participant"),
        "host": make_user(django_user_model, "doc.host", "host_contact"),
        "hr": make_user(django_user_model, "doc.hr", "department_hr", department=department),
        "viewer": make_user(django_user_model, "doc.viewer", "csb_viewer"),
        "manager": make_user(django_user_model, "doc.manager", "csb_manager"),
        "coordinator": make_user(
            django_user_model, "doc.coord", "programme_coordinator", department=department
        ),
        "partner": make_user(django_user_model, "doc.partner", "partner_coordinator"),
        "other_hr": make_user(
            django_user_model, "doc.other.hr", "department_hr", department=other_department
        ),
        "other_officer": make_user(django_user_model, "doc.other.officer", "participant"),
        "other_host": make_user(django_user_model, "doc.other.host", "host_contact"),
    }
    ParticipantFactory(user=users["other_officer"], department=other_department)
    HostUnitFactory().contacts.add(users["other_host"])
    programme = ProgrammeFactory(organiser=department)
    cohort = CohortFactory(
        programme=programme,
        start_date=TODAY + datetime.timedelta(days=30),
        end_date=TODAY + datetime.timedelta(days=120),
    )
    officer = ParticipantFactory(department=department, user=users["officer"])
    unit = HostUnitFactory()
    unit.contacts.add(users["host"])
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )
    requirements = {
        "passport": DocumentRequirementFactory(
            programme=programme,
            kind=Kind.PASSPORT_COPY,
            provider=Provider.OFFICER,
            due_days=-14,
            outside_hong_kong_only=True,
        ),
        "clearance": DocumentRequirementFactory(
            programme=programme,
            kind=Kind.SECURITY_CLEARANCE,
            provider=Provider.DEPARTMENT_HR,
            due_days=-21,
        ),
        "acceptance": DocumentRequirementFactory(
            programme=programme,
            kind=Kind.ACCEPTANCE_LETTER,
            provider=Provider.HOST,
            due_days=-40,  # overdue: ten days ago
        ),
        "duties": DocumentRequirementFactory(
            programme=programme,
            kind=Kind.DUTY_STATEMENT,
            provider=Provider.CSB,
            due_days=0,
        ),
    }
    return {"users": users, "placement": placement, "req": requirements, "programme": programme}


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def officer_upload_url(world, key="passport"):
    return reverse(
        "portal:officer_document_upload", args=[world["placement"].pk, world["req"][key].pk]
    )


# What is accepted: checked by content ------------------------------------------------------


def test_whole_pngs_and_jpegs_pass_and_cut_ones_do_not():
    assert png_is_whole(small_png())
    assert not png_is_whole(small_png()[:-4])
    assert not png_is_whole(small_png() + b"trailing")
    assert jpeg_is_whole(small_jpeg())
    assert not jpeg_is_whole(small_jpeg()[:-2])
    assert check_document(upload("scan.JPG", small_jpeg())).content_type == "image/jpeg"
    assert check_document(upload("scan.jpeg", small_jpeg())).content_type == "image/jpeg"
    assert check_document(upload("page.png", small_png())).content_type == "image/png"
    assert check_document(upload("text.pdf", small_pdf())).content_type == "application/pdf"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("report.pdf", small_png(), "report.pdf is named as a PDF file but its content is PNG"),
        ("photo.png", small_pdf(), "photo.png is named as a PNG file but its content is PDF"),
        ("letter.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "is not a readable PDF"),
        (
            "letter.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "letter.pdf is not a PDF, PNG or JPEG file: its content is HTML",
        ),
        ("scan.png", small_png()[:30], "scan.png is not a readable PNG image"),
        ("notes.docx", small_pdf(), "notes.docx is not a PDF, PNG or JPEG file by its name"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    client, world, documents_dir, name, content, expected
):
    client.force_login(world["users"]["officer"])
    response = client.post(officer_upload_url(world), {"file": upload(name, content)})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert stored_files(documents_dir) == []
    assert not PlacementDocument.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit_and_nothing_stored(
    client, world, documents_dir, settings
):
    settings.DOCUMENT_MAX_BYTES = 1_000_000
    big = small_png() + b"\x00" * 1_500_000
    client.force_login(world["users"]["officer"])
    response = client.post(officer_upload_url(world), {"file": upload("passport.png", big)})
    assert "passport.png is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert stored_files(documents_dir) == []
    assert not PlacementDocument.objects.exists()


def test_the_officer_uploads_a_passport_copy_and_a_newer_file_replaces_it(
    client, world, documents_dir, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["officer"])
    response = client.post(
        officer_upload_url(world), {"file": upload("my passport.png", small_png())}
    )
    assert response.status_code == 302
    document = PlacementDocument.objects.get()
    assert document.original_name == "my passport.png"
    assert document.content_type == "image/png"
    assert document.size == len(small_png())
    assert document.uploaded_by == world["users"]["officer"]
    first = stored_files(documents_dir)
    assert len(first) == 1
    assert "passport" not in first[0]  # the stored name tells nothing of the officer
    with django_capture_on_commit_callbacks(execute=True):
        client.post(officer_upload_url(world), {"file": upload("passport.pdf", small_pdf())})
    document.refresh_from_db()
    assert document.content_type == "application/pdf"
    assert PlacementDocument.objects.count() == 1
    now = stored_files(documents_dir)
    assert len(now) == 1 and now != first
    assert document.history.count() == 2


# Each party provides only its own --------------------------------------------------------


def test_each_party_uploads_what_it_provides_on_its_own_screen(client, world, documents_dir):
    placement, req, users = world["placement"], world["req"], world["users"]
    screens = [
        ("host", "portal:host_document_upload", "acceptance"),
        ("hr", "staff:placement_document_upload", "clearance"),
        ("manager", "staff:placement_document_upload", "duties"),
        ("officer", "portal:officer_document_upload", "passport"),
    ]
    for user, url_name, key in screens:
        client.force_login(users[user])
        url = reverse(url_name, args=[placement.pk, req[key].pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"file": upload(f"{key}.pdf", small_pdf())})
        assert response.status_code == 302, (user, key)
    assert PlacementDocument.objects.count() == 4
    assert {d.uploaded_by.username for d in PlacementDocument.objects.all()} == {
        "doc.host",
        "doc.hr",
        "doc.manager",
        "doc.officer",
    }


@pytest.mark.parametrize(
    "user, url_name, key",
    [
        ("officer", "portal:officer_document_upload", "clearance"),
        ("host", "portal:host_document_upload", "passport"),
        ("hr", "staff:placement_document_upload", "duties"),
        ("manager", "staff:placement_document_upload", "clearance"),
        ("other_hr", "staff:placement_document_upload", "clearance"),
        ("other_officer", "portal:officer_document_upload", "passport"),
        ("other_host", "portal:host_document_upload", "acceptance"),
    ],
)
def test_a_party_cannot_upload_what_another_provides(client, world, user, url_name, key):
    client.force_login(world["users"][user])
    url = reverse(url_name, args=[world["placement"].pk, world["req"][key].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": upload("x.pdf", small_pdf())}).status_code == 404
    assert not PlacementDocument.objects.exists()


def test_the_service_refuses_a_party_that_does_not_provide_the_document(world, documents_dir):
    with pytest.raises(PermissionDenied, match="provided by the officer, not by you"):
        placement_document_upload(
            placement=world["placement"],
            requirement=world["req"]["passport"],
            upload=upload("p.pdf", small_pdf()),
            actor=world["users"]["manager"],
        )
    with pytest.raises(PermissionDenied):
        placement_document_upload(
            placement=world["placement"],
            requirement=world["req"]["clearance"],
            upload=upload("c.pdf", small_pdf()),
            actor=world["users"]["other_hr"],
        )
    assert stored_files(documents_dir) == []


def test_a_posting_in_hong_kong_needs_no_passport_copy(client, world):
    placement = world["placement"]
    hong_kong = HostOrganisationFactory(country="Hong Kong", city="Hong Kong")
    Placement.objects.filter(pk=placement.pk).update(
        host_unit=HostUnitFactory(organisation=hong_kong)
    )
    client.force_login(world["users"]["officer"])
    assert client.get(officer_upload_url(world)).status_code == 404
    with pytest.raises(ValidationError, match="does not require that document"):
        placement_document_upload(
            placement=placement,
            requirement=world["req"]["passport"],
            upload=upload("p.pdf", small_pdf()),
            actor=world["users"]["officer"],
        )


def test_a_cohorts_requirement_replaces_its_programmes_of_the_same_kind(client, world):
    placement = world["placement"]
    DocumentRequirementFactory(
        programme=None,
        cohort=placement.cohort,
        kind=Kind.PASSPORT_COPY,
        provider=Provider.OFFICER,
        due_days=-60,
    )
    client.force_login(world["users"]["manager"])
    page = client.get(reverse("staff:placement", args=[placement.pk])).content.decode()
    due = formats.date_format(placement.start_date - datetime.timedelta(days=60), "DATE_FORMAT")
    assert page.count("Passport copy") == 1
    assert due in page


# Requirements: the rules the database and the service hold ----------------------------------


def test_a_requirement_belongs_to_a_programme_or_a_cohort_not_both(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRequirement.objects.create(
            programme=world["programme"],
            cohort=world["placement"].cohort,
            kind=Kind.OTHER,
            title="Medical certificate",
            provider=Provider.OFFICER,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRequirement.objects.create(kind=Kind.PASSPORT_COPY, provider=Provider.OFFICER)


def test_only_csb_managers_set_requirements_and_another_document_needs_a_title(world):
    requirement = DocumentRequirement(programme=world["programme"])
    with pytest.raises(PermissionDenied):
        programme_services.document_requirement_save(
            requirement=requirement,
            actor=world["users"]["coordinator"],
            kind=Kind.OTHER,
            provider=Provider.OFFICER,
        )
    with pytest.raises(ValidationError, match="Give another document its title"):
        programme_services.document_requirement_save(
            requirement=requirement,
            actor=world["users"]["manager"],
            kind=Kind.OTHER,
            provider=Provider.OFFICER,
        )
    saved = programme_services.document_requirement_save(
        requirement=requirement,
        actor=world["users"]["manager"],
        kind=Kind.OTHER,
        title="Medical certificate",
        title_zh_hant="醫生證明書",
        title_zh_hans="医生证明书",
        provider=Provider.OFFICER,
        due_days=-7,
    )
    assert saved.history.count() == 1


def test_the_staff_programme_page_lists_the_required_documents(client, world):
    client.force_login(world["users"]["viewer"])
    page = client.get(reverse("staff:programme", args=[world["programme"].pk])).content.decode()
    assert "Security clearance" in page
    assert "21 days before the start" in page
    assert "Outside Hong Kong only" in page


# Downloads: one door, logged, to those who may see the placement ---------------------------


@pytest.fixture
def stored(world, documents_dir):
    return placement_document_upload(
        placement=world["placement"],
        requirement=world["req"]["clearance"],
        upload=upload("clearance.pdf", small_pdf()),
        actor=world["users"]["hr"],
    )


@pytest.mark.parametrize(
    "user, served",
    [
        ("officer", True),
        ("host", True),
        ("hr", True),
        ("viewer", True),
        ("manager", True),
        ("coordinator", True),  # the programme is their department's
        ("partner", False),
        ("other_hr", False),
        ("other_officer", False),
        ("other_host", False),
    ],
)
def test_a_document_is_served_only_to_those_who_see_its_placement(
    client, world, stored, user, served
):
    client.force_login(world["users"][user])
    response = client.get(reverse("portal:document", args=[stored.pk]))
    if not served:
        assert response.status_code == 404
        assert not DocumentDownload.objects.exists()
        return
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == small_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "clearance.pdf" in response["Content-Disposition"]
    download = DocumentDownload.objects.get()
    assert download.user == world["users"][user] and download.document == stored
    assert download.request_id


def test_the_public_is_sent_to_sign_in(client, stored):
    response = client.get(reverse("portal:document", args=[stored.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not DocumentDownload.objects.exists()


def test_csb_reads_the_download_log_in_the_admin_and_cannot_change_it(client, world, stored):
    client.force_login(world["users"]["officer"])
    client.get(reverse("portal:document", args=[stored.pk]))
    log = DocumentDownload.objects.get()
    client.force_login(world["users"]["viewer"])
    page = client.get(reverse("admin:placements_documentdownload_changelist"))
    assert page.status_code == 200 and world["placement"].reference_code in page.content.decode()
    client.force_login(world["users"]["manager"])
    change = reverse("admin:placements_documentdownload_change", args=[log.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"request_id": "forged"}).status_code == 403
    assert client.get(reverse("admin:placements_documentdownload_add")).status_code == 403
    client.force_login(world["users"]["hr"])
    assert client.get(change).status_code == 403


# Checklists on each party's home page --------------------------------------------------------


@pytest.mark.parametrize(
    "user, url_name, shown, upload_offered",
    [
        ("officer", "portal:home", "Passport copy", "Upload Passport copy"),
        ("hr", "staff:hr_home", "Security clearance", "Upload Security clearance"),
        ("host", "portal:host_placements", "Host&#x27;s acceptance letter", "Upload Host"),
        ("manager", "staff:needs_action", "Signed duty statement", "Upload Signed duty"),
    ],
)
def test_each_home_page_shows_what_is_missing_and_what_the_reader_provides(
    client, world, user, url_name, shown, upload_offered
):
    client.force_login(world["users"][user])
    page = client.get(reverse(url_name)).content.decode()
    assert "Documents still missing" in page
    assert world["placement"].reference_code in page
    assert shown in page
    assert upload_offered in page
    assert "Overdue" in page  # the host's acceptance letter was due ten days ago


def test_csb_sees_overdue_documents_and_its_own_not_every_missing_one(client, world):
    client.force_login(world["users"]["viewer"])
    page = client.get(reverse("staff:needs_action")).content.decode()
    assert "Host&#x27;s acceptance letter" in page  # overdue
    assert "Signed duty statement" in page  # CSB provides it
    assert "Passport copy" not in page  # the officer's, not yet due
    assert "Upload" not in page  # a viewer uploads nothing


def test_the_checklist_is_in_the_readers_language(client, world):
    client.force_login(world["users"]["officer"])
    client.cookies["django_language"] = "zh-hant"
    page = client.get(reverse("portal:home")).content.decode()
    assert "仍欠的文件" in page
    assert "護照副本" in page


def test_the_placement_page_shows_received_documents_with_their_download(client, world, stored):
    client.force_login(world["users"]["hr"])
    page = client.get(reverse("staff:placement", args=[world["placement"].pk])).content.decode()
    assert "Received" in page
    assert reverse("portal:document", args=[stored.pk]) in page
    assert "Upload Security clearance" not in page  # received: offered as a replacement
    assert "Replace Security clearance" in page


# Reminders through the outbox, once per document and stage ----------------------------------


def reminders():
    return OutboundEmail.objects.filter(event__startswith="document_")


def test_providers_are_reminded_once_before_and_once_after_the_due_date(world):
    placement = world["placement"]
    clearance_due = placement.start_date - datetime.timedelta(days=21)  # in 9 days
    advance(today=clearance_due - datetime.timedelta(days=3), notify_document=document_reminder)
    sent = {(e.event, e.to_email) for e in reminders()}
    assert ("document_due_soon", "doc.hr@example.gov.hk") in sent
    # The host's letter is long overdue: its provider hears of it once.
    assert ("document_overdue", "doc.host@example.gov.hk") in sent
    count = reminders().count()
    advance(today=clearance_due - datetime.timedelta(days=2), notify_document=document_reminder)
    assert reminders().count() == count  # not every day
    advance(today=clearance_due + datetime.timedelta(days=1), notify_document=document_reminder)
    overdue = reminders().filter(event="document_overdue", to_email="doc.hr@example.gov.hk")
    assert overdue.count() == 1
    assert "Security clearance" in overdue.get().subject


def test_a_document_uploaded_is_no_longer_reminded_of(world, documents_dir):
    placement_document_upload(
        placement=world["placement"],
        requirement=world["req"]["acceptance"],
        upload=upload("letter.pdf", small_pdf()),
        actor=world["users"]["host"],
    )
    advance(today=TODAY, notify_document=document_reminder)
    assert not reminders().filter(to_email="doc.host@example.gov.hk").exists()


def test_a_reminder_is_written_in_the_providers_language(world):
    UserProfile.objects.update_or_create(
        user=world["users"]["host"], defaults={"language": "zh-hans"}
    )
    advance(today=TODAY, notify_document=document_reminder)
    mail = reminders().get(to_email="doc.host@example.gov.hk")
    assert mail.language == "zh-hans"
    assert "接收函" in mail.subject


def test_the_daily_command_sends_document_reminders(world):
    out = StringIO()
    call_command("advance_placements", stdout=out)
    assert "document reminders (overdue): 1" in out.getvalue()


# Retention and erasure take the files too ---------------------------------------------------


def test_erasure_deletes_the_officers_documents_and_their_files(
    world, stored, documents_dir, django_capture_on_commit_callbacks
):
    placement = world["placement"]
    client_download = DocumentDownload.objects.create(document=stored, user=world["users"]["hr"])
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.COMPLETED)
    placement.nomination.__class__.objects.filter(pk=placement.nomination_id).update(
        status="selected"
    )
    assert stored_files(documents_dir)
    with django_capture_on_commit_callbacks(execute=True):
        erase_officer(
            participant=placement.participant, actor=world["users"]["manager"], reason="REF-9"
        )
    assert stored_files(documents_dir) == []
    assert not PlacementDocument.objects.exists()
    assert not PlacementDocument.history.exists()
    assert not DocumentDownload.objects.filter(pk=client_download.pk).exists()


def test_retention_deletes_old_placements_documents_and_their_files(
    world, stored, documents_dir, django_capture_on_commit_callbacks
):
    placement = world["placement"]
    Placement.objects.filter(pk=placement.pk).update(
        status=Placement.Status.COMPLETED,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 6, 30),
    )
    out = StringIO()
    call_command("purge_expired", "--today", "2040-01-01", "--dry-run", stdout=out)
    assert stored_files(documents_dir)  # a dry run deletes nothing
    assert PlacementDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", "--today", "2040-01-01", stdout=out)
    assert stored_files(documents_dir) == []
    assert not PlacementDocument.objects.exists()


def test_a_csb_manager_adds_a_requirement_on_the_programmes_admin_page(client, world):
    from tests.programmes.test_admin import programme_form

    programme = world["programme"]
    client.force_login(world["users"]["manager"])
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    rows = {
        "document_requirements-TOTAL_FORMS": "1",
        "document_requirements-INITIAL_FORMS": "0",
        "document_requirements-0-kind": "other",
        "document_requirements-0-title": "Medical certificate",
        "document_requirements-0-title_zh_hant": "醫生證明書",
        "document_requirements-0-title_zh_hans": "医生证明书",
        "document_requirements-0-provider": "officer",
        "document_requirements-0-due_days": "-10",
    }
    response = client.post(url, programme_form(programme) | rows)
    assert response.status_code == 302
    added = programme.document_requirements.get(kind="other")
    assert added.history.get().history_user == world["users"]["manager"]
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("staff:programme", args=[programme.pk])).content.decode()
    assert "医生证明书" in page
