"""A programme's founding year, its suspensions as dated periods and its usual length in days,
weeks or months (issue 17, point 2), in the reader's language."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from exchange_portal.roles import Role
from figures import factsheet
from participants.models import UserProfile
from programmes import services
from programmes.models import Programme, ProgrammeSuspension
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hant", "zh-hans")


@pytest.fixture
def manager(client, django_user_model):
    user = make_user(django_user_model, "manager", Role.CSB_MANAGER)
    client.force_login(user)
    return user


def page(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The founding year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "public", "staff"),
    [
        ("en", "Began in", "Began in 2002."),
        ("zh-hant", "開辦年份", "於2002年開辦。"),
        ("zh-hans", "开办年份", "于2002年开办。"),
    ],
)
def test_the_founding_year_reads_as_a_year_on_both_pages(client, manager, language, public, staff):
    programme = ProgrammeFactory(established_year=2002)
    html = page(client, reverse("public:programme", args=[programme.code]), language)
    assert public in html and "2002" in html and "2,002" not in html
    assert staff in page(client, reverse("staff:programme", args=[programme.pk]), language)


def test_a_year_outside_the_plausible_range_is_refused_by_the_database():
    programme = ProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(established_year=1066)
    programme.established_year = 2300
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert "established_year" in error.value.message_dict


def test_the_programme_edit_screen_takes_a_year_and_names_a_bad_one(client, manager):
    programme = ProgrammeFactory(established_year=2002)
    url = reverse("staff:programme_edit", args=[programme.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "organiser"}
    data |= {"organiser": programme.organiser.pk, "established_year": "1066"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "established_year" in response.context["form"].errors
    programme.refresh_from_db()
    assert programme.established_year == 2002


# Suspensions as dated periods --------------------------------------------------------------

D = datetime.date
EPIDEMIC = {
    "reason": "the epidemic",
    "reason_zh_hant": "疫情",
    "reason_zh_hans": "疫情",
}
EPIDEMIC_SENTENCE = {
    "en": "Suspended from January 2020 to December 2022: the epidemic.",
    "zh-hant": "由2020年1月至2022年12月暫停：疫情。",
    "zh-hans": "由2020年1月至2022年12月暂停：疫情。",
}


def suspend(programme, actor, starts_on, ends_on=None, **fields):
    return services.suspension_save(
        suspension=ProgrammeSuspension(programme=programme),
        actor=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_suspension_reads_as_a_dated_sentence_in_the_readers_language(manager, language):
    period = suspend(ProgrammeFactory(), manager, D(2020, 1, 1), D(2022, 12, 31), **EPIDEMIC)
    with translation.override(language):
        assert period.sentence() == EPIDEMIC_SENTENCE[language]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Suspended since March 2026."),
        ("zh-hant", "自2026年3月起暫停。"),
        ("zh-hans", "自2026年3月起暂停。"),
    ],
)
def test_an_open_suspension_reads_as_still_suspended(manager, language, expected):
    period = suspend(ProgrammeFactory(), manager, D(2026, 3, 2))
    with translation.override(language):
        assert period.sentence() == expected


def test_a_reason_keeps_one_full_stop():
    period = ProgrammeSuspension(starts_on=D(2020, 1, 1), ends_on=D(2020, 6, 30), reason="Works.")
    with translation.override("en"):
        assert period.sentence() == "Suspended from January 2020 to June 2020: Works."


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2022, 12, 31), D(2023, 6, 30)),  # shares the last day
        (D(2019, 1, 1), None),  # open-ended, covers it
        (D(2021, 1, 1), D(2021, 2, 1)),  # inside it
    ],
)
def test_two_overlapping_suspensions_of_one_programme_are_refused(manager, starts_on, ends_on):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31), **EPIDEMIC)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        suspend(programme, manager, starts_on, ends_on)
    assert error.value.message_dict["starts_on"] == [
        "A programme's suspensions cannot overlap: this period overlaps another (Suspended "
        "from January 2020 to December 2022: the epidemic.)."
    ]
    assert programme.suspensions.count() == 1


def test_periods_that_touch_but_do_not_share_a_day_and_other_programmes_are_allowed(manager):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31))
    suspend(programme, manager, D(2023, 1, 1), D(2023, 1, 31))
    suspend(ProgrammeFactory(), manager, D(2020, 1, 1))
    assert programme.suspensions.count() == 2


def test_a_suspension_cannot_end_before_it_starts(manager):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        suspend(ProgrammeFactory(), manager, D(2022, 1, 1), D(2021, 1, 1))
    assert "A suspension cannot end before it starts." in error.value.messages


def test_a_suspension_is_kept_in_the_history_with_who_recorded_it(manager):
    period = suspend(ProgrammeFactory(), manager, D(2020, 1, 1))
    services.suspension_save(suspension=period, actor=manager, ends_on=D(2022, 12, 31))
    rows = list(period.history.order_by("history_date"))
    assert [(row.history_type, row.ends_on) for row in rows] == [
        ("+", None),
        ("~", D(2022, 12, 31)),
    ]
    assert {row.history_user for row in rows} == {manager}


def test_a_coordinator_records_suspensions_only_of_their_departments_programmes(
    django_user_model,
):
    hkpf = DepartmentFactory(code="HKPF")
    coordinator = make_user(django_user_model, "coordinator", Role.PROGRAMME_COORDINATOR)
    UserProfile.objects.create(user=coordinator, department=hkpf)
    suspend(ProgrammeFactory(organiser=hkpf), coordinator, D(2020, 1, 1))
    other = ProgrammeFactory()
    with pytest.raises(ValidationError):
        suspend(other, coordinator, D(2020, 1, 1))
    assert not other.suspensions.exists()


@pytest.mark.postgres
def test_postgres_itself_refuses_overlapping_suspensions():
    programme = ProgrammeFactory()
    ProgrammeSuspension.objects.create(programme=programme, starts_on=D(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeSuspension.objects.create(
            programme=programme, starts_on=D(2024, 1, 1), ends_on=D(2024, 2, 1)
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_programme_pages_show_the_suspension_in_the_readers_language(
    client, manager, language
):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31), **EPIDEMIC)
    for url in (
        reverse("public:programme", args=[programme.code]),
        reverse("staff:programme", args=[programme.pk]),
    ):
        assert EPIDEMIC_SENTENCE[language] in page(client, url, language)


def edit_data(client, programme, **extra):
    """The programme edit screen's form as it comes, with `extra` typed in."""
    response = client.get(reverse("staff:programme_edit", args=[programme.pk]))
    data = {}
    for form in (response.context["form"], response.context["suspensions"].management_form):
        for name in form.fields:
            value = form[name].value()
            if value not in (None, ""):
                data[form.add_prefix(name)] = value
    for index, period in enumerate(response.context["suspensions"].forms):
        for name in ("id", "starts_on", "ends_on", "reason", "reason_zh_hant", "reason_zh_hans"):
            value = period[name].value()
            if value not in (None, ""):
                data[f"suspensions-{index}-{name}"] = value
    return data | extra


def test_the_programme_edit_screen_records_a_suspension(client, manager):
    programme = ProgrammeFactory()
    url = reverse("staff:programme_edit", args=[programme.pk])
    response = client.post(
        url,
        edit_data(
            client,
            programme,
            **{
                "suspensions-0-starts_on": "2020-01-01",
                "suspensions-0-ends_on": "2022-12-31",
                "suspensions-0-reason": "the epidemic",
                "suspensions-0-reason_zh_hant": "疫情",
                "suspensions-0-reason_zh_hans": "疫情",
            },
        ),
    )
    assert response.status_code == 302
    (period,) = programme.suspensions.all()
    assert (period.starts_on, period.ends_on, period.reason_zh_hant) == (
        D(2020, 1, 1),
        D(2022, 12, 31),
        "疫情",
    )
    assert period.history.get().history_user == manager


def test_the_edit_screen_names_an_overlap_and_saves_nothing(client, manager):
    programme = ProgrammeFactory(name_en="Before")
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31))
    response = client.post(
        reverse("staff:programme_edit", args=[programme.pk]),
        edit_data(
            client,
            programme,
            name_en="After",
            **{"suspensions-1-starts_on": "2022-06-01", "suspensions-TOTAL_FORMS": "2"},
        ),
    )
    assert response.status_code == 200
    assert "cannot overlap" in response.content.decode()
    programme.refresh_from_db()
    assert programme.name_en == "Before" and programme.suspensions.count() == 1


def test_the_edit_screen_removes_a_period_recorded_by_mistake(client, manager):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31))
    response = client.post(
        reverse("staff:programme_edit", args=[programme.pk]),
        edit_data(client, programme, **{"suspensions-0-DELETE": "on"}),
    )
    assert response.status_code == 302
    assert not programme.suspensions.exists()
    assert ProgrammeSuspension.history.filter(history_type="-").count() == 1


FACTSHEET_SUSPENSION = {
    "en": "The programme was suspended from January 2020 to December 2022: the epidemic.",
    "zh-hant": "本計劃曾於2020年1月至2022年12月暫停：疫情。",
    "zh-hans": "本计划曾于2020年1月至2022年12月暂停：疫情。",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_factsheet_of_a_later_batch_says_when_the_programme_was_suspended(manager, language):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31), **EPIDEMIC)
    resumed = CohortFactory(
        programme=programme, start_date=D(2023, 12, 18), end_date=D(2024, 3, 17)
    )
    earlier = CohortFactory(programme=programme, start_date=D(2019, 5, 1), end_date=D(2019, 5, 28))
    with translation.override(language):
        assert FACTSHEET_SUSPENSION[language] in factsheet.sentences(
            factsheet.facts_for_cohort(resumed)
        )
        assert not any(
            "2020" in sentence
            for sentence in factsheet.sentences(factsheet.facts_for_cohort(earlier))
        )


def test_the_staff_factsheet_page_shows_the_suspension(client, manager):
    programme = ProgrammeFactory()
    suspend(programme, manager, D(2020, 1, 1), D(2022, 12, 31), **EPIDEMIC)
    cohort = CohortFactory(programme=programme, start_date=D(2023, 12, 18), end_date=D(2024, 3, 17))
    html = page(client, reverse("staff:cohort_factsheet", args=[cohort.pk]), "en")
    for language in LANGUAGES:
        assert FACTSHEET_SUSPENSION[language] in html


def test_the_admin_inline_records_a_suspension_and_refuses_an_overlap(client, csb_manager):
    from tests.programmes.test_admin import programme_form

    programme = ProgrammeFactory()
    client.force_login(csb_manager)
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    period = {
        "suspensions-TOTAL_FORMS": "2",
        "suspensions-0-starts_on": "2020-01-01",
        "suspensions-0-ends_on": "2022-12-31",
        "suspensions-0-reason": "the epidemic",
    }
    overlapping = {"suspensions-1-starts_on": "2022-01-01"}
    response = client.post(url, programme_form(programme) | period | overlapping)
    assert response.status_code == 200
    assert not programme.suspensions.exists()
    response = client.post(url, programme_form(programme) | period)
    assert response.status_code == 302
    (saved,) = programme.suspensions.all()
    assert (saved.starts_on, saved.reason) == (D(2020, 1, 1), "the epidemic")
    assert saved.history.get().history_user == csb_manager


# Durations in days, weeks or months ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "start", "end"),
    [
        (3, "month", D(2023, 12, 18), D(2024, 3, 17)),  # calendar months
        (1, "month", D(2024, 1, 31), D(2024, 2, 28)),  # a shorter month: its last day, less one
        (4, "week", D(2023, 12, 18), D(2024, 1, 14)),  # 28 days
        (10, "day", D(2024, 2, 25), D(2024, 3, 5)),  # through a leap day
    ],
)
def test_a_placement_end_is_proposed_from_its_start_in_the_lengths_unit(value, unit, start, end):
    programme = ProgrammeFactory(default_duration_value=value, default_duration_unit=unit)
    assert programme.proposed_end(start) == end
    agreement = PartnerAgreementFactory(duration_value=value, duration_unit=unit)
    assert agreement.proposed_end(start) == end


def test_no_end_is_proposed_without_a_length():
    assert ProgrammeFactory(default_duration_value=None).proposed_end(D(2024, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1, "week", {"en": "1 week", "zh-hant": "1個星期", "zh-hans": "1周"}),
        (4, "week", {"en": "4 weeks", "zh-hant": "4個星期", "zh-hans": "4周"}),
        (1, "month", {"en": "1 month", "zh-hant": "1個月", "zh-hans": "1个月"}),
        (3, "month", {"en": "3 months", "zh-hant": "3個月", "zh-hans": "3个月"}),
        (10, "day", {"en": "10 days", "zh-hant": "10天", "zh-hans": "10天"}),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_page_gives_the_usual_length_in_its_unit(
    client, language, value, unit, expected
):
    programme = ProgrammeFactory(default_duration_value=value, default_duration_unit=unit)
    html = page(client, reverse("public:programme", args=[programme.code]), language)
    assert f'<dd class="col-sm-9">{expected[language]}</dd>' in html


def test_a_length_of_nothing_is_refused():
    programme = ProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(default_duration_value=0)
    agreement = PartnerAgreementFactory(duration_value=0)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "duration_value" in error.value.message_dict


def test_the_programme_edit_screen_takes_weeks(client, manager):
    programme = ProgrammeFactory()
    response = client.post(
        reverse("staff:programme_edit", args=[programme.pk]),
        edit_data(client, programme, default_duration_value="4", default_duration_unit="week"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.default_duration_value, programme.default_duration_unit) == (4, "week")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "for a four-week exchange."),
        ("zh-hant", "進行為期四個星期的交流。"),
        ("zh-hans", "进行为期四周的交流。"),
    ],
)
def test_the_factsheet_says_the_length_the_agreement_states(language, expected):
    from placements.models import Placement
    from tests.placements.factories import PlacementFactory, SelectedNominationFactory

    agreement = PartnerAgreementFactory(duration_value=4, duration_unit="week")
    cohort = CohortFactory(
        programme=agreement.programme,
        agreement=agreement,
        start_date=D(2019, 5, 1),
        end_date=D(2019, 5, 31),  # a month of dates; the agreement says four weeks
    )
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort), status=Placement.Status.COMPLETED
    )
    with translation.override(language):
        assert factsheet.sentences(factsheet.facts_for_cohort(cohort))[0].endswith(expected)


def test_the_api_gives_the_length_with_its_unit():
    from api.serializers import AgreementSerializer, ProgrammeSerializer

    programme = ProgrammeFactory(default_duration_value=4, default_duration_unit="week")
    data = ProgrammeSerializer(programme).data
    assert (data["default_duration_value"], data["default_duration_unit"]) == (4, "week")
    agreement = PartnerAgreementFactory(duration_value=3, duration_unit="month")
    data = AgreementSerializer(agreement).data
    assert (data["duration_value"], data["duration_unit"]) == (3, "month")
