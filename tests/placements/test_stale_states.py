"""The dashboard and the needs-action page flag what the calendar passed by (issue 17): a
cohort past its start still before "in progress", a placement past its start still proposed
or confirmed, or past its end still in progress; each with its date and a link, and only in
the reader's reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape

from placements.models import Placement
from placements.services.daily import advance
from programmes.models import Cohort
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def shown(day):
    return formats.date_format(day, "DATE_FORMAT")


@pytest.fixture
def world():
    today = timezone.localdate()
    hkpf = DepartmentFactory(code="HKPF", name_en="Hong Kong Police Force")
    ours = ProgrammeFactory(organiser=hkpf)
    running = CohortFactory(
        programme=ours,
        name="Police batch 1",
        status=Cohort.Status.IN_PROGRESS,
        start_date=today - 60 * DAY,
        end_date=today + 30 * DAY,
    )
    return {
        "hkpf": hkpf,
        "stale_cohort": CohortFactory(
            programme=ours,
            name="Police batch 2",
            status=Cohort.Status.SELECTION,
            start_date=today - 5 * DAY,
            end_date=today + 85 * DAY,
        ),
        "fresh_cohort": CohortFactory(
            programme=ours,
            name="Police batch 3",
            status=Cohort.Status.SELECTION,
            start_date=today + 5 * DAY,
            end_date=today + 95 * DAY,
        ),
        "their_cohort": CohortFactory(
            programme=ProgrammeFactory(),
            name="Other batch 7",
            status=Cohort.Status.NOMINATIONS_OPEN,
            start_date=today - 8 * DAY,
            end_date=today + 80 * DAY,
        ),
        "stale_placement": PlacementFactory(
            nomination__cohort=running,
            status=Placement.Status.IN_PROGRESS,
            start_date=running.start_date,
            end_date=today - 3 * DAY,
        ),
        "fresh_placement": PlacementFactory(
            nomination__cohort=running,
            status=Placement.Status.IN_PROGRESS,
            start_date=running.start_date,
            end_date=today + 3 * DAY,
        ),
        "stale_proposal": PlacementFactory(
            nomination__cohort=running,
            start_date=running.start_date,
            end_date=running.end_date,
        ),
    }


def test_the_dashboard_flags_stale_cohorts_and_placements_with_their_dates(
    client, csb_manager, world
):
    client.force_login(csb_manager)
    html = client.get(reverse("staff:dashboard")).text
    cohort, placement = world["stale_cohort"], world["stale_placement"]
    assert (
        f"Stale: Police batch 2 is past its start on {shown(cohort.start_date)}, "
        "still “In selection”." in html
    )
    assert f'href="{cohort.get_staff_url()}"' in html
    assert (
        f"Stale: {escape(str(placement))} is past its end on {shown(placement.end_date)}, "
        "still “In progress”." in html
    )
    assert f'href="{placement.get_staff_url()}"' in html
    proposal = world["stale_proposal"]
    assert f"past its start on {shown(proposal.start_date)}, still “Proposed”" in html
    # CSB's dashboard is every programme's.
    assert "Stale: Other batch 7 is past its start" in html
    assert "still “Open for nominations”" in html
    # Fresh records are not flagged.
    assert "Police batch 3 is past" not in html
    assert f"{escape(str(world['fresh_placement']))} is past" not in html


def test_a_coordinator_sees_their_departments_stale_states_only(client, django_user_model, world):
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=world["hkpf"]
    )
    client.force_login(coordinator)
    html = client.get(reverse("staff:needs_action")).text
    assert "Stale: Police batch 2 is past its start" in html
    assert f"{escape(str(world['stale_placement']))} is past its end" in html
    assert "Other batch 7" not in html
    assert f'href="{world["their_cohort"].get_staff_url()}"' not in html


def test_what_the_daily_job_moves_is_no_longer_stale_and_the_rest_still_is(
    client, csb_manager, world
):
    """The job completes a placement past its end; a cohort still in selection past its start
    is no transition the job makes: it stays flagged until someone moves it on."""
    client.force_login(csb_manager)
    advance()
    html = client.get(reverse("staff:needs_action")).text
    assert f"{escape(str(world['stale_placement']))} is past its end" not in html
    assert "Stale: Police batch 2 is past its start" in html


def test_the_warnings_read_in_chinese(client, csb_manager, world):
    client.force_login(csb_manager)
    page = client.get(reverse("staff:dashboard"), headers={"accept-language": "zh-hant"})
    assert "已過時" in page.text
    page = client.get(reverse("staff:dashboard"), headers={"accept-language": "zh-hans"})
    assert "已过时" in page.text


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_stale_placement_is_named_as_the_placement_names_itself(language):
    """The stale list reads placements as values (decision 0047); their names in the message
    are still what str(placement) gives, in each language."""
    from django.utils import translation

    from placements.selectors import PLACEMENT_NAME_FIELDS, placement_name
    from tests.participants.factories import ParticipantFactory
    from tests.placements.factories import HostUnitFactory

    placement = PlacementFactory(
        nomination__participant=ParticipantFactory(
            name_en="CHAN Tai-man", name_zh_hant="陳大文", name_zh_hans="陈大文"
        ),
        host_unit=HostUnitFactory(
            name_en="Futian Administration",
            name_zh_hant="福田管理局",
            name_zh_hans="福田管理局",
            organisation__name_en="Shenzhen Ecology Bureau",
            organisation__name_zh_hant="深圳市生態環境局",
            organisation__name_zh_hans="深圳市生态环境局",
        ),
    )
    row = Placement.objects.values(*PLACEMENT_NAME_FIELDS).get(pk=placement.pk)
    with translation.override(language):
        assert placement_name(row) == str(Placement.objects.get(pk=placement.pk))
