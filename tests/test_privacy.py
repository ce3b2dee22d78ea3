"""The personal-data register (docs/privacy.md) covers every field, and a participant's data
export holds everything about them and nothing about anyone else (PDPO DPP2, DPP5, DPP6)."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operations.privacy import personal_data_for
from participants.models import UserProfile
from placements.models import Placement, PlacementReport
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementCostFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory

REGISTER = settings.BASE_DIR / "docs" / "privacy.md"
REGISTERED_APPS = {"participants", "programmes", "placements", "notifications", "jobs"}
REGISTERED_MODELS = {"auth.User", "authtoken.Token"}
HISTORY_PSEUDO_MODEL = "simple_history.*"
COLUMNS = ("field", "personal data", "purpose", "retention", "shown to")


# The register ------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")]


def register_rows() -> list[dict[str, str]]:
    """The rows of the one table in docs/privacy.md whose header starts `field | personal data`."""
    lines = REGISTER.read_text(encoding="utf-8").splitlines()
    headers = [
        number
        for number, line in enumerate(lines)
        if line.lstrip().startswith("|") and tuple(_cells(line)) == COLUMNS
    ]
    if len(headers) != 1:
        pytest.fail(f"{REGISTER} needs exactly one table with the columns {' | '.join(COLUMNS)}")
    rows = []
    for line in lines[headers[0] + 2 :]:  # skip the header and its |---| line
        if not line.lstrip().startswith("|"):
            break
        cells = _cells(line)
        assert len(cells) == len(COLUMNS), f"register row has {len(cells)} cells: {line}"
        rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


def registered_models():
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        if model._meta.app_label in REGISTERED_APPS or model._meta.label in REGISTERED_MODELS:
            yield model


def model_field_names() -> set[str]:
    names = set()
    for model in registered_models():
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            names.add(f"{model._meta.label}.{field.name}")
    return names


def history_audit_field_names() -> set[str]:
    """The fields django-simple-history adds to its tables (not the copies of model fields),
    and the portal's own (exchange_portal.audit.RequestIdHistory)."""
    from exchange_portal.audit import RequestIdHistory

    ours = {field.name for field in RequestIdHistory._meta.fields}
    names = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if field.name.startswith(("history", "m2m_history")) or field.name in ours:
                    names.add(f"{HISTORY_PSEUDO_MODEL}.{field.name}")
    return names


def test_register_lists_every_field_of_every_model():
    listed = {row["field"] for row in register_rows()}
    missing = sorted(model_field_names() - listed)
    assert not missing, (
        f"docs/privacy.md does not classify these fields; add a row for each: {missing}"
    )


def test_register_lists_the_audit_fields_of_the_history_tables():
    listed = {row["field"] for row in register_rows()}
    missing = sorted(history_audit_field_names() - listed)
    assert not missing, f"docs/privacy.md does not classify these history fields: {missing}"


def test_register_has_no_rows_for_fields_that_no_longer_exist():
    known = model_field_names() | history_audit_field_names()
    stale = sorted(row["field"] for row in register_rows() if row["field"] not in known)
    assert not stale, f"docs/privacy.md lists fields that no longer exist: {stale}"


def test_register_lists_each_field_once():
    fields = [row["field"] for row in register_rows()]
    duplicates = sorted({field for field in fields if fields.count(field) > 1})
    assert not duplicates, f"docs/privacy.md lists these fields more than once: {duplicates}"


def test_register_says_yes_or_no_for_every_field():
    unclassified = [
        row["field"] for row in register_rows() if row["personal data"] not in {"yes", "no"}
    ]
    assert not unclassified, f"'personal data' must be yes or no: {unclassified}"


def test_personal_data_has_a_purpose_a_retention_period_and_an_audience():
    incomplete = [
        row["field"]
        for row in register_rows()
        if row["personal data"] == "yes"
        and not (row["purpose"] and row["retention"] and row["shown to"])
    ]
    assert not incomplete, f"personal data without purpose, retention or 'shown to': {incomplete}"


def test_register_classifies_the_officers_identity_and_the_password_as_personal_data():
    personal = {row["field"] for row in register_rows() if row["personal data"] == "yes"}
    assert {
        "participants.Participant.name_en",
        "participants.Participant.email",
        "participants.Participant.staff_number",
        "placements.Placement.reference_code",
        "placements.HostUnit.contact_email",
        "auth.User.password",
    } <= personal


# The data export (DPP6) --------------------------------------------------------------------------


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user(
        username="kwok.export",
        email="kwok.account@example.gov.hk",
        password="a-long-test-password",
        first_name="Siu-ming",
        last_name="KWOK",
    )
    user.groups.add(Group.objects.get_or_create(name="Participant")[0])
    UserProfile.objects.create(user=user, language="zh-hant")
    return ParticipantFactory(
        name_en="KWOK Siu-ming",
        name_zh_hant="郭小明",
        email="kwok.siuming@example.gov.hk",
        phone="+852 2810 0000",
        staff_number="S7654321",
        user=user,
    )


@pytest.fixture
def officer_placement(officer):
    cohort = CohortFactory(
        name="GBA exchange phase 1 batch 1",
        start_date=datetime.date(2031, 1, 5),
        end_date=datetime.date(2031, 4, 5),
    )
    nomination = SelectedNominationFactory(
        participant=officer, cohort=cohort, statement="Led the district liaison project."
    )
    unit = HostUnitFactory(
        name_en="Futian District Planning Office",
        contact_name="LAM Host-contact",
        contact_email="lam.host@example.cn",
        contact_phone="+86 755 0000 0000",
    )
    placement = PlacementFactory(
        nomination=nomination,
        host_unit=unit,
        duties="Urban renewal casework.",
        supervisor_name="ZHANG Wei",
        supervisor_title="Deputy Director",
    )
    placement.focus_areas.add(FocusAreaFactory(code="urban-planning"))
    PlacementReportFactory(
        placement=placement,
        summary="Three months in Futian.",
        experience_gained="Cross-boundary planning.",
        recommendations="Longer placements.",
    )
    return placement


@pytest.fixture
def other_officer():
    """Someone else, with canary values that must never show up in the officer's export."""
    other = ParticipantFactory(
        name_en="ZEBRAFINCH Canary",
        name_zh_hant="金絲雀",
        email="zebrafinch.canary@example.gov.hk",
        phone="+852 9999 1234",
        staff_number="S0999999",
    )
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=other),
        supervisor_name="CANARY Supervisor",
        duties="Canary duties.",
    )
    PlacementReportFactory(placement=placement, summary="Canary summary.")
    return other, placement


def canaries_in(export, other, placement):
    text = json.dumps(export, ensure_ascii=False)
    values = [
        other.name_en,
        other.name_zh_hant,
        other.email,
        other.phone,
        other.staff_number,
        placement.reference_code,
        placement.supervisor_name,
        placement.duties,
        "Canary summary.",
    ]
    return [value for value in values if value in text]


@pytest.mark.django_db
def test_export_holds_the_officers_record_nomination_placement_and_report(
    officer, officer_placement
):
    export = personal_data_for(officer)

    assert export["participant"]["name_en"] == "KWOK Siu-ming"
    assert export["participant"]["email"] == "kwok.siuming@example.gov.hk"
    assert export["participant"]["staff_number"] == "S7654321"
    assert export["participant"]["department"]["code"] == officer.department.code
    assert export["participant"]["grade"]["name_en"] == officer.grade.name_en

    [nomination] = export["nominations"]
    assert nomination["cohort"]["name"] == "GBA exchange phase 1 batch 1"
    assert nomination["cohort"]["programme"]["code"] == officer_placement.cohort.programme.code
    assert nomination["status"] == "selected"
    assert nomination["statement"] == "Led the district liaison project."

    [placement] = export["placements"]
    assert placement["reference_code"] == officer_placement.reference_code
    assert placement["host_unit"]["name_en"] == "Futian District Planning Office"
    assert placement["host_unit"]["organisation"]["name_en"] == (
        officer_placement.host_unit.organisation.name_en
    )
    assert placement["start_date"] == "2031-01-05"
    assert placement["supervisor_name"] == "ZHANG Wei"
    assert [area["code"] for area in placement["focus_areas"]] == ["urban-planning"]

    [report] = export["reports"]
    assert report["placement"] == {"reference_code": officer_placement.reference_code}
    assert report["author_role"] == PlacementReport.Author.PARTICIPANT
    assert report["experience_gained"] == "Cross-boundary planning."
    assert report["due_on"] == "2031-04-05"


@pytest.mark.django_db
def test_export_holds_the_sign_in_account_and_profile_but_never_the_password(officer):
    export = personal_data_for(officer)

    assert export["account"]["username"] == "kwok.export"
    assert export["account"]["email"] == "kwok.account@example.gov.hk"
    assert export["account"]["roles"] == ["Participant"]
    assert export["account"]["date_joined"] == officer.user.date_joined.isoformat()
    assert export["account"]["last_login"] is None
    assert export["account_profile"]["language"] == "zh-hant"
    text = json.dumps(export)
    assert "password" not in text
    assert officer.user.password not in text
    assert officer.user.password.split("$")[-1] not in text


@pytest.mark.django_db
def test_export_holds_nothing_about_another_participant(officer, officer_placement, other_officer):
    other, other_placement = other_officer
    # The other officer is in the same cohort and at the same host unit, to tempt a loose query.
    NominationFactory(participant=other, cohort=officer_placement.cohort)
    other.name_en = "ZEBRAFINCH Canary-renamed"
    other.save()

    export = personal_data_for(officer)

    assert not canaries_in(export, other, other_placement)
    assert "ZEBRAFINCH" not in json.dumps(export)


@pytest.mark.django_db
def test_export_of_the_other_participant_holds_nothing_about_the_first(
    officer, officer_placement, other_officer
):
    other, _ = other_officer
    export = json.dumps(personal_data_for(other), ensure_ascii=False)

    for value in (
        "KWOK",
        "郭小明",
        "kwok.siuming@",
        "kwok.export",
        officer_placement.reference_code,
    ):
        assert value not in export


@pytest.mark.django_db
def test_export_leaves_out_the_host_contacts_details(officer, officer_placement):
    text = json.dumps(personal_data_for(officer), ensure_ascii=False)

    for value in ("LAM Host-contact", "lam.host@example.cn", "+86 755 0000 0000"):
        assert value not in text


@pytest.mark.django_db
def test_export_is_json_with_iso_dates_a_timestamp_and_a_dpp6_notice(officer, officer_placement):
    export = personal_data_for(officer)

    assert json.loads(json.dumps(export)) == export
    assert datetime.datetime.fromisoformat(export["generated_at"])
    assert datetime.datetime.fromisoformat(export["participant"]["created_at"])
    assert "Data Protection Principle 6" in export["notice"]
    assert "Cap. 486" in export["notice"]


@pytest.mark.django_db
def test_export_has_every_field_of_the_officers_own_records(officer, officer_placement):
    """A field added to a model later shows up in the export without anyone remembering to."""
    export = personal_data_for(officer)
    left_out = {"participants.Participant.user", "placements.PlacementReport.submitted_by"}
    sections = {
        "participants.Participant": [export["participant"]],
        "participants.UserProfile": [export["account_profile"]],
        "placements.Nomination": export["nominations"],
        "placements.Placement": export["placements"],
        "placements.PlacementReport": export["reports"],
    }
    missing = []
    for label, records in sections.items():
        model = apps.get_model(label)
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            name = f"{label}.{field.name}"
            if name not in left_out and any(field.name not in record for record in records):
                missing.append(name)
    assert not missing, f"the export leaves out: {missing}"


@pytest.mark.django_db
def test_export_records_the_change_history_with_reasons_and_only_the_actors_username(
    officer, officer_placement, csb_manager
):
    officer.email = "kwok.new@example.gov.hk"
    officer._history_user = csb_manager
    officer._change_reason = "Officer moved to a new mailbox."
    officer.save()
    placement = Placement.objects.get(pk=officer_placement.pk)
    placement.status = Placement.Status.CONFIRMED
    placement._history_user = csb_manager
    placement.save()

    export = personal_data_for(officer)

    [change] = [
        entry
        for entry in export["history"]
        if entry["record"] == "participant" and entry["action"] == "changed"
    ]
    assert change["changed_fields"] == ["email"]
    assert change["history_change_reason"] == "Officer moved to a new mailbox."
    assert change["changed_by"] == "csb.manager"
    assert change["history_type"] == "~"
    assert datetime.datetime.fromisoformat(change["history_date"])
    placement_changes = [
        entry["changed_fields"]
        for entry in export["history"]
        if entry["record"] == "placement" and entry["action"] == "changed"
    ]
    assert placement_changes == [["focus_areas"], ["status"]]
    assert all(
        entry["reference_code"] == officer_placement.reference_code
        for entry in export["history"]
        if entry["record"] == "placement"
    )
    assert {entry["record"] for entry in export["history"]} >= {
        "participant",
        "nomination",
        "placement",
        "report",
        "account_profile",
    }
    assert "manager@csb.gov.hk" not in json.dumps(export)


@pytest.mark.django_db
def test_export_of_a_partner_officer_without_an_account():
    partner = PartnerOfficerFactory(name_en="LI Partner")

    export = personal_data_for(partner)

    assert export["participant"]["department"] is None
    assert export["participant"]["home_organisation"] == "Futian District Government, Shenzhen"
    assert export["account"] is None
    assert export["account_profile"] is None
    assert export["nominations"] == export["placements"] == export["reports"] == []


@pytest.mark.django_db
def test_export_takes_the_same_number_of_queries_however_many_placements(officer):
    def queries():
        with CaptureQueriesContext(connection) as context:
            personal_data_for(officer)
        return len(context.captured_queries)

    def add_placement(year):
        cohort = CohortFactory(
            start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 3, 1)
        )
        placement = PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer, cohort=cohort)
        )
        placement.focus_areas.add(FocusAreaFactory(code=f"area-{year}"))
        PlacementReportFactory(placement=placement)
        PlacementReportFactory(placement=placement, author_role=PlacementReport.Author.HOST)
        PlacementCostFactory(placement=placement, incurred_on=datetime.date(year, 1, 1))

    add_placement(2031)
    with_one = queries()
    for year in (2032, 2033, 2034):
        add_placement(year)
    assert queries() == with_one
    # 14, and the placements' costs (decision 0049), the officer's working languages (their
    # record's and its history's), the follow-ups after return, and the renewal decisions
    # (decision 0057).
    assert with_one <= 20  # and the documents kept (decision 0056)


def test_export_holds_the_mail_sent_to_the_officer_and_their_amendments(officer, officer_placement):
    from notifications.models import OutboundEmail
    from placements.models import PlacementAmendment

    OutboundEmail.objects.create(
        event="placement_confirmed",
        to_email=officer.email.upper(),
        to_name="x",
        language="en",
        subject="Your placement is confirmed",
        body="Dear officer",
    )
    OutboundEmail.objects.create(
        event="placement_confirmed",
        to_email="someone.else@example.gov.hk",
        to_name="y",
        language="en",
        subject="Not yours",
        body="Dear other",
    )
    PlacementAmendment.objects.create(
        placement=officer_placement,
        new_end_date=officer_placement.end_date + datetime.timedelta(7),
        reason="Extension for the officer",
        old_start_date=officer_placement.start_date,
        old_end_date=officer_placement.end_date,
        old_host_unit=officer_placement.host_unit,
    )
    export = personal_data_for(officer)
    assert [e["subject"] for e in export["emails_sent"]] == ["Your placement is confirmed"]
    assert export["amendments"][0]["reason"] == "Extension for the officer"


def test_export_lists_the_officers_documents_without_the_storage_name_or_the_uploader(
    officer, officer_placement, django_user_model
):
    """Decision 0056: the officer learns which documents are kept for their placements (what,
    when, the name they were uploaded under, size and checksum); not the file's name in storage
    nor the account of the HR officer who uploaded it."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from placements.models import PlacementDocument
    from tests.programmes.factories import DocumentRequirementFactory, small_pdf

    uploader = django_user_model.objects.create_user("hr.uploader", "hr.uploader@x.gov.hk")
    requirement = DocumentRequirementFactory(programme=officer_placement.cohort.programme)
    content = small_pdf()
    document = PlacementDocument(
        placement=officer_placement,
        requirement=requirement,
        original_name="clearance-2026.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=uploader,
        uploaded_at=timezone.now(),
    )
    document.file.save("kept-under-a-random-name.pdf", ContentFile(content), save=False)
    document.save()

    export = personal_data_for(officer)
    (listed,) = export["documents"]
    assert listed["original_name"] == "clearance-2026.pdf"
    assert listed["requirement"] == requirement.pk
    assert listed["size"] == len(content)
    assert "file" not in listed and "uploaded_by" not in listed
    text = json.dumps(export, ensure_ascii=False)
    assert "kept-under-a-random-name" not in text and "hr.uploader" not in text
