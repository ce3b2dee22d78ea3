"""Who acts next names the programme's runner: CSB for its own programmes, the organising
department for a programme it runs itself (its coordinators do CSB's part, issue 16)."""

import pytest
from django.utils import translation

from placements import next_steps
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import NominationFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_csb_programme_names_csb():
    nomination = NominationFactory()
    step = next_steps.for_nomination(nomination)
    assert step.text == "CSB screens the nomination."
    assert step.whose == "Civil Service Bureau"


def test_a_departments_own_programme_names_the_department_in_each_language():
    police = DepartmentFactory(
        code="HKPF",
        name_en="Hong Kong Police Force",
        name_zh_hant="香港警務處",
        name_zh_hans="香港警务处",
    )
    cohort = CohortFactory(programme=ProgrammeFactory(organiser=police))
    nomination = NominationFactory(cohort=cohort)
    step = next_steps.for_nomination(nomination)
    assert step.text == "Hong Kong Police Force screens the nomination."
    assert step.whose == "Hong Kong Police Force"
    assert next_steps.for_cohort(cohort).text == (
        "Hong Kong Police Force opens the call for nominations."
    )
    with translation.override("zh-hant"):
        assert next_steps.for_nomination(nomination).text == "香港警務處審閱提名。"
    with translation.override("zh-hans"):
        assert next_steps.for_nomination(nomination).text == "香港警务处审阅提名。"
