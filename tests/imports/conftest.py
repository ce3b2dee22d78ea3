import datetime

import pytest
from django.utils import timezone

from participants.models import UserProfile
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostUnitFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import OpenCohortFactory, ProgrammeFactory


@pytest.fixture
def epd(db):
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def icac(db):
    return DepartmentFactory(code="ICAC", name_en="Independent Commission Against Corruption")


@pytest.fixture
def eo(db):
    return GradeFactory(code="EO", name_en="Executive Officer")


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def hr(django_user_model, epd):
    user = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=user, department=epd)
    return user


@pytest.fixture
def viewer(django_user_model):
    return make_user(django_user_model, "viewer", "csb_viewer")


@pytest.fixture
def gba(db):
    return ProgrammeFactory(code="GBA-EX", name_en="GBA exchange")


@pytest.fixture
def open_cohort(gba, eo):
    cohort = OpenCohortFactory(programme=gba, phase=1, batch=2, name="GBA exchange batch 2")
    cohort.eligible_grades.add(eo)
    return cohort


@pytest.fixture
def officers(epd, eo):
    return [
        ParticipantFactory(department=epd, grade=eo, staff_number=f"1000000{n}") for n in range(3)
    ]


@pytest.fixture
def placing(gba, epd, eo):
    """Five selected nominations of EPD officers in a cohort, a host unit and a focus area."""
    from tests.programmes.factories import CohortFactory

    cohort = CohortFactory(
        programme=gba,
        phase=1,
        batch=3,
        name="GBA exchange batch 3",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    nominations = [
        SelectedNominationFactory(
            cohort=cohort,
            participant=ParticipantFactory(department=epd, grade=eo, staff_number=f"2000000{n}"),
        )
        for n in range(5)
    ]
    unit = HostUnitFactory(name_en="Planning Office")
    FocusAreaFactory(code="planning", name_en="Urban planning")
    return {"cohort": cohort, "nominations": nominations, "unit": unit}
