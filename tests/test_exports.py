"""Every page with a table or figures offers it as CSV and XLSX: cells a spreadsheet would run
as a formula (starting =, +, -, @, |, ;, a tab or a carriage return) are neutralised in both,
and a department HR officer's download never holds another department's row."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from participants.models import UserProfile
from placements.models import Nomination, Placement, PlacementReport
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
RISKY = ["=HYPERLINK(1)", "+SUM(2)", "-3+4", "@cmd", "|calc", ";cmd", "\tTab()", "\rReturn()"]
# OWASP's CSV injection list, with the pipe (DDE in some spreadsheets) and the semicolon (a
# separator where the list separator is ";").
STARTS = ("=", "+", "-", "@", "|", ";", "\t", "\r")


@pytest.fixture
def risky():
    """Officers, a department, grade, programme, focus area and cohorts whose names start like
    formulas, with placements, reports, nominations and an agreement's batches."""
    department = DepartmentFactory(code="RISK", name_en="=Department()")
    grade = GradeFactory(code="RG", name_en="+Grade()")
    programme = ProgrammeFactory(name_en="-Programme()")
    area = FocusAreaFactory(code="risky-area", name_en="@Area()")
    agreement = PartnerAgreementFactory(programme=programme)
    cohorts = [
        CohortFactory(programme=programme, agreement=agreement, phase=phase, batch=1, name=name)
        for phase, name in enumerate(["@cohort", "=cohort", "+cohort", "-cohort"], start=1)
    ]
    organisation = HostOrganisationFactory()
    unit = HostUnitFactory(organisation=organisation)
    for name in RISKY:
        officer = ParticipantFactory(name_en=name, department=department, grade=grade)
        placement = PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer, cohort=cohorts[0]),
            host_unit=unit,
            status=Placement.Status.COMPLETED,
        )
        placement.focus_areas.add(area)
        PlacementReportFactory(
            placement=placement,
            status=PlacementReport.Status.SUBMITTED,
            submitted_at=timezone.now(),
            summary=name,
        )
        NominationFactory(participant=officer, cohort=cohorts[1])  # to screen
    other = DepartmentFactory(code="OTHER", name_en="Other Department")
    outsider = ParticipantFactory(name_en="OUTSIDER Someone", department=other)
    PlacementFactory(
        nomination=SelectedNominationFactory(participant=outsider, cohort=cohorts[0]),
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
    )
    return {
        "department": department,
        "other": other,
        "cohort": cohorts[0],
        "agreement": agreement,
        "organisation": organisation,
    }


def cells(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("text/csv"):
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


# Each export kind: the addresses that together show every risky start.
EXPORTS = {
    "reports": lambda w: [
        ("/staff/reports/", {"by": by}) for by in ("department", "grade", "programme", "focus_area")
    ],
    "figures": lambda w: [("/staff/figures/", {})],
    "needs-action": lambda w: [("/staff/needs-action/", {})],
    "cohort-reports": lambda w: [(f"/staff/cohorts/{w['cohort'].pk}/reports/", {})],
    "agreement-exchange": lambda w: [(f"/staff/agreements/{w['agreement'].pk}/", {})],
    "department-calendar": lambda w: [(f"/staff/departments/{w['department'].pk}/calendar/", {})],
    "host-placements": lambda w: [(f"/staff/hosts/{w['organisation'].pk}/", {})],
    "placement-list": lambda w: [("/staff/placements/", {})],
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("export", list(EXPORTS))
def test_every_export_neutralises_formulas(risky, client, django_user_model, export, kind):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    found = [
        cell
        for path, params in EXPORTS[export](risky)
        for cell in cells(client.get(path, {**params, "export": kind}))
    ]
    assert not [cell for cell in found if cell.startswith(STARTS)]
    # Figures name no officer: there the risky starts are the department's, grade's,
    # programme's and focus area's names.
    shown = STARTS[:4] if export in ("reports", "figures", "agreement-exchange") else STARTS
    for start in shown:
        # An XLSX is XML, whose readers turn a carriage return into a line feed.
        written = ("'\r", "'\n") if start == "\r" and kind == "xlsx" else ("'" + start,)
        assert any(cell.startswith(written) for cell in found), (export, start)


HR_EXPORTS = [
    "/staff/reports/?by=department&export={kind}",
    "/staff/reports/?by=programme&across=year&export={kind}",
    "/staff/placements/?export={kind}",
    "/staff/nominations/?export={kind}",
    "/staff/officers/?export={kind}",
    "/staff/departments/{department}/calendar/?export={kind}",
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_department_hr_exports_hold_only_their_department(risky, client, django_user_model, kind):
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=risky["department"])
    client.force_login(hr)
    for address in HR_EXPORTS:
        found = cells(client.get(address.format(kind=kind, department=risky["department"].pk)))
        assert "OUTSIDER Someone" not in found, address
        assert "Other Department" not in found, address
        assert "'=HYPERLINK(1)" in found or "'=Department()" in found or str(len(RISKY)) in found, (
            address
        )
    by_programme = cells(client.get(f"/staff/reports/?by=programme&export={kind}"))
    assert by_programme[-2:] == ["Total", str(len(RISKY))]  # their officers, not the outsider
    other_calendar = client.get(f"/staff/departments/{risky['other'].pk}/calendar/?export={kind}")
    assert other_calendar.status_code == 404
    for csb_only in ("/staff/figures/", "/staff/needs-action/"):
        assert client.get(f"{csb_only}?export={kind}").status_code == 403


def test_the_nomination_status_report_counts_nominations_hr_may_see(
    risky, client, django_user_model
):
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=risky["other"])
    client.force_login(hr)
    NominationFactory(participant__department=risky["other"], status=Nomination.Status.SUBMITTED)
    report = client.get("/staff/reports/", {"by": "nomination_status"}).context["report"]
    assert {row.label: row.total for row in report.rows} == {"Submitted": 1, "Selected": 1}
