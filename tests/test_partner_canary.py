"""A partner-government coordinator never sees a Hong Kong officer's personal data: a Hong
Kong officer with unique canary strings is nominated and placed in an outbound batch and in an
inbound batch of the coordinator's own agreement, and no page, admin page or API answer the
coordinator can ask for carries any of them (as the public pages' canary, tests/test_public_pages).
"""

import datetime

import pytest

from participants.models import Participant
from placements.models import Nomination, Placement
from programmes.models import Direction
from tests.participants.factories import PartnerOfficerFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory
from tests.test_access_matrix import PARTNER, build_world, concrete_url, url_patterns

pytestmark = pytest.mark.django_db

CANARY_NAME = "QXJZ Canary-Partner-Test"
CANARY_ZH = "金絲雀夥伴"
CANARY_EMAIL = "qxjz.canary@example.gov.hk"
CANARY_STAFF_NUMBER = "Q7766554"
CANARY_PHONE = "9876 5432"
SECRETS = (
    CANARY_NAME,
    "Canary-Partner",
    CANARY_ZH,
    CANARY_EMAIL,
    CANARY_STAFF_NUMBER,
    CANARY_PHONE,
)


@pytest.fixture
def canary_world(django_user_model):
    world = build_world(django_user_model)
    objects = world["objects"]
    department = objects["participants.department"]
    outbound = objects["programmes.cohort"]
    assert outbound.direction == Direction.OUTBOUND
    inbound = CohortFactory(
        programme=outbound.programme,
        agreement=outbound.agreement,
        direction=Direction.INBOUND,
        destination="Hong Kong",
        # After the outbound batch: one officer is in one place at a time (PostgreSQL holds it).
        start_date=outbound.end_date + datetime.timedelta(days=30),
        end_date=outbound.end_date + datetime.timedelta(days=120),
    )
    officer = Participant.objects.create(
        name_en=CANARY_NAME,
        name_zh_hant=CANARY_ZH,
        email=CANARY_EMAIL,
        phone=CANARY_PHONE,
        staff_number=CANARY_STAFF_NUMBER,
        origin=Participant.Origin.HONG_KONG,
        department=department,
        grade=objects["participants.grade"],
        rank="Senior Executive Officer",
        rank_level=Participant.RankLevel.MIDDLE,
    )
    hong_kong_unit = HostUnitFactory(
        organisation=HostOrganisationFactory(department=department, city="Hong Kong"),
        city="Hong Kong",
    )
    placements = [
        PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
            host_unit=unit,
        )
        for cohort, unit in ((outbound, objects["placements.hostunit"]), (inbound, hong_kong_unit))
    ]
    # The coordinator's own officer, in the same inbound batch, so their pages have rows.
    own = PartnerOfficerFactory(partner=outbound.agreement.partner)
    PlacementFactory(
        nomination=SelectedNominationFactory(
            participant=own, cohort=inbound, nominating_department=None
        ),
        host_unit=hong_kong_unit,
    )
    # The addresses of the walk carry the canary's records.
    objects["participants.participant"] = officer
    objects["placements.nomination"] = placements[1].nomination
    objects["placements.placement"] = placements[1]
    world["placement"] = placements[1]
    return world


def test_no_address_the_partner_coordinator_asks_for_shows_a_hong_kong_officer(
    client, canary_world
):
    client.force_login(canary_world["users"][PARTNER])
    asked = []
    for route, name in url_patterns():
        url = concrete_url(route, name, canary_world)
        addresses = [url]
        if name and name.startswith("api:") and name.endswith("-list"):
            addresses.append(url + ("&" if "?" in url else "?") + "search=Canary")
        for address in addresses:
            response = client.get(address, follow=True)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            for secret in SECRETS:
                assert secret not in body, (address, response.status_code, secret)
            asked.append((address, response.status_code))
    assert len(asked) > 100  # the walk went through the whole URL configuration
    # It did reach pages: the public ones, its own start page.
    assert any(code == 200 for _address, code in asked)


def test_no_scoped_query_of_the_partner_coordinator_holds_a_hong_kong_officer(canary_world):
    coordinator = canary_world["users"][PARTNER]
    officers = Participant.objects.visible_to(coordinator)
    assert officers.exists()
    assert not officers.filter(origin=Participant.Origin.HONG_KONG).exists()
    nominations = Nomination.objects.visible_to(coordinator)
    assert nominations.exists()
    assert not nominations.filter(participant__origin=Participant.Origin.HONG_KONG).exists()
    placements = Placement.objects.visible_to(coordinator)
    assert placements.exists()
    assert not placements.filter(participant__origin=Participant.Origin.HONG_KONG).exists()
