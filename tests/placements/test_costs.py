"""What placements cost (decision 0049): Hong Kong dollar equivalents in exact cents, sums in SQL
equal to Decimal sums on SQLite and PostgreSQL, the database's own refusals, and the budget
rule with its approval."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placements.budgets import costs_for
from placements.models import MoneySum, PlacementCost, to_hkd
from placements.services import costs
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import PlacementCostFactory, PlacementFactory
from tests.programmes.factories import BudgetFactory

pytestmark = pytest.mark.django_db

JUNE_2024 = datetime.date(2024, 6, 1)


def cost_fields(**overrides):
    fields = {
        "category": PlacementCost.Category.ACCOMMODATION,
        "kind": PlacementCost.Kind.PLANNED,
        "currency": "CNY",
        "amount": Decimal("6000.00"),
        "rate_to_hkd": Decimal("1.083456"),
        "rate_date": datetime.date(2024, 5, 2),
        "rate_source": "HKMA",
        "incurred_on": JUNE_2024,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "money.manager", "csb_manager")


# -- Conversion ---------------------------------------------------------------------------------


def test_hkd_equivalent_is_exact_cents():
    assert to_hkd(Decimal("1234.56"), Decimal("1.083456")) == Decimal("1337.59")
    # 0.505 exactly: half a cent rounds up (a float would hold 0.50499... and round down).
    assert to_hkd(Decimal("0.50"), Decimal("1.010000")) == Decimal("0.51")
    assert to_hkd(Decimal("100"), Decimal("1")) == Decimal("100.00")


def test_conversion_refuses_float():
    with pytest.raises(TypeError):
        to_hkd(1234.56, Decimal("1.083456"))


def test_the_service_stores_the_hkd_amount_and_the_financial_year(manager):
    placement = PlacementFactory()
    cost = costs.cost_record(
        placement=placement,
        actor=manager,
        **cost_fields(amount=Decimal("1234.56"), incurred_on=datetime.date(2025, 3, 31)),
    )
    cost.refresh_from_db()
    assert cost.amount_hkd == Decimal("1337.59")
    assert isinstance(cost.amount_hkd, Decimal)
    assert cost.financial_year == 2024  # 31 March 2025 closes the financial year 2024-25
    assert cost.history.count() == 1
    assert cost.history.first().history_user == manager


def test_hkd_is_always_at_rate_one(manager):
    placement = PlacementFactory()
    cost = costs.cost_record(
        placement=placement,
        actor=manager,
        **cost_fields(currency="HKD", amount=Decimal("8800.10"), rate_to_hkd=None),
    )
    assert cost.rate_to_hkd == Decimal("1")
    assert cost.amount_hkd == Decimal("8800.10")
    with pytest.raises(ValidationError, match="rate 1"):
        costs.cost_record(
            placement=placement,
            actor=manager,
            **cost_fields(currency="HKD", rate_to_hkd=Decimal("1.1")),
        )


# -- Sums across currencies ---------------------------------------------------------------------

# Amounts and rates whose products a float would not hold exactly.
MIXED = [
    ("CNY", "0.10", "1.000000"),
    ("CNY", "0.20", "1.000000"),
    ("CHF", "1234.56", "8.812345"),
    ("USD", "999999.99", "7.812500"),
    ("EUR", "0.01", "8.456789"),
    ("HKD", "3333.33", "1"),
    ("SGD", "77.77", "5.789123"),
    ("JPY", "123456.00", "0.052345"),
]


def test_money_sums_are_exact_cents_over_many_rows():
    """Thousands of amounts whose float sum drifts (0.1 + 0.2 ...): MoneySum in SQL equals the
    Decimal sum to the cent, as a Decimal of two places, on SQLite as on PostgreSQL."""
    placement = PlacementFactory()
    amounts = [Decimal(f"{n % 997}.{(n * 37) % 100:02d}") for n in range(3000)]
    PlacementCost.objects.bulk_create(
        PlacementCost(
            placement=placement,
            category=PlacementCost.Category.OTHER,
            currency="HKD",
            amount=amount,
            rate_to_hkd=Decimal("1"),
            rate_date=JUNE_2024,
            incurred_on=JUNE_2024,
            financial_year=2024,
            amount_hkd=amount,
        )
        for amount in amounts
    )
    total = PlacementCost.objects.aggregate(total=MoneySum("amount_hkd"))["total"]
    assert isinstance(total, Decimal)
    assert total == sum(amounts, Decimal("0"))
    assert total.as_tuple().exponent == -2
    by_year = PlacementCost.objects.values("financial_year").annotate(
        planned=MoneySum("amount_hkd", filter=Q(kind="planned"))
    )
    assert [row["planned"] for row in by_year] == [total]
    assert PlacementCost.objects.filter(pk=-1).aggregate(t=MoneySum("amount_hkd"))["t"] is None


def test_sums_across_currencies_in_sql_equal_the_decimal_sum():
    placement = PlacementFactory()
    expected = Decimal("0")
    for currency, amount, rate in MIXED * 25:
        cost = PlacementCostFactory(
            placement=placement,
            currency=currency,
            amount=Decimal(amount),
            rate_to_hkd=Decimal(rate),
        )
        expected += to_hkd(Decimal(amount), Decimal(rate))
    total = PlacementCost.objects.aggregate(total=MoneySum("amount_hkd"))["total"]
    assert isinstance(total, Decimal)
    assert total == expected
    assert str(total) == str(expected.quantize(Decimal("0.01")))
    by_currency = dict(
        PlacementCost.objects.values_list("currency").annotate(total=MoneySum("amount_hkd"))
    )
    assert all(isinstance(value, Decimal) for value in by_currency.values())
    assert sum(by_currency.values(), Decimal("0")) == expected
    assert cost.amount_hkd == to_hkd(Decimal("123456.00"), Decimal("0.052345"))


def test_committed_counts_actual_lines_over_planned_ones():
    placement = PlacementFactory()
    planned = PlacementCostFactory(placement=placement, amount=Decimal("6000.00"))
    PlacementCostFactory(
        placement=placement, category=PlacementCost.Category.TRAVEL, amount=Decimal("2000.00")
    )
    programme_id = placement.cohort.programme_id
    total = PlacementCost.objects.committed_total(programme_id=programme_id, financial_year=2024)
    assert total == planned.amount_hkd + to_hkd(Decimal("2000.00"), Decimal("1.083456"))
    PlacementCostFactory(
        placement=placement, kind=PlacementCost.Kind.ACTUAL, amount=Decimal("5500.00")
    )
    total = PlacementCost.objects.committed_total(programme_id=programme_id, financial_year=2024)
    assert total == to_hkd(Decimal("5500.00"), Decimal("1.083456")) + to_hkd(
        Decimal("2000.00"), Decimal("1.083456")
    )


# -- The database's own refusals (no form, no service) ------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal("-1.00"), "amount_hkd": Decimal("0.00")},
        {"amount_hkd": Decimal("-0.01")},
        {"rate_to_hkd": Decimal("0")},
        {"rate_to_hkd": Decimal("-1.5")},
        {"currency": "HKD", "rate_to_hkd": Decimal("1.000001"), "amount_hkd": Decimal("6000.01")},
        {"currency": "HKD", "rate_to_hkd": Decimal("1"), "amount_hkd": Decimal("1.00")},
        {"currency": "XXX"},
        {"over_budget_approved_at": datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)},
    ],
    ids=[
        "negative-amount",
        "negative-hkd",
        "zero-rate",
        "negative-rate",
        "hkd-rate-not-one",
        "hkd-amount-not-itself",
        "unknown-currency",
        "approval-without-reason",
    ],
)
def test_the_database_refuses(fields):
    placement = PlacementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementCostFactory(placement=placement, **fields)
    assert not PlacementCost.objects.exists()


# -- The budget ---------------------------------------------------------------------------------


def test_a_commitment_beyond_the_budget_is_refused_naming_budget_total_and_excess(manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("10000.00"))
    costs.cost_record(placement=placement, actor=manager, **cost_fields())  # HK$6,500.74
    with pytest.raises(ValidationError) as refused:
        costs.cost_record(
            placement=placement,
            actor=manager,
            **cost_fields(category=PlacementCost.Category.TRAVEL, amount=Decimal("4000.00")),
        )
    message = " ".join(refused.value.messages)
    assert "2024-25" in message
    assert "HK$10,834.56" in message  # 6,500.74 + 4,333.82
    assert "HK$10,000.00" in message
    assert "HK$834.56" in message
    assert PlacementCost.objects.count() == 1


def test_a_cohort_budget_is_checked_too(manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("1000000.00"))
    BudgetFactory(
        programme=placement.cohort.programme,
        cohort=placement.cohort,
        amount_hkd=Decimal("5000.00"),
    )
    with pytest.raises(ValidationError, match=r"beyond its HK\$5,000\.00"):
        costs.cost_record(placement=placement, actor=manager, **cost_fields())


def test_a_manager_approves_going_over_with_a_reason(manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("5000.00"))
    with pytest.raises(ValidationError, match="reason"):
        costs.cost_record(
            placement=placement, actor=manager, approve_over_budget=True, **cost_fields()
        )
    cost = costs.cost_record(
        placement=placement,
        actor=manager,
        approve_over_budget=True,
        over_budget_reason="Hotel rates in Qianhai rose in June.",
        **cost_fields(),
    )
    cost.refresh_from_db()
    assert cost.over_budget_approved_by == manager
    assert cost.over_budget_approved_at is not None
    assert cost.over_budget_reason == "Hotel rates in Qianhai rose in June."


def test_an_approval_is_not_recorded_when_not_needed(manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme)
    cost = costs.cost_record(
        placement=placement,
        actor=manager,
        approve_over_budget=True,
        over_budget_reason="Just in case",
        **cost_fields(),
    )
    assert cost.over_budget_approved_at is None


def test_a_cost_in_another_financial_year_does_not_count(manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("5000.00"))
    cost = costs.cost_record(
        placement=placement,
        actor=manager,
        **cost_fields(incurred_on=datetime.date(2024, 3, 31)),  # financial year 2023-24
    )
    assert cost.financial_year == 2023


def test_lowering_a_cost_over_the_budget_needs_no_approval(manager):
    placement = PlacementFactory()
    budget = BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("100.00"))
    cost = PlacementCostFactory(placement=placement)  # over already, written straight
    assert costs.committed_hkd(budget) > budget.amount_hkd
    costs.cost_update(cost, actor=manager, amount=Decimal("5000.00"))
    cost.refresh_from_db()
    assert cost.amount_hkd == to_hkd(Decimal("5000.00"), Decimal("1.083456"))
    with pytest.raises(ValidationError, match="beyond"):
        costs.cost_update(cost, actor=manager, amount=Decimal("5000.01"))


def test_removing_an_actual_cost_brings_back_the_planned_line(manager):
    placement = PlacementFactory()
    budget = BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("6000.00"))
    PlacementCostFactory(placement=placement, amount=Decimal("6000.00"))  # planned HK$6,500.74
    actual = PlacementCostFactory(
        placement=placement, kind=PlacementCost.Kind.ACTUAL, amount=Decimal("5000.00")
    )
    assert costs.committed_hkd(budget) == Decimal("5417.28")
    with pytest.raises(ValidationError, match="beyond"):
        costs.cost_delete(actual, actor=manager)
    assert PlacementCost.objects.filter(pk=actual.pk).exists()


def test_only_who_may_approve_can_go_over(django_user_model):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("5000.00"))
    # A department HR officer given the right to record costs, not to approve going over.
    from django.contrib.auth.models import Permission

    user = make_user(
        django_user_model, "recorder", "department_hr", department=placement.participant.department
    )
    user.user_permissions.add(Permission.objects.get(codename="add_placementcost"))
    user = django_user_model.objects.get(pk=user.pk)
    costs.cost_record(placement=placement, actor=user, **cost_fields(amount=Decimal("10.00")))
    with pytest.raises(PermissionDenied):
        costs.cost_record(
            placement=placement,
            actor=user,
            approve_over_budget=True,
            over_budget_reason="Because",
            **cost_fields(),
        )


def test_a_viewer_and_a_coordinator_cannot_record(django_user_model):
    placement = PlacementFactory()
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    coordinator = make_user(
        django_user_model,
        "coordinator",
        "programme_coordinator",
        department=placement.cohort.programme.organiser,
    )
    for user in (viewer, coordinator):
        with pytest.raises(PermissionDenied):
            costs.cost_record(placement=placement, actor=user, **cost_fields())
    assert not PlacementCost.objects.exists()


# -- The screens ----------------------------------------------------------------------------------


def cost_form(**overrides):
    fields = {
        "category": "accommodation",
        "kind": "planned",
        "currency": "CNY",
        "amount": "6000.00",
        "rate_to_hkd": "1.083456",
        "rate_date": "2024-05-02",
        "rate_source": "HKMA",
        "incurred_on": "2024-06-01",
        "note": "",
    }
    fields.update(overrides)
    return fields


def test_a_manager_records_a_cost_on_the_placement_page(client, manager):
    placement = PlacementFactory()
    client.force_login(manager)
    add = reverse("staff:placement_cost_add", args=[placement.pk])
    assert client.get(placement.get_staff_url()).text.count(add) == 1
    response = client.post(add, cost_form())
    assert response.status_code == 302
    cost = PlacementCost.objects.get()
    assert (cost.amount_hkd, cost.recorded_by) == (Decimal("6500.74"), manager)
    page = client.get(placement.get_staff_url()).text
    assert "CNY 6,000.00" in page
    assert "HK$6,500.74" in page
    # A blank rate for a foreign currency is named on the form, nothing saved.
    response = client.post(add, cost_form(rate_to_hkd=""))
    assert "Give the rate to HK$ of CNY." in response.text
    assert PlacementCost.objects.count() == 1


def test_the_form_shows_the_refusal_and_takes_the_approval(client, manager):
    placement = PlacementFactory()
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("5000.00"))
    client.force_login(manager)
    add = reverse("staff:placement_cost_add", args=[placement.pk])
    response = client.post(add, cost_form())
    assert response.status_code == 200
    assert "beyond its HK$5,000.00 by HK$1,500.74" in response.text
    assert not PlacementCost.objects.exists()
    response = client.post(
        add,
        cost_form(approve_over_budget="on", over_budget_reason="Rents rose in Futian."),
    )
    assert response.status_code == 302
    assert PlacementCost.objects.get().over_budget_reason == "Rents rose in Futian."


def test_a_manager_changes_and_removes_a_cost(client, manager):
    cost = PlacementCostFactory()
    client.force_login(manager)
    edit = reverse("staff:placement_cost_edit", args=[cost.placement_id, cost.pk])
    response = client.post(edit, cost_form(kind="actual", amount="5800.00"))
    assert response.status_code == 302
    cost.refresh_from_db()
    assert (cost.kind, cost.amount_hkd) == ("actual", to_hkd(Decimal("5800.00"), cost.rate_to_hkd))
    delete = reverse("staff:placement_cost_delete", args=[cost.placement_id, cost.pk])
    assert client.post(delete).status_code == 302
    assert not PlacementCost.objects.exists()
    assert cost.history.count() == 3  # recorded, changed, removed


def test_hr_read_their_own_officers_costs_and_another_department_gets_404(
    client, django_user_model
):
    cost = PlacementCostFactory()
    placement = cost.placement
    own = make_user(
        django_user_model, "hr.own", "department_hr", department=placement.participant.department
    )
    other = make_user(
        django_user_model, "hr.other", "department_hr", department=DepartmentFactory(code="OTH")
    )
    client.force_login(own)
    page = client.get(placement.get_staff_url())
    assert "HK$6,500.74" in page.text
    assert reverse("staff:placement_cost_add", args=[placement.pk]) not in page.text
    client.force_login(other)
    assert client.get(placement.get_staff_url()).status_code == 404
    assert not costs_for(other).exists()
    edit = reverse("staff:placement_cost_edit", args=[placement.pk, cost.pk])
    assert client.get(edit).status_code == 403


def test_a_viewer_reads_costs_but_cannot_post(client, django_user_model):
    cost = PlacementCostFactory()
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    client.force_login(viewer)
    assert "HK$6,500.74" in client.get(cost.placement.get_staff_url()).text
    add = reverse("staff:placement_cost_add", args=[cost.placement_id])
    assert client.post(add, cost_form()).status_code == 403
    delete = reverse("staff:placement_cost_delete", args=[cost.placement_id, cost.pk])
    assert client.post(delete).status_code == 403
    assert PlacementCost.objects.count() == 1


def test_a_manager_of_costs_gets_404_for_a_cost_of_another_placement(client, manager):
    cost = PlacementCostFactory()
    other = PlacementFactory()
    client.force_login(manager)
    edit = reverse("staff:placement_cost_edit", args=[other.pk, cost.pk])
    assert client.get(edit).status_code == 404


def test_the_programme_page_shows_budgets_committed_and_left(client, manager, django_user_model):
    cost = PlacementCostFactory()  # HK$6,500.74 planned in 2024-25
    programme = cost.placement.cohort.programme
    BudgetFactory(programme=programme, amount_hkd=Decimal("10000.00"))
    BudgetFactory(programme=programme, financial_year=2025, amount_hkd=Decimal("5000.00"))
    client.force_login(manager)
    page = client.get(programme.get_staff_url()).text
    assert "2024-25" in page and "2025-26" in page
    assert "HK$6,500.74" in page and "HK$3,499.26" in page
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=programme.organiser
    )
    client.force_login(coordinator)
    page = client.get(programme.get_staff_url()).text
    assert "HK$3,499.26" in page
    assert "admin/programmes/budget/add" not in page


# -- Generated input ------------------------------------------------------------------------------

decimals = st.one_of(
    st.decimals(min_value=-10, max_value=10**12, places=2, allow_nan=False),
    st.sampled_from(["", "x", "1e5", "NaN", "-0.00", "1.005", "99999999999999.99", "1,000"]),
)
rates = st.one_of(
    st.decimals(min_value=-1, max_value=1000, places=6, allow_nan=False),
    st.sampled_from(["", "0", "1", "1.0000001", "Infinity"]),
)


@given(amount=decimals, rate=rates, currency=st.sampled_from(["HKD", "CNY", "CHF", "XXX"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_amounts_and_rates_are_saved_exactly_or_refused(amount, rate, currency):
    """Whatever is typed, the cost form answers a page or a redirect; what it saves is the
    typed amount at the typed rate, in exact cents."""
    from django.test import Client

    with transaction.atomic():
        manager = make_user(get_user_model(), "fuzz.manager", "csb_manager")
        placement = PlacementFactory()
        client = Client(raise_request_exception=True)
        client.force_login(manager)
        response = client.post(
            reverse("staff:placement_cost_add", args=[placement.pk]),
            cost_form(amount=str(amount), rate_to_hkd=str(rate), currency=currency),
        )
        assert response.status_code in (200, 302)
        saved = list(PlacementCost.objects.all())
        if response.status_code == 302:
            (cost,) = saved
            assert cost.amount_hkd == to_hkd(cost.amount, cost.rate_to_hkd)
            assert cost.amount >= 0 and cost.rate_to_hkd > 0
            assert cost.currency != "HKD" or cost.rate_to_hkd == 1
        else:
            assert not saved
        transaction.set_rollback(True)


# -- Erasure ------------------------------------------------------------------------------------


def test_erasure_empties_a_costs_note_and_keeps_the_figures(manager):
    from operations.erasure import erase_officer

    cost = PlacementCostFactory(
        placement=PlacementFactory(status="completed"),
        note="For KWOK Siu-ming's flat",
        over_budget_approved_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
        over_budget_reason="KWOK's family joined him",
    )
    erase_officer(participant=cost.placement.participant, actor=manager, reason="CSB/PDPO/9")
    cost.refresh_from_db()
    assert (cost.note, cost.over_budget_reason) == ("", "Erased")
    assert cost.amount_hkd == Decimal("6500.74")
    assert not cost.history.filter(note__contains="KWOK").exists()


# -- Two commitments at once (PostgreSQL, real threads) -------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_commitments_at_once_cannot_both_pass_the_budget(django_user_model, monkeypatch):
    import time

    from tests.placements.test_races import at_once

    # Widen the window between reading the committed totals and writing: without the lock on
    # the budget row, both would read the same total and both pass.
    read_totals = costs.committed_hkd

    def slow_read(budget):
        total = read_totals(budget)
        time.sleep(0.3)
        return total

    monkeypatch.setattr(costs, "committed_hkd", slow_read)

    first_manager = make_user(django_user_model, "money.first", "csb_manager")
    second_manager = make_user(django_user_model, "money.second", "csb_manager")
    placement = PlacementFactory()
    other = PlacementFactory(nomination__cohort=placement.cohort)
    # Room for one HK$6,500.74 commitment, not two.
    BudgetFactory(programme=placement.cohort.programme, amount_hkd=Decimal("10000.00"))

    results = at_once(
        lambda: costs.cost_record(placement=placement, actor=first_manager, **cost_fields()),
        lambda: costs.cost_record(placement=other, actor=second_manager, **cost_fields()),
    )

    saved = [r for r in results if isinstance(r, PlacementCost)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert "HK$13,001.48" in refused[0].messages[0]
    assert PlacementCost.objects.count() == 1


def test_the_officers_data_export_holds_their_costs_without_staff_names(manager):
    from operations.privacy import personal_data_for

    cost = PlacementCostFactory(note="Flat in Futian", recorded_by=manager)
    exported = personal_data_for(cost.placement.participant)["costs"]
    assert [(c["amount"], c["amount_hkd"], c["currency"]) for c in exported] == [
        ("6000.00", "6500.74", "CNY")
    ]
    assert exported[0]["note"] == "Flat in Futian"
    assert "recorded_by" not in exported[0]


def test_the_placement_page_reads_costs_in_the_same_queries_however_many(client, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement = PlacementFactory()
    client.force_login(manager)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(placement.get_staff_url()).status_code == 200
        return len(context.captured_queries)

    PlacementCostFactory.create_batch(5, placement=placement)
    with_five = queries()
    PlacementCostFactory.create_batch(45, placement=placement, kind="actual")
    assert queries() == with_five
