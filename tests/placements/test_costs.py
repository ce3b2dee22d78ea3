"""What placements cost (decision 0049): Hong Kong dollar equivalents in exact cents, sums in SQL
equal to Decimal sums on SQLite and PostgreSQL, the database's own refusals, and the budget
rule with its approval."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from placements.models import PlacementCost, to_hkd
from placements.services import costs
from tests.conftest import make_user
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
    total = PlacementCost.objects.aggregate(total=Sum("amount_hkd"))["total"]
    assert isinstance(total, Decimal)
    assert total == expected
    by_currency = dict(
        PlacementCost.objects.values_list("currency").annotate(total=Sum("amount_hkd"))
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
