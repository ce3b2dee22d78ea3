"""What a placement costs: its allowances and costs by category, planned and actual, in the
currency paid, with the Hong Kong dollar equivalent at a recorded rate (decision 0049)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange_portal.audit import audit_history
from exchange_portal.scoping import ScopedQuerySet

from .records import Placement

CENT = Decimal("0.01")
HKD = "HKD"


def to_hkd(amount: Decimal, rate_to_hkd: Decimal) -> Decimal:
    """The Hong Kong dollar equivalent of `amount` at `rate_to_hkd`, in whole cents, halves
    rounded up (away from zero): 1234.56 CNY at 1.083456 is HK$1,337.59. Decimals only."""
    if not isinstance(amount, Decimal) or not isinstance(rate_to_hkd, Decimal):
        raise TypeError("Money is Decimal, never float.")
    return (amount * rate_to_hkd).quantize(CENT, rounding=ROUND_HALF_UP)


class CentsAsDecimalField(models.BigIntegerField):
    """The output of MoneySum: whole cents (an integer in SQL) read back as Decimal HK$."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)


class MoneySum(Sum):
    """The exact total of a money column of two decimal places (e.g. `amount_hkd`), as
    Decimal, on every database: each amount is turned into whole cents and the integers are
    summed in SQL. SQLite keeps decimals as floating point and Django gives back an aggregate of
    them unrounded (Decimal('325881.100000000'), or worse after many rows); integer cents are
    exact there as on PostgreSQL. Use it for every sum of money (decision 0049):
    `PlacementCost.objects.aggregate(total=MoneySum("amount_hkd"))`,
    `.values("financial_year").annotate(total=MoneySum("amount_hkd", filter=...))`."""

    def __init__(self, field: str, **extra):
        cents = Cast(Round(F(field) * 100), output_field=models.BigIntegerField())
        super().__init__(cents, output_field=CentsAsDecimalField(), **extra)


class Currency(models.TextChoices):
    """ISO 4217 codes of the currencies placements are paid in."""

    HKD = "HKD", _("Hong Kong dollar (HKD)")
    CNY = "CNY", _("Renminbi (CNY)")
    USD = "USD", _("US dollar (USD)")
    CHF = "CHF", _("Swiss franc (CHF)")
    EUR = "EUR", _("Euro (EUR)")
    GBP = "GBP", _("Pound sterling (GBP)")
    JPY = "JPY", _("Japanese yen (JPY)")
    SGD = "SGD", _("Singapore dollar (SGD)")
    MOP = "MOP", _("Macao pataca (MOP)")
    AUD = "AUD", _("Australian dollar (AUD)")
    CAD = "CAD", _("Canadian dollar (CAD)")


class PlacementCostQuerySet(ScopedQuerySet):
    # Department HR read their own officers' costs, coordinators those of their department's
    # programmes, CSB all; officers, host contacts and partners none.
    scope_paths = {
        "department": "placement__participant__department",
        "organiser": "placement__cohort__programme__organiser",
    }

    def committed(self):
        """The lines that count as committed (decision 0049): for each placement, category and
        financial year, the actual costs once any is recorded, else the planned ones. Sum
        `amount_hkd` over these (with MoneySum) for what a programme, cohort or year has
        committed."""
        actual_recorded = PlacementCost.objects.filter(
            placement=OuterRef("placement"),
            category=OuterRef("category"),
            financial_year=OuterRef("financial_year"),
            kind=PlacementCost.Kind.ACTUAL,
        )
        return self.filter(
            Q(kind=PlacementCost.Kind.ACTUAL) | ~Exists(actual_recorded),
        )

    def committed_total(self, *, programme_id, financial_year, cohort_id=None) -> Decimal:
        """The HK$ committed by a programme (or one of its cohorts) in a financial year, summed
        in SQL over the committed lines; Decimal("0.00") when none."""
        lines = self.committed().filter(
            placement__cohort__programme_id=programme_id, financial_year=financial_year
        )
        if cohort_id is not None:
            lines = lines.filter(placement__cohort_id=cohort_id)
        total = lines.aggregate(total=MoneySum("amount_hkd"))["total"]
        return total if total is not None else Decimal("0.00")

    def with_related(self):
        return self.select_related("placement__cohort__programme", "placement__participant")


class PlacementCost(models.Model):
    """One planned or actual cost of a placement, e.g. the planned accommodation of a month in
    Shenzhen, RMB 6,000 at 1.0834 = HK$6,500.40. Entered by CSB managers through
    placements.services.costs, which converts, checks the budget and records the history."""

    class Category(models.TextChoices):
        ALLOWANCE = "allowance", _("Allowance")
        ACCOMMODATION = "accommodation", _("Accommodation")
        TRAVEL = "travel", _("Travel")
        SUBSISTENCE = "subsistence", _("Subsistence")
        INSURANCE = "insurance", _("Insurance")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("cost", "Planned")
        ACTUAL = "actual", _("Actual")

    # The fields a form or import fills; the service derives the rest.
    INPUT_FIELDS = [
        "category",
        "kind",
        "currency",
        "amount",
        "rate_to_hkd",
        "rate_date",
        "rate_source",
        "incurred_on",
        "note",
    ]

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="costs",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(
        _("planned or actual"), max_length=10, choices=Kind.choices, default=Kind.PLANNED
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.HKD
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        help_text=_("In the currency paid."),
    )
    rate_to_hkd = models.DecimalField(
        _("rate to HK$"),
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        help_text=_("Hong Kong dollars for one unit of the currency, e.g. 1.083456; 1 for HK$."),
    )
    rate_date = models.DateField(_("rate of (date)"))
    rate_source = models.CharField(
        _("source of the rate"),
        max_length=200,
        blank=True,
        help_text=_("E.g. HKMA daily rate, or the bank's advice of the transfer."),
    )
    amount_hkd = models.DecimalField(
        _("amount (HK$)"),
        max_digits=14,
        decimal_places=2,
        editable=False,
        help_text=_("The amount times the rate, in whole cents, halves rounded up."),
    )
    incurred_on = models.DateField(
        _("incurred on"),
        help_text=_("The day it is (or is planned to be) paid; sets the financial year."),
    )
    financial_year = models.PositiveSmallIntegerField(
        _("financial year"),
        editable=False,
        help_text=_("From the day incurred: 2024 is 1 April 2024 to 31 March 2025."),
    )
    note = models.TextField(_("note"), blank=True)
    # A commitment beyond the budget is saved only with an approval (decision 0049).
    over_budget_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("over-budget approval by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    over_budget_approved_at = models.DateTimeField(
        _("over-budget approval at"), null=True, blank=True
    )
    over_budget_reason = models.TextField(_("reason for going over the budget"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never listed by it: no index
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = audit_history(no_db_index=["over_budget_approved_by", "recorded_by"])

    objects = PlacementCostQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "incurred_on", "category", "pk"]
        verbose_name = _("placement cost")
        verbose_name_plural = _("placement costs")
        permissions = [
            (
                "approve_over_budget",
                _("Can approve a placement cost that takes a programme beyond its budget"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_hkd__gte=0),
                name="cost_amount_hkd_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(rate_to_hkd__gt=0),
                name="cost_rate_positive",
                violation_error_message=_("The rate to HK$ must be more than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(currency=HKD) | Q(rate_to_hkd=Decimal("1")),
                name="cost_hkd_rate_is_one",
                violation_error_message=_("An amount in HK$ has the rate 1."),
            ),
            models.CheckConstraint(
                condition=~Q(currency=HKD) | Q(amount_hkd=models.F("amount")),
                name="cost_hkd_amount_is_itself",
                violation_error_message=_("An amount in HK$ is its own HK$ equivalent."),
            ),
            models.CheckConstraint(
                condition=Q(currency__in=Currency.values),
                name="cost_currency_known",
                violation_error_message=_("Choose a currency from the list."),
            ),
            models.CheckConstraint(
                condition=Q(over_budget_approved_at__isnull=True) | ~Q(over_budget_reason=""),
                name="cost_over_budget_approval_has_reason",
                violation_error_message=_("An approval to go over the budget needs its reason."),
            ),
        ]
        indexes = [
            models.Index(fields=["financial_year", "placement"], name="cost_year_placement"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.currency} {self.amount}"

    def get_absolute_url(self):
        return reverse("admin:placements_placementcost_change", args=[self.pk])

    def get_staff_url(self):
        """Costs are read on their placement's page."""
        return reverse("staff:placement", args=[self.placement_id]) + "#costs-heading"

    @property
    def is_over_budget_approved(self) -> bool:
        return self.over_budget_approved_at is not None
