"""The partner-government coordinator's pages (/partner/): their own government's inbound
batches and officers only, the put-forward form, the list import, and mail in the language
stored on the person."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import OutboundEmail
from participants.models import Participant, PartnerGovernment, UserProfile
from placements import services
from placements.models import Nomination
from programmes.models import Direction
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
from tests.placements.factories import NominationFactory, PlacementFactory
from tests.programmes.factories import OpenCohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db

HEADER = "Name (English),Name (Chinese),E-mail,Home organisation,Partner reference,Rank\n"


@pytest.fixture
def guangdong():
    return PartnerGovernment.objects.create(
        code="GD", name_en="Guangdong Provincial Government", name_zh_hans="广东省人民政府"
    )


@pytest.fixture
def fujian():
    return PartnerGovernment.objects.create(code="FJ", name_en="Fujian Provincial Government")


def inbound_batch(partner, **fields):
    agreement = PartnerAgreementFactory(partner=partner)
    return OpenCohortFactory(
        programme=agreement.programme, agreement=agreement, direction=Direction.INBOUND, **fields
    )


@pytest.fixture
def batch(guangdong):
    return inbound_batch(guangdong, name="GBA phase 2 inbound")


@pytest.fixture
def coordinator(django_user_model, guangdong):
    user = make_user(django_user_model, "gd.coordinator", "partner_coordinator")
    UserProfile.objects.create(user=user, partner=guangdong, language="zh-hans")
    return user


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def officer_form(**overrides):
    data = {
        "name_en": "LI Ming",
        "name_zh_hans": "李明",
        "name_zh_hant": "李明",
        "email": "li.ming@gd.gov.cn",
        "phone": "",
        "home_organisation": "Futian District Government",
        "partner_reference": "GD-001",
        "rank": "Section Chief",
        "language": "zh-hans",
        "statement": "",
    }
    return {**data, **overrides}


def upload(client, cohort, text, name="officers.csv"):
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    return client.post(reverse("portal:partner_import"), {"cohort": cohort.pk, "import_file": data})


# The home page ------------------------------------------------------------------------------


def test_home_shows_only_the_coordinators_own_batches_and_officers(
    signed_in, guangdong, fujian, batch
):
    mine = PartnerOfficerFactory(partner=guangdong, name_en="LI Ming")
    NominationFactory(cohort=batch, participant=mine, nominating_department=None)
    other_batch = inbound_batch(fujian, name="Fujian inbound")
    theirs = PartnerOfficerFactory(partner=fujian, name_en="WANG Fang")
    NominationFactory(cohort=other_batch, participant=theirs, nominating_department=None)
    hk_officer = ParticipantFactory(name_en="CHAN Hong-kong")
    NominationFactory(cohort=OpenCohortFactory(name="Outbound call"), participant=hk_officer)

    page = signed_in.get(reverse("portal:partner_home")).content.decode()

    assert "GBA phase 2 inbound" in page
    assert "LI Ming" in page
    assert "Fujian inbound" not in page
    assert "WANG Fang" not in page
    assert "CHAN Hong-kong" not in page
    assert "Outbound call" not in page


def test_home_offers_no_put_forward_to_a_suspended_programmes_batch(signed_in, batch):
    put_forward = reverse("portal:partner_put_forward", args=[batch.pk])
    assert put_forward in signed_in.get(reverse("portal:partner_home")).content.decode()
    batch.programme.status = "suspended"
    batch.programme.save()
    assert put_forward not in signed_in.get(reverse("portal:partner_home")).content.decode()


def test_home_shows_the_reason_of_a_decision_and_the_placement(signed_in, guangdong, batch):
    officer = PartnerOfficerFactory(partner=guangdong, name_en="LI Ming")
    declined = PartnerOfficerFactory(partner=guangdong, name_en="ZHAO Lei")
    NominationFactory(
        cohort=batch,
        participant=declined,
        nominating_department=None,
        status=Nomination.Status.NOT_SELECTED,
        status_reason="No unit in the field of planning this round.",
    )
    placement = PlacementFactory(
        nomination=NominationFactory(
            cohort=batch,
            participant=officer,
            nominating_department=None,
            status=Nomination.Status.SELECTED,
        ),
        host_unit__name_en="Housing Policy Unit",
    )

    page = signed_in.get(reverse("portal:partner_home")).content.decode()

    assert "No unit in the field of planning this round." in page
    assert "Housing Policy Unit" in page
    assert placement.start_date.strftime("%Y") in page
    # In Simplified Chinese with Chinese punctuation: 拟议中：单位，日期.
    signed_in.cookies["django_language"] = "zh-hans"
    chinese = signed_in.get(reverse("portal:partner_home")).content.decode()
    assert "拟议中：" in chinese and "拟议中:" not in chinese


def test_another_partners_cohort_and_nomination_are_not_found(signed_in, fujian):
    other_batch = inbound_batch(fujian)
    theirs = NominationFactory(
        cohort=other_batch,
        participant=PartnerOfficerFactory(partner=fujian),
        nominating_department=None,
    )
    hk = NominationFactory(cohort=OpenCohortFactory())

    assert signed_in.get(reverse("portal:partner_cohort", args=[other_batch.pk])).status_code == 404
    assert signed_in.get(reverse("portal:partner_nomination", args=[theirs.pk])).status_code == 404
    assert signed_in.get(reverse("portal:partner_nomination", args=[hk.pk])).status_code == 404
    put_forward = reverse("portal:partner_put_forward", args=[other_batch.pk])
    assert signed_in.post(put_forward, officer_form()).status_code == 404
    assert not Participant.objects.filter(email="li.ming@gd.gov.cn").exists()


def test_a_nomination_page_lists_each_decision_with_its_reason(signed_in, guangdong, batch):
    officer = PartnerOfficerFactory(partner=guangdong, name_en="LI Ming")
    nomination = NominationFactory(cohort=batch, participant=officer, nominating_department=None)
    nomination.status = Nomination.Status.NOT_SELECTED
    nomination.status_reason = "The places went to officers in planning."
    nomination.save()

    page = signed_in.get(reverse("portal:partner_nomination", args=[nomination.pk])).content
    page = page.decode()

    assert "Not selected" in page
    assert "The places went to officers in planning." in page


def test_the_home_page_reads_as_many_queries_for_5_as_for_50_nominations(
    signed_in, guangdong, batch
):
    def count(n):
        for _ in range(n - Nomination.objects.count()):
            placement = PlacementFactory(
                nomination=NominationFactory(
                    cohort=batch,
                    participant=PartnerOfficerFactory(partner=guangdong),
                    nominating_department=None,
                    status=Nomination.Status.SELECTED,
                )
            )
            assert placement.pk
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("portal:partner_home")).status_code == 200
        return len(queries)

    assert count(5) == count(50)


# Putting forward one officer ----------------------------------------------------------------


def test_put_forward_records_the_officer_and_nominates_them(signed_in, guangdong, batch):
    response = signed_in.post(
        reverse("portal:partner_put_forward", args=[batch.pk]), officer_form()
    )

    assert response.status_code == 302
    officer = Participant.objects.get(partner_reference="GD-001")
    assert officer.origin == Participant.Origin.PARTNER
    assert officer.partner == guangdong
    assert officer.language == "zh-hans"
    nomination = Nomination.objects.get(participant=officer)
    assert nomination.cohort == batch
    assert nomination.nominating_department is None


def test_the_language_defaults_to_the_partners(signed_in, batch):
    page = signed_in.get(reverse("portal:partner_put_forward", args=[batch.pk])).content.decode()
    assert '<option value="zh-hans" selected>' in page


def test_put_forward_finds_a_known_officer_by_home_organisation_and_email(
    signed_in, guangdong, batch
):
    known = PartnerOfficerFactory(
        partner=guangdong, email="Li.Ming@GD.gov.cn", home_organisation="Futian District Government"
    )
    signed_in.post(
        reverse("portal:partner_put_forward", args=[batch.pk]),
        officer_form(partner_reference="", rank="Deputy Division Chief"),
    )

    assert Participant.objects.filter(partner=guangdong).count() == 1
    known.refresh_from_db()
    assert known.rank == "Deputy Division Chief"
    assert Nomination.objects.filter(participant=known, cohort=batch).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("name_en", ""), ("home_organisation", "  "), ("language", "xx")],
)
def test_bad_input_names_the_field_and_writes_nothing(signed_in, batch, field, value):
    response = signed_in.post(
        reverse("portal:partner_put_forward", args=[batch.pk]), officer_form(**{field: value})
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Participant.objects.exists()
    assert not Nomination.objects.exists()


def test_a_closed_batch_refuses_and_writes_nothing(signed_in, guangdong):
    closed = inbound_batch(guangdong, status="nominations_closed")
    response = signed_in.post(
        reverse("portal:partner_put_forward", args=[closed.pk]), officer_form()
    )

    assert response.status_code == 200
    assert "not open for nominations" in response.content.decode()
    assert not Participant.objects.exists()


# Importing a list ---------------------------------------------------------------------------

THREE = HEADER + (
    "LI Ming,李明,li.ming@gd.gov.cn,Futian District Government,GD-001,Section Chief\n"
    "ZHAO Lei,赵磊,zhao.lei@gd.gov.cn,Nanshan District Government,GD-002,Section Chief\n"
    "CHEN Jing,陈静,chen.jing@gd.gov.cn,Qianhai Authority,,Deputy Section Chief\n"
)


def test_import_puts_forward_three_officers(signed_in, guangdong, batch):
    response = upload(signed_in, batch, THREE)

    assert response.status_code == 302, response.context and response.context.get("problems")
    officers = Participant.objects.filter(partner=guangdong)
    assert officers.count() == 3
    assert set(officers.values_list("language", flat=True)) == {"zh-hans"}
    assert Nomination.objects.filter(cohort=batch, nominating_department=None).count() == 3


def test_a_bad_row_names_row_and_column_and_nothing_is_written(signed_in, batch):
    bad = THREE.replace("zhao.lei@gd.gov.cn", "not-an-address")

    response = upload(signed_in, batch, bad)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 3, column &#x27;E-mail&#x27;" in page
    assert not Participant.objects.exists()
    assert not Nomination.objects.exists()


def test_reimporting_updates_and_does_not_duplicate(signed_in, guangdong, batch):
    upload(signed_in, batch, THREE)
    changed = THREE.replace("GD-001,Section Chief", "GD-001,Division Chief")

    response = upload(signed_in, batch, changed)

    assert response.status_code == 302
    assert Participant.objects.filter(partner=guangdong).count() == 3
    assert Nomination.objects.filter(cohort=batch).count() == 3
    assert Participant.objects.get(partner_reference="GD-001").rank == "Division Chief"


def test_the_import_offers_only_the_coordinators_open_inbound_batches(signed_in, fujian, batch):
    other = inbound_batch(fujian)

    response = upload(signed_in, other, THREE)

    assert response.status_code == 200
    assert "cohort" in response.context["form"].errors
    assert not Participant.objects.exists()


def test_the_template_lists_every_column(signed_in):
    response = signed_in.get(reverse("portal:partner_import_template", args=["csv"]))

    header = b"".join(response.streaming_content if response.streaming else [response.content])
    header = header.decode("utf-8-sig").splitlines()[0]
    for column in (
        "Name (English)",
        "Name (Simplified Chinese)",
        "Name (Traditional Chinese)",
        "E-mail",
        "Phone",
        "Home organisation",
        "Partner reference",
        "Rank",
        "Language of mail",
    ):
        assert column in header


# Mail in the stored language ----------------------------------------------------------------


def test_a_partner_officer_without_an_account_is_written_to_in_simplified_chinese(
    signed_in, coordinator, guangdong, batch, csb_manager
):
    signed_in.post(reverse("portal:partner_put_forward", args=[batch.pk]), officer_form())
    nomination = Nomination.objects.get()
    assert nomination.participant.user is None

    services.nomination_shortlist(nomination=nomination, actor=csb_manager)
    services.nomination_select(nomination=nomination, actor=csb_manager)

    mail = OutboundEmail.objects.get(to_email="li.ming@gd.gov.cn", event="nomination_selected")
    assert mail.language == "zh-hans"
    assert mail.subject.startswith("已获选：李明")  # Simplified, the officer's Chinese name
    assert "Selected" not in mail.subject
    to_coordinator = OutboundEmail.objects.get(
        to_email=coordinator.email, event="nomination_selected"
    )
    assert to_coordinator.language == "zh-hans"


# Generated input (as tests/test_fuzz_forms.py does for the forms of the access matrix's
# roles; the partner coordinator's forms need a partner's world) ----------------------------

NASTY = [
    "陈大文 — 深圳市福田区",
    "😀🇭🇰",
    "x" * 10_000,
    "a\x00b",
    '=HYPERLINK("http://example.com")',
    "<script>alert(1)</script>",
    "   ",
    "",
    "99999999999999999999",
]


@pytest.mark.django_db(transaction=False)
def test_generated_values_never_cause_a_server_error(django_user_model, guangdong, batch):
    from django.db import transaction
    from django.test import Client
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    user = make_user(django_user_model, "gd.fuzz", "partner_coordinator")
    UserProfile.objects.create(user=user, partner=guangdong)
    client = Client(raise_request_exception=True)
    client.force_login(user)
    text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
    fields = {name: text for name in officer_form()}
    fields["language"] = st.sampled_from(["zh-hans", "en", "xx", "", "\x00"])
    put_forward = reverse("portal:partner_put_forward", args=[batch.pk])

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(values=st.fixed_dictionaries(fields), cells=st.lists(text, min_size=6, max_size=6))
    def post(values, cells):
        with transaction.atomic():
            response = client.post(put_forward, values)
            transaction.set_rollback(True)
        assert response.status_code < 500, values
        row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
        data = io.BytesIO((HEADER + row + "\n").encode("utf-8", "surrogatepass"))
        data.name = "officers.csv"
        with transaction.atomic():
            response = client.post(
                reverse("portal:partner_import"), {"cohort": batch.pk, "import_file": data}
            )
            transaction.set_rollback(True)
        assert response.status_code < 500, cells

    post()


def test_a_new_partner_coordinators_profile_takes_the_partners_language(
    django_user_model, guangdong
):
    from participants.admin import UserProfileForm

    user = make_user(django_user_model, "gd.new", "partner_coordinator")
    form = UserProfileForm(
        data={"partner": guangdong.pk, "language": "en"},
        initial={"language": "en"},
        instance=UserProfile(user=user),
    )

    assert form.is_valid(), form.errors
    assert form.save().language == "zh-hans"
    chosen = UserProfileForm(
        data={"partner": guangdong.pk, "language": "zh-hant"},
        initial={"language": "en"},
        instance=UserProfile(user=make_user(django_user_model, "gd.hant", "partner_coordinator")),
    )
    assert chosen.is_valid() and chosen.save().language == "zh-hant"


# One record per person (decision 0042) ------------------------------------------------------


def test_an_import_row_likely_recorded_is_refused_until_new_person_says_yes(
    signed_in, guangdong, fujian, batch
):
    # The government's own officer, recorded under another home organisation: named; another
    # government's officer with the same e-mail: never mentioned to this coordinator.
    PartnerOfficerFactory(
        partner=guangdong,
        name_en="CHEN Jing",
        name_zh_hant="",
        email="chen.jing@gd.gov.cn",
        home_organisation="Futian District Government",
    )
    PartnerOfficerFactory(partner=fujian, name_en="FUJIAN Secret", email="zhao.lei@gd.gov.cn")

    response = upload(signed_in, batch, THREE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "CHEN Jing (Futian District Government), the same e-mail address" in page
    assert "FUJIAN" not in page
    assert Participant.objects.filter(partner=guangdong).count() == 1
    assert not Nomination.objects.exists()

    with_column = THREE.replace("Rank\n", "Rank,New person\n", 1).replace(
        "Deputy Section Chief\n", "Deputy Section Chief,yes\n"
    )
    response = upload(signed_in, batch, with_column)

    assert response.status_code == 302, response.context and response.context.get("problems")
    assert Participant.objects.filter(partner=guangdong).count() == 4
    assert Nomination.objects.filter(cohort=batch).count() == 3
