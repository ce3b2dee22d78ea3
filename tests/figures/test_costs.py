"""What the programmes cost (figures/costs.py): exact Decimal sums across currencies equal to the
hand sums, on SQLite and PostgreSQL; planned and actual; the budget and what is left; officer
months of placements crossing the ends of financial years; the reports page answering "cost of
each programme in 2024 in HKD" in English, Traditional and Simplified Chinese; who may see it;
the factsheet's figures; the downloads; a query count that does not grow with the rows."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from figures import costs
from figures.factsheet import facts_for_cohort, sentences_in_every_language
from placements.models import MoneySum, PlacementCost
from tests.conftest import make_user
from tests.figures.factories import (
    ACTUAL,
    D,
    build_cost_world,
    committed_by_hand,
    cost,
    officer_days_by_hand,
    placement_in,
)
from tests.placements.factories import PlacementFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
URL = "/staff/reports/"
TITLE = "Cost in HK$ by programme and financial year"
IN_2024 = {"by": "programme", "across": "year", "year_from": 2024, "year_to": 2024}


@pytest.fixture
def world():
    return build_cost_world()


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


# The sums ----------------------------------------------------------------------------------


def test_each_programme_and_year_costs_exactly_the_hand_sum_across_currencies(world, manager):
    report = costs.cost_report(user=manager)
    expected = committed_by_hand(world["costs"])
    gba, jpo = world["programmes"]
    assert report.years == [2023, 2024, 2025]
    assert report.columns == ["2023-24", "2024-25", "2025-26"]
    assert [row.label for row in report.rows] == ["GBA exchange", "UN JPO"]
    for row in report.rows:
        for year, cell in zip(report.years, row.cells, strict=True):
            assert isinstance(cell, Decimal)
            assert cell == expected.get((row.programme_id, year), Decimal("0.00"))
        assert row.total == sum(
            (v for (p, _y), v in expected.items() if p == row.programme_id), Decimal()
        )
    assert report.total == sum(expected.values(), Decimal())
    # Written out, so a mistake in the hand sum shows too: p1's actual CNY 6,100 at 1.0852
    # (HK$6,619.72), not the planned 6,000; HK$3,210.50; US$2,500 at 7.8125 (HK$19,531.25);
    # the withdrawn placement's HK$999.99.
    cells = {row.label: dict(zip(report.years, row.cells, strict=True)) for row in report.rows}
    assert cells["GBA exchange"][2023] == Decimal("6619.72")
    assert cells["GBA exchange"][2024] == Decimal("3210.50") + Decimal("19531.25") + Decimal(
        "999.99"
    )
    # UN JPO 2024-25: CHF 15,000 at 8.8731 and at 8.9017, US$300 at 7.8 (the planned CHF
    # 14,000 gives way to the actual allowances).
    assert cells["UN JPO"][2024] == Decimal("133096.50") + Decimal("133525.50") + Decimal("2340.00")
    assert report.column_totals == [
        sum((row.cells[i] for row in report.rows), Decimal()) for i in range(3)
    ]
    assert gba.pk == report.rows[0].programme_id and jpo.pk == report.rows[1].programme_id


def test_planned_and_actual_stand_beside_the_cost_with_the_budget_and_what_is_left(world, manager):
    report = costs.cost_report(user=manager, years=(2024, 2024))
    lines = {line.label: line for line in report.details}
    jpo = lines["UN JPO"]
    assert jpo.year_label == "2024-25"
    assert jpo.planned == Decimal("124223.40") + Decimal("2340.00")  # CHF 14,000; US$300
    assert jpo.actual == Decimal("133096.50") + Decimal("133525.50")
    assert jpo.cost == jpo.actual + Decimal("2340.00")
    assert jpo.budget == Decimal("200000.00")
    assert jpo.left == Decimal("200000.00") - jpo.cost  # over the budget: negative
    assert jpo.left < 0
    gba = lines["GBA exchange"]
    # The programme's own budget; the cohort's HK$1 is part of it, not added.
    assert gba.budget == Decimal("50000.00")
    assert gba.left == Decimal("50000.00") - gba.cost


def test_a_programme_with_a_budget_and_no_cost_shows_with_nothing_spent(world, manager):
    unspent = ProgrammeFactory(name_en="Attachment to the Secretariat", organiser=world["csb"])
    from tests.programmes.factories import BudgetFactory

    BudgetFactory(programme=unspent, financial_year=2024, amount_hkd=Decimal("1234.56"))
    report = costs.cost_report(user=manager, years=(2024, 2024))
    line = next(line for line in report.details if line.programme_id == unspent.pk)
    assert (line.cost, line.budget, line.left) == (Decimal("0.00"),) + (Decimal("1234.56"),) * 2
    assert line.per_officer_month is None


def hkd_lines(placement, amount: str, count: int, on: datetime.date | None = None):
    """`count` actual costs of HK$`amount`, written at once."""
    on = on or D(2024, 5, 1)
    PlacementCost.objects.bulk_create(
        PlacementCost(
            placement=placement,
            category="other",
            kind=ACTUAL,
            currency="HKD",
            amount=Decimal(amount),
            rate_to_hkd=Decimal("1"),
            rate_date=on,
            amount_hkd=Decimal(amount),
            incurred_on=on,
            financial_year=2024,
        )
        for _ in range(count)
    )


def float_sum(values) -> float:
    """Added one after another as a database adds floats (Python's own sum() compensates)."""
    total = 0.0
    for value in values:
        total += value
    return total


def test_many_tenths_and_huge_amounts_sum_to_the_cent_where_floats_would_not(manager):
    programme = ProgrammeFactory(name_en="Sums")
    placement = placement_in(programme, D(2024, 4, 1), D(2024, 6, 29))
    hkd_lines(placement, "0.10", 10000)
    hkd_lines(placement, "123456789012.34", 1000, on=D(2024, 7, 1))
    expected = Decimal("1000.00") + Decimal("123456789012340.00")
    # Amounts that binary floats do not add to the cent (SQLite's own sum of the column
    # gives 1000.00000000016 for the tenths alone, and 123456789012343 for the rest).
    assert float_sum([0.1] * 10000) != 1000
    assert float_sum([123456789012.34] * 1000) != 123456789012340

    report = costs.cost_report(user=manager)
    assert report.rows[0].cells == [expected]
    assert report.total == expected
    assert isinstance(report.total, Decimal)
    assert str(report.total) == "123456789013340.00"
    lines = PlacementCost.objects.filter(placement=placement, amount_hkd=Decimal("0.10"))
    assert lines.aggregate(c=MoneySum("amount_hkd"))["c"] == Decimal("1000.00")


# Officer months ------------------------------------------------------------------------------


def test_officer_months_count_each_placements_days_in_the_financial_year(world, manager):
    report = costs.cost_report(user=manager)
    gba, jpo = world["programmes"]
    placements = world["placements"]
    lines = {(line.programme_id, line.year): line for line in report.details}
    # 1 Jan - 31 Mar 2024 (a leap year) in 2023-24; 1 Apr - 30 Jun and 1 Oct - 31 Mar in
    # 2024-25; 1 Apr - 30 Sep 2025 in 2025-26; the withdrawn placement's days in none.
    assert lines[(gba.pk, 2023)].officer_days == 91
    assert lines[(gba.pk, 2024)].officer_days == 91 + 182
    assert lines[(gba.pk, 2025)].officer_days == 183
    assert lines[(jpo.pk, 2024)].officer_days == 365  # 1 Apr 2024 - 31 Mar 2025
    assert lines[(jpo.pk, 2025)].officer_days == 0
    for (programme_id, year), line in lines.items():
        programme = gba if programme_id == gba.pk else jpo
        assert line.officer_days == officer_days_by_hand(placements, programme, year)
    gba_2024 = lines[(gba.pk, 2024)]
    assert gba_2024.officer_months == Decimal("9.0")  # 273 / 30.4375 = 8.97
    assert gba_2024.per_officer_month == (
        gba_2024.cost * Decimal("30.4375") / Decimal(273)
    ).quantize(Decimal("0.01"))
    assert gba_2024.per_officer_month == Decimal("2647.03")  # 23,741.74 x 30.4375 / 273
    assert lines[(jpo.pk, 2025)].per_officer_month is None  # a cost, no officer days


def test_a_placement_over_several_years_gives_each_year_its_own_days(manager):
    programme = ProgrammeFactory()
    placement_in(programme, D(2023, 3, 31), D(2026, 4, 1))
    days = costs.officer_days(manager, {programme.pk}, [2022, 2023, 2024, 2025, 2026])
    assert days == {
        (programme.pk, 2022): 1,
        (programme.pk, 2023): 366,
        (programme.pk, 2024): 365,
        (programme.pk, 2025): 365,
        (programme.pk, 2026): 1,
    }


# Who sees costs ----------------------------------------------------------------------------


def test_a_coordinator_sees_only_their_departments_programmes_costs(world, django_user_model):
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=world["td"]
    )
    report = costs.cost_report(user=coordinator)
    assert [row.label for row in report.rows] == ["UN JPO"]
    assert {line.label for line in report.details} == {"UN JPO"}


@pytest.mark.parametrize(
    "role", ["department_hr", "partner_coordinator", "host_contact", "participant"]
)
def test_other_roles_get_no_costs(world, django_user_model, role):
    user = make_user(django_user_model, "someone", role, department=world["td"])
    assert costs.cost_report(user=user) is None


def test_the_reports_page_shows_costs_to_csb_and_coordinators_only(
    world, client, django_user_model
):
    for role, sees in [
        ("csb_viewer", True),
        ("csb_manager", True),
        ("programme_coordinator", True),
        ("department_hr", False),
    ]:
        user = make_user(django_user_model, role, role, department=world["td"])
        client.force_login(user)
        response = client.get(URL, IN_2024)
        assert response.status_code == 200, role
        assert ('id="costs-table"' in response.content.decode()) is sees, role
        export = client.get(URL, {**IN_2024, "export": "csv"})
        text = b"".join(export.streaming_content).decode("utf-8-sig")
        assert ("Cost in HK$ by programme and financial year" in text) is sees, role
    for role in ("partner_coordinator", "host_contact", "participant"):
        client.force_login(make_user(django_user_model, f"x-{role}", role))
        assert client.get(URL, IN_2024).status_code == 403
    client.logout()
    assert client.get(URL, IN_2024).status_code == 302


# The reports page in three languages --------------------------------------------------------


def costs_section(response) -> str:
    html = response.content.decode()
    return html[html.index('<section aria-labelledby="costs"') : html.index("</section>")]


def cells_of(section: str, table_id: str) -> list[list[str]]:
    table = section[section.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


@pytest.mark.parametrize(
    ("language", "heading", "caption", "gba", "jpo"),
    [
        ("en", "Cost", "Cost in HK$ by programme and financial year", "GBA exchange", "UN JPO"),
        (
            "zh-hant",
            "費用",
            "按計劃及財政年度列出的費用（港元）",
            "大灣區交流計劃",
            "聯合國初級專業人員計劃",
        ),
        (
            "zh-hans",
            "费用",
            "按计划及财政年度列出的费用（港元）",
            "大湾区交流计划",
            "联合国初级专业人员计划",
        ),
    ],
)
def test_the_reports_page_answers_the_cost_of_each_programme_in_2024_in_hkd(
    world, manager_client, language, heading, caption, gba, jpo
):
    manager_client.cookies["django_language"] = language
    response = manager_client.get(URL, IN_2024)
    assert response.status_code == 200
    section = costs_section(response)
    assert f'<h2 id="costs">{heading}</h2>' in section
    assert f'<caption id="costs-table-caption">{caption}</caption>' in section
    rows = cells_of(section, "costs-table")
    expected = committed_by_hand(world["costs"])
    g, j = world["programmes"]
    total = expected[(g.pk, 2024)] + expected[(j.pk, 2024)]
    assert rows[1:] == [
        [gba, f"{expected[(g.pk, 2024)]:,}", f"{expected[(g.pk, 2024)]:,}"],
        [jpo, f"{expected[(j.pk, 2024)]:,}", f"{expected[(j.pk, 2024)]:,}"],
        [rows[-1][0], f"{total:,}", f"{total:,}"],
    ]
    assert rows[0][1] == "2024-25"
    if language != "en":
        # No English heading left in the Chinese section (the names are in the reader's script).
        assert "GBA exchange" not in section and "Programme" not in section
        assert "Officer months" not in section


def test_the_year_filter_narrows_the_costs_to_the_financial_year(world, manager_client):
    report = manager_client.get(URL, {**IN_2024, "year_from": 2025, "year_to": 2025}).context[
        "costs"
    ]
    assert report.columns == ["2025-26"]
    assert {row.label: row.cells for row in report.rows} == {
        "GBA exchange": [Decimal("10650.83")],  # CHF 1,200.35 at 8.8731
        "UN JPO": [Decimal("0.10")],
    }


# The factsheet -----------------------------------------------------------------------------


def test_the_factsheet_gives_the_batchs_cost_per_officer_and_per_officer_month(world, manager):
    p1, *_rest = world["placements"]
    facts = facts_for_cohort(p1.cohort)
    # The committed lines of its placement: actual CNY 6,100 and planned HK$3,210.50.
    assert facts.costs.cost == Decimal("6619.72") + Decimal("3210.50")
    assert facts.costs.officers == 1
    assert facts.costs.per_officer == Decimal("9830.22")
    assert facts.costs.officer_days == 182  # 1 January - 30 June 2024
    assert facts.costs.officer_months == Decimal("6.0")
    assert facts.costs.per_officer_month == Decimal("1644.00")  # 9,830.22 x 30.4375 / 182
    # A batch of one: no sentence to copy out would tell that officer's own allowances.
    for block in sentences_in_every_language(facts):
        assert not any("9,830.22" in sentence for sentence in block.sentences)


def test_the_factsheet_of_a_batch_of_three_says_what_it_cost_in_three_languages(manager):
    programme = ProgrammeFactory()
    cohort = placement_in(programme, D(2024, 4, 1), D(2024, 6, 30)).cohort
    placements = [cohort.placements.get()]
    for status in ("completed", "completed", "withdrawn"):
        placements.append(
            PlacementFactory(
                nomination__cohort=cohort,
                start_date=D(2024, 4, 1),
                end_date=D(2024, 6, 30),
                status=status,
            )
        )
    cost(placements[0], "6000.00", "CNY", "1.083456", D(2024, 5, 1))
    cost(placements[1], "1000.00", "USD", "7.812500", D(2024, 5, 1), ACTUAL)
    cost(placements[2], "2000.05", "HKD", "1", D(2024, 5, 1))
    cost(placements[3], "100.00", "HKD", "1", D(2024, 4, 2), ACTUAL)  # spent, then withdrawn
    facts = facts_for_cohort(cohort)
    assert facts.costs.cost == Decimal("6500.74") + Decimal("7812.50") + Decimal("2100.05")
    assert (facts.costs.officers, facts.costs.officer_days) == (3, 3 * 91)
    assert facts.costs.per_officer == Decimal("5471.10")  # 16,413.29 / 3
    assert facts.costs.per_officer_month == Decimal("1829.96")  # x 30.4375 / 273
    blocks = {b.language: b.sentences[-1] for b in sentences_in_every_language(facts)}
    assert blocks["en"] == (
        "The batch has cost HK$16,413.29 so far: HK$5,471.10 per officer and HK$1,829.96 per "
        "officer month."
    )
    assert blocks["zh-hant"] == (
        "本批次至今的費用為16,413.29港元，即每名人員5,471.10港元、每人員月1,829.96港元。"
    )
    assert blocks["zh-hans"] == (
        "本批次至今的费用为16,413.29港元，即每名人员5,471.10港元、每人员月1,829.96港元。"
    )


def test_the_factsheet_page_shows_the_cost_and_no_officers_own_amount(world, manager_client):
    p1, *_rest = world["placements"]
    response = manager_client.get(f"/staff/cohorts/{p1.cohort.pk}/factsheet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What the batch cost" in html and "9,830.22" in html and "1,644.00" in html
    for line in world["costs"]:
        if line.placement_id == p1.pk:
            assert f"{line.amount_hkd:,}" not in html  # no line of the officer's own


def test_a_batch_without_costs_says_nothing_of_money(manager):
    cohort = placement_in(ProgrammeFactory(), D(2024, 4, 1), D(2024, 6, 30)).cohort
    facts = facts_for_cohort(cohort)
    assert facts.costs.cost == Decimal("0.00")
    assert not any("HK$" in s for s in sentences_in_every_language(facts)[0].sentences)


# Downloads ---------------------------------------------------------------------------------


def test_the_csv_download_holds_the_cost_tables(world, manager_client):
    response = manager_client.get(URL, {**IN_2024, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    start = rows.index(["Cost in HK$ by programme and financial year"])
    expected = committed_by_hand(world["costs"])
    gba = world["programmes"][0]
    assert rows[start + 1] == ["Programme", "2024-25", "Total"]
    assert rows[start + 2] == ["GBA exchange", *[str(expected[(gba.pk, 2024)])] * 2]
    details = rows.index(["Cost against the budget and per officer month"])
    jpo = next(r for r in rows[details:] if r[0] == "UN JPO")
    assert jpo[1] == "2024-25" and jpo[5] == "200000.00"


def test_the_xlsx_download_holds_money_as_numbers_with_two_places(world, manager_client):
    response = manager_client.get(URL, {**IN_2024, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(row) for row in sheet.iter_rows()]
    start = next(
        i for i, r in enumerate(rows) if r[0].value == "Cost in HK$ by programme and financial year"
    )
    gba = rows[start + 2]
    expected = committed_by_hand(world["costs"])[(world["programmes"][0].pk, 2024)]
    assert gba[0].value == "GBA exchange"
    assert isinstance(gba[1].value, float | int)
    assert Decimal(str(gba[1].value)) == expected
    assert gba[1].number_format == "#,##0.00"
    # A large amount reads back to the cent.
    big = ProgrammeFactory(name_en="Big", organiser=world["csb"])
    cost(
        placement_in(big, D(2024, 4, 1), D(2024, 4, 30)),
        "987654321098.77",
        "HKD",
        "1",
        D(2024, 5, 1),
    )
    response = manager_client.get(URL, {**IN_2024, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == TITLE)
    big_row = next(r for r in rows[start:] if r[0].value == "Big")
    assert Decimal(str(big_row[1].value)) == Decimal("987654321098.77")


# Queries -----------------------------------------------------------------------------------


def test_the_reports_page_costs_the_same_queries_for_few_and_many_programmes(manager_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = manager_client.get(URL, {"by": "programme", "across": "year"})
        assert response.status_code == 200
        return len(captured)

    def add(count):
        for n in range(count):
            programme = ProgrammeFactory()
            placement = placement_in(
                programme, datetime.date(2023 + n % 3, 3, 1), datetime.date(2023 + n % 3, 9, 30)
            )
            cost(placement, "100.00", "USD", "7.8", datetime.date(2023 + n % 3, 5, 1))

    add(3)
    few = queries()
    assert len(manager_client.get(URL).context["costs"].rows) == 3
    add(40)
    assert len(manager_client.get(URL).context["costs"].rows) == 43
    assert queries() == few
