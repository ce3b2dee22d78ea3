import datetime
from decimal import Decimal

import factory

from placements.models import (
    FocusArea,
    HostOrganisation,
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementReport,
    ReturnFollowUp,
    follow_up_due_on,
    to_hkd,
)
from programmes.models import Cohort
from tests.participants.factories import ParticipantFactory
from tests.programmes.factories import CohortFactory


class HostOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOrganisation

    name_en = factory.Sequence(lambda n: f"Host organisation {n}")
    kind = HostOrganisation.Kind.MAINLAND_GOVERNMENT
    country = "Mainland China"
    city = "Shenzhen"


class HostUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostUnit

    organisation = factory.SubFactory(HostOrganisationFactory)
    name_en = factory.Sequence(lambda n: f"Host unit {n}")
    city = "Shenzhen"
    capacity = None


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(ParticipantFactory)
    nominating_department = factory.LazyAttribute(lambda o: o.participant.department)
    rank = 1
    statement = "A strong candidate."
    status = Nomination.Status.SUBMITTED


class SelectedNominationFactory(NominationFactory):
    status = Nomination.Status.SELECTED


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement written straight to the table (tests of rules use the services)."""

    class Meta:
        model = Placement

    nomination = factory.SubFactory(SelectedNominationFactory)
    participant = factory.LazyAttribute(lambda o: o.nomination.participant)
    cohort = factory.LazyAttribute(lambda o: o.nomination.cohort)
    host_unit = factory.SubFactory(HostUnitFactory)
    start_date = factory.LazyAttribute(lambda o: o.nomination.cohort.start_date)
    end_date = factory.LazyAttribute(lambda o: o.nomination.cohort.end_date)
    role_title = "Special Assistant"
    status = Placement.Status.PROPOSED


class PlacementReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementReport

    placement = factory.SubFactory(PlacementFactory)
    author_role = PlacementReport.Author.PARTICIPANT
    due_on = factory.LazyAttribute(lambda o: o.placement.end_date)


class PlacementAmendmentFactory(factory.django.DjangoModelFactory):
    """A requested change of a placement's dates (a week longer), awaiting CSB's decision."""

    class Meta:
        model = PlacementAmendment

    placement = factory.SubFactory(PlacementFactory)
    new_end_date = factory.LazyAttribute(
        lambda o: o.placement.end_date + datetime.timedelta(days=7)
    )
    reason = "A week more"
    old_start_date = factory.LazyAttribute(lambda o: o.placement.start_date)
    old_end_date = factory.LazyAttribute(lambda o: o.placement.end_date)
    old_host_unit = factory.LazyAttribute(lambda o: o.placement.host_unit)


class PlacedCohortFactory(CohortFactory):
    """A cohort that has reached selection or beyond, as the rules leave one: every selected
    officer has a placement (a cohort is confirmed only with its placements)."""

    class Meta:
        skip_postgeneration_save = True

    status = Cohort.Status.SELECTION

    @factory.post_generation
    def placed(self, create, extracted, **kwargs):
        if create:
            PlacementFactory(nomination=SelectedNominationFactory(cohort=self))


PLACED_COHORT_STATES = {
    Cohort.Status.SELECTION,
    Cohort.Status.CONFIRMED,
    Cohort.Status.IN_PROGRESS,
    Cohort.Status.COMPLETED,
}


def cohort_in_state(status, **fields):
    """A cohort in `status` as the services would have left it."""
    if status in PLACED_COHORT_STATES:
        return PlacedCohortFactory(status=status, **fields)
    return CohortFactory(status=status, **fields)


class PlacementCostFactory(factory.django.DjangoModelFactory):
    """A cost written straight to the table, its HK$ amount and year derived as the service
    derives them (tests of the budget rule use the service)."""

    class Meta:
        model = PlacementCost

    placement = factory.SubFactory(PlacementFactory)
    category = PlacementCost.Category.ACCOMMODATION
    kind = PlacementCost.Kind.PLANNED
    currency = "CNY"
    amount = Decimal("6000.00")
    rate_to_hkd = Decimal("1.083456")
    rate_date = datetime.date(2024, 5, 2)
    rate_source = "HKMA"
    incurred_on = datetime.date(2024, 6, 1)
    amount_hkd = factory.LazyAttribute(lambda o: to_hkd(o.amount, o.rate_to_hkd))
    financial_year = factory.LazyAttribute(
        lambda o: o.incurred_on.year if o.incurred_on.month >= 4 else o.incurred_on.year - 1
    )


class CompletedPlacementFactory(PlacementFactory):
    """A placement the officer came back from on `end_date`."""

    start_date = datetime.date(2023, 12, 1)
    end_date = datetime.date(2024, 3, 31)
    status = Placement.Status.COMPLETED


class ReturnFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnFollowUp

    placement = factory.SubFactory(CompletedPlacementFactory)
    months = 6
    due_on = factory.LazyAttribute(lambda o: follow_up_due_on(o.placement.end_date, o.months))
