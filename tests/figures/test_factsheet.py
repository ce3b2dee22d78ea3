"""The cohort factsheet: the bureau's sentences about a batch, from its figures, in English,
Traditional Chinese and Simplified Chinese. The batch below has the shape of the GBA exchange's
first batch (LegCo reply, 10 July 2024): 10 officers of 8 departments and grades to Futian and
Qianhai, Shenzhen, three months from December 2023."""

import datetime

import pytest
from django.utils import translation

from figures import factsheet
from placements.models import Nomination, Placement
from programmes.models import Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

# (department, grade): Administrative and Executive Officers count under their grade.
GBA_OFFICERS = [
    ("HAD", "AO"),
    ("DEVB", "AO"),
    ("CMAB", "EO"),
    ("TLB", "EO"),
    ("EPD", "EPO"),
    ("HyD", "ENGR"),
    ("ITC", "EE"),
    ("OGCIO", "AP"),
    ("PlanD", "TP"),
    ("TD", "ENGR"),
]
GBA_SENTENCE = {
    "en": (
        "The first batch comprising 10 participants from 8 departments and grades went to "
        "Futian and Qianhai, Shenzhen in December 2023 for a three-month exchange."
    ),
    # What the zh_Hant and zh_Hans catalogues produce from the factsheet's pieces.
    "zh-hant": (
        "第一批共10名參與人員，來自8個部門及職系，"
        "於2023年12月前往深圳福田及前海，進行為期三個月的交流。"
    ),
    "zh-hans": (
        "第一批共10名参与人员，来自8个部门及职系，"
        "于2023年12月前往深圳福田及前海，进行为期三个月的交流。"
    ),
}


@pytest.fixture
def gba_batch():
    programme = ProgrammeFactory(
        name_en="Civil Service Staff Exchange Programme with the Mainland",
        kind=Programme.Kind.MAINLAND_EXCHANGE,
    )
    cohort = CohortFactory(
        programme=programme,
        phase=1,
        batch=1,
        start_date=datetime.date(2023, 12, 18),
        end_date=datetime.date(2024, 3, 17),
        destination="Futian and Qianhai, Shenzhen",
        destination_zh_hant="深圳福田及前海",
    )
    for code in ("AO", "EO"):
        GradeFactory(code=code, is_general=True)
    futian = HostOrganisationFactory(
        name_en="Futian District Government",
        name_zh_hant="福田區人民政府",
        name_zh_hans="福田区人民政府",
    )
    qianhai = HostOrganisationFactory(name_en="Qianhai Authority")
    units = [HostUnitFactory(organisation=futian), HostUnitFactory(organisation=qianhai)]
    for index, (department, grade) in enumerate(GBA_OFFICERS):
        officer = ParticipantFactory(
            department=DepartmentFactory(code=department), grade=GradeFactory(code=grade)
        )
        PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
            host_unit=units[index % 2],
            status=Placement.Status.COMPLETED,
        )
    # Neither a withdrawn officer nor a nomination that was not selected is counted.
    PlacementFactory(nomination__cohort=cohort, status=Placement.Status.WITHDRAWN)
    NominationFactory(cohort=cohort, status=Nomination.Status.NOT_SELECTED)
    return cohort


def sentences_in(facts, language):
    with translation.override(language):
        return factsheet.sentences(facts)


def test_the_figures_of_the_gba_batch_count_general_grades_by_grade(gba_batch):
    facts = factsheet.facts_for_cohort(gba_batch)
    assert facts.officers == 10
    assert facts.departments_and_grades == 8
    assert facts.host_count == 2


def test_the_english_sentences_read_as_the_bureau_writes_them(gba_batch):
    found = sentences_in(factsheet.facts_for_cohort(gba_batch), "en")
    assert found[0] == GBA_SENTENCE["en"]
    assert found[1] == (
        "They were placed with 2 host organisations: Futian District Government and "
        "Qianhai Authority."
    )


def test_chinese_sentences_give_month_and_year_the_chinese_way(gba_batch):
    facts = factsheet.facts_for_cohort(gba_batch)
    for language in ("zh-hant", "zh-hans"):
        assert "2023年12月" in sentences_in(facts, language)[0]
    assert "福田區人民政府" in sentences_in(facts, "zh-hant")[1]
    assert "福田区人民政府" in sentences_in(facts, "zh-hans")[1]


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_chinese_sentences_read_as_the_bureau_writes_them(gba_batch, language):
    assert (
        sentences_in(factsheet.facts_for_cohort(gba_batch), language)[0] == (GBA_SENTENCE[language])
    )


@pytest.mark.parametrize(
    ("number", "english"),
    [(1, "first"), (2, "second"), (10, "tenth"), (11, "11th"), (21, "21st"), (22, "22nd")],
)
def test_ordinals_in_english(number, english):
    assert factsheet.ordinal(number) == english


@pytest.mark.parametrize(
    ("days", "english"),
    [(28, "four-week"), (91, "three-month"), (183, "six-month"), (730, "two-year")],
)
def test_durations_in_english(days, english):
    start = datetime.date(2024, 1, 1)
    assert factsheet.duration(start, start + datetime.timedelta(days=days - 1)) == english


def test_a_later_batch_of_a_later_phase_coming_in_says_so(gba_batch):
    inbound = CohortFactory(
        programme=gba_batch.programme,
        agreement=PartnerAgreementFactory(programme=gba_batch.programme, title="GBA agreement"),
        phase=2,
        batch=3,
        direction="inbound",
        start_date=datetime.date(2099, 3, 3),
        end_date=datetime.date(2099, 6, 2),
        destination="Hong Kong",
    )
    from tests.participants.factories import PartnerOfficerFactory

    for organisation in ("Futian District Government", "Futian District Government", "Qianhai"):
        PlacementFactory(
            nomination=SelectedNominationFactory(
                cohort=inbound, participant=PartnerOfficerFactory(home_organisation=organisation)
            ),
            status=Placement.Status.CONFIRMED,
        )
    found = sentences_in(factsheet.facts_for_cohort(inbound), "en")
    assert found[0] == (
        "The third batch of phase 2 comprising 3 participants from 2 partner organisations "
        "will go to Hong Kong in March 2099 for a three-month exchange."
    )
    assert found[-1] == (
        "Under the agreement “GBA agreement”, 0 officers have been sent so far and 3 received."
    )


def test_a_un_jpo_batch_counts_the_recommended_and_selected(django_user_model):
    jpo = ProgrammeFactory(
        kind=Programme.Kind.UN_JPO,
        requires_external_recommendation=True,
        recommending_body="the Ministry of Foreign Affairs",
    )
    first = CohortFactory(programme=jpo, start_date=datetime.date(2023, 9, 4))
    second = CohortFactory(programme=jpo, start_date=datetime.date(2024, 9, 2))
    when = datetime.date(2023, 6, 15)
    for cohort, count in ((first, 8), (second, 9)):
        for _ in range(count):
            NominationFactory(
                cohort=cohort,
                status=Nomination.Status.SELECTED,
                recommended_by="MFA",
                recommended_on=when,
            )
    NominationFactory(cohort=second, status=Nomination.Status.NOT_SELECTED)
    facts = factsheet.facts_for_cohort(second)
    assert (facts.recommendations.recommended, facts.recommendations.selected) == (9, 9)
    found = sentences_in(facts, "en")
    # No placements confirmed in the test, so only the recommendation sentences follow.
    assert found[-1] == (
        "So far the first 2 batches comprising 17 officers have been recommended by "
        "the Ministry of Foreign Affairs."
    )


def test_the_page_shows_each_language_in_its_own_lang_block(gba_batch, client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    response = client.get(f"/staff/cohorts/{gba_batch.pk}/factsheet/")
    html = response.content.decode()
    assert '<div lang="en">' in html and '<div lang="zh-Hant">' in html
    assert '<div lang="zh-Hans">' in html
    assert GBA_SENTENCE["en"] in html
    cohort_page = client.get(f"/staff/cohorts/{gba_batch.pk}/").content.decode()
    assert f"/staff/cohorts/{gba_batch.pk}/factsheet/" in cohort_page


def test_a_cohort_without_a_destination_names_its_hosts_cities_in_the_readers_script():
    cohort = CohortFactory(destination="", destination_zh_hant="", destination_zh_hans="")
    for organisation in (
        {"city": "Geneva", "city_zh_hant": "日內瓦", "city_zh_hans": "日内瓦"},
        {"city": "Geneva"},  # no Chinese forms: the same city, not a second one
        {"city": "Vienna", "city_zh_hant": "維也納", "city_zh_hans": "维也纳"},
    ):
        PlacementFactory(
            nomination__cohort=cohort,
            status=Placement.Status.COMPLETED,
            **{f"host_unit__organisation__{k}": v for k, v in organisation.items()},
        )
    facts = factsheet.facts_for_cohort(cohort)
    for language, expected in (
        ("en", "Geneva and Vienna"),
        ("zh-hant", "日內瓦及維也納"),
        ("zh-hans", "日内瓦及维也纳"),
    ):
        with translation.override(language):
            assert factsheet._destination(facts) == expected
