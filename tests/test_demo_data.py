"""The demo data (`load_demo_data`) and the demo accounts (`create_demo_accounts`)."""

import datetime
import itertools
import re
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from demo import data as demo_data
from exchange_portal.names import traditional_only_characters
from exchange_portal.roles import Role, department_scope, role_of
from figures import factsheet
from participants.models import Department, Participant
from placements.models import HostOrganisation, HostUnit, Nomination, Placement, PlacementReport
from placements.services import nomination_shortlist, nomination_withdraw
from programmes.models import Cohort, PartnerAgreement, Programme
from tests.conftest import can_sign_in
from tests.test_reader_script import trilingual_columns

USERNAMES = [
    "csb.manager",
    "csb.viewer",
    "coordinator.hkpf",
    "hr.epd",
    "host.futian",
    "host.epd",
    "officer.chan",
    "partner.gd",
]


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def printed_passwords(output):
    """{username: password} from the table the command prints."""
    passwords = {}
    for line in output.splitlines():
        match = re.match(r"^\s+(\S+)\s{2,}.+?\s{2,}(\S+)\s*$", line)
        if match and match.group(1) in USERNAMES:
            passwords[match.group(1)] = match.group(2)
    return passwords


def gba_first_batch():
    return Cohort.objects.get(programme__code="MAINLAND-EX", phase=1, batch=1)


def gba_inbound_batch():
    return Cohort.objects.get(programme__code="MAINLAND-EX", phase=2, batch=1)


def departments_and_grades(participants):
    """As the LegCo reply counts them: Administrative and Executive Officers under their grade,
    other officers under their department."""
    return {
        p.grade.code if p.grade and p.grade.code in demo_data.GENERAL_GRADES else p.department.code
        for p in participants
    }


def stored_texts():
    """Every trilingual text of every record, in its three forms."""
    texts = {}
    for model in apps.get_models():
        for columns in trilingual_columns(model):
            if not model.__name__.startswith("Historical"):
                texts[(model._meta.label, columns)] = set(
                    model._default_manager.values_list("pk", *columns)
                )
    return texts


# Each run on an empty database -----------------------------------------------------------


@pytest.mark.django_db
def test_loading_the_demo_data_twice_adds_no_rows_and_keeps_reference_codes():
    first_output = run("load_demo_data")
    counts = row_counts()
    codes = dict(Placement.objects.values_list("nomination_id", "reference_code"))
    texts = stored_texts()

    second_output = run("load_demo_data")

    assert row_counts() == counts
    assert dict(Placement.objects.values_list("nomination_id", "reference_code")) == codes
    assert stored_texts() == texts
    assert int(re.search(r"(\d+) rows created", first_output).group(1)) > 0
    assert "0 rows created, 0 updated" in second_output


@pytest.mark.django_db
def test_the_summary_says_what_exists_and_which_cohort_is_open():
    output = run("load_demo_data")

    assert "9 programmes" in output
    assert "42 officers (37 Hong Kong, 5 partner)" in output
    assert "Open for nominations now: Secretariat Attachment Scheme" in output


@pytest.mark.django_db
def test_demo_accounts_can_be_created_before_the_demo_data_and_linked_later():
    output = run("create_demo_accounts")
    assert "run load_demo_data" in output

    run("load_demo_data")
    run("create_demo_accounts")

    assert HostUnit.objects.filter(contacts__username="host.futian").exists()
    assert Participant.objects.filter(user__username="officer.chan").exists()


class DemoDataTestCase(TestCase):
    """The demo data, loaded once for the class; each test runs in its own savepoint."""

    @classmethod
    def setUpTestData(cls):
        run("load_demo_data")


class TestLoadDemoData(DemoDataTestCase):
    def test_every_stored_text_is_in_english_traditional_and_simplified(self):
        missing, traditional = [], []
        for (label, columns), rows in stored_texts().items():
            for pk, english, hant, hans in rows:
                if any((english, hant, hans)) and not all((english, hant, hans)):
                    missing.append(f"{label} {pk} {columns[0]}: {english!r} {hant!r} {hans!r}")
                if traditional_only_characters(hans):
                    traditional.append(f"{label} {pk} {columns[2]}: {hans!r}")
        assert not missing
        assert not traditional
        assert len(stored_texts()) > 15

    def test_officers_have_chinese_names_in_both_scripts_and_guangdong_officers_home_bodies(self):
        chan = Participant.objects.get(staff_number="DEMO0005")
        assert (chan.name_zh_hant, chan.name_zh_hans) == ("陳嘉慧", "陈嘉慧")
        liu = Participant.objects.get(email="jianguo.liu@gd.demo.example")
        assert (liu.name_zh_hant, liu.name_zh_hans) == ("劉建國", "刘建国")
        assert (liu.home_organisation_zh_hant, liu.home_organisation_zh_hans) == (
            "廣東省自然資源廳",
            "广东省自然资源厅",
        )
        with translation.override("zh-hant"):
            assert (liu.display_name, liu.affiliation) == ("劉建國", "廣東省自然資源廳")
        with translation.override("zh-hans"):
            assert (liu.display_name, liu.affiliation) == ("刘建国", "广东省自然资源厅")

    def test_gba_first_batch_sent_ten_officers_from_eight_departments_and_grades(self):
        cohort = gba_first_batch()
        placements = cohort.placements.select_related(
            "participant__grade", "participant__department"
        )

        assert placements.count() == 10
        assert len(departments_and_grades(p.participant for p in placements)) == 8
        assert departments_and_grades(p.participant for p in placements) == {
            "AO",
            "EO",
            "EPD",
            "HyD",
            "ITC",
            "OGCIO",
            "PlanD",
            "TD",
        }
        assert {p.participant.rank_level for p in placements} <= {"middle", "senior"}

    def test_gba_first_batch_ran_three_months_from_december_2023_in_futian_and_qianhai(self):
        cohort = gba_first_batch()

        assert cohort.status == Cohort.Status.COMPLETED
        assert cohort.direction == "outbound"
        assert cohort.destination == "Futian and Qianhai, Shenzhen"
        assert cohort.start_date == datetime.date(2023, 12, 18)
        assert cohort.end_date == datetime.date(2024, 3, 17)
        for placement in cohort.placements.select_related("host_unit__organisation__parent"):
            assert placement.status == Placement.Status.COMPLETED
            assert (placement.start_date.year, placement.start_date.month) == (2023, 12)
            assert (placement.end_date.year, placement.end_date.month) == (2024, 3)
            organisation = placement.host_unit.organisation
            assert organisation.parent.name_en == "Shenzhen Municipal People's Government"
            assert placement.focus_areas.exists()
        roles = set(cohort.placements.values_list("role_title", flat=True))
        assert "Special Assistant to a Deputy Head of the Futian District Government" in roles
        units = {str(p.host_unit) for p in cohort.placements.select_related("host_unit")}
        assert "Futian Administration, Shenzhen Municipal Bureau of Transportation" in units

    def test_gba_officers_and_their_hosts_have_submitted_their_reports(self):
        reports = PlacementReport.objects.filter(placement__cohort=gba_first_batch())

        assert reports.count() == 20
        assert set(reports.values_list("author_role", flat=True)) == {"participant", "host"}
        for report in reports:
            assert report.status == PlacementReport.Status.SUBMITTED
            assert report.submitted_at is not None
            assert report.summary
        assert all(r.experience_gained for r in reports.filter(author_role="participant"))

    def test_gba_exchange_runs_under_the_agreement_signed_with_guangdong_in_september_2023(self):
        agreement = PartnerAgreement.objects.get(title=demo_data.GBA_AGREEMENT)

        assert agreement.counterpart_en == "Guangdong Provincial Government"
        assert (agreement.signed_on.year, agreement.signed_on.month) == (2023, 9)
        assert agreement.status == PartnerAgreement.Status.IN_FORCE
        assert (agreement.duration_value, agreement.duration_unit) == (3, "month")
        assert agreement.reciprocal
        programme = agreement.programme
        assert programme.status == Programme.Status.ACTIVE
        assert programme.established_year == 2002
        assert gba_first_batch().agreement == agreement

    def test_the_exchange_period_reads_four_weeks_extended_to_three_months(self):
        # "The exchange period was extended from the past four weeks to three months."
        programme = Programme.objects.get(code="MAINLAND-EX")
        agreement = PartnerAgreement.objects.get(title=demo_data.GBA_AGREEMENT)
        assert (programme.usual_length, agreement.placement_length) == ("4 weeks", "3 months")

    def test_the_mainland_exchange_was_suspended_during_the_epidemic_as_a_dated_period(self):
        programme = Programme.objects.get(code="MAINLAND-EX")
        (period,) = programme.suspensions.all()
        assert (period.starts_on, period.ends_on) == (
            datetime.date(2020, 1, 1),
            datetime.date(2022, 12, 31),
        )
        assert period.reason and period.reason_zh_hant and period.reason_zh_hans
        assert programme.status_reason == ""  # no longer free text
        with translation.override("zh-hant"):
            sentences = factsheet.sentences(factsheet.facts_for_cohort(gba_first_batch()))
        assert "本計劃曾於2020年1月至2022年12月暫停：疫情；交流於2023年恢復" in " ".join(sentences)

    def test_guangdong_officers_are_nominated_to_come_to_hong_kong_departments(self):
        cohort = gba_inbound_batch()
        nominations = cohort.nominations.select_related("participant")

        assert cohort.direction == "inbound"
        assert cohort.start_date > gba_first_batch().end_date
        assert nominations.count() >= 3
        assert {n.participant.origin for n in nominations} == {Participant.Origin.PARTNER}
        assert all(n.participant.home_organisation for n in nominations)
        hk_hosts = HostOrganisation.objects.filter(kind=HostOrganisation.Kind.HK_DEPARTMENT)
        assert hk_hosts.exists()
        assert all(host.department_id for host in hk_hosts)

    def test_gba_inbound_batch_runs_with_guangdong_officers_at_hong_kong_department_units(self):
        cohort = gba_inbound_batch()
        placements = cohort.placements.select_related(
            "participant", "nomination", "host_unit__organisation__department"
        )
        today = timezone.localdate()

        assert cohort.status == Cohort.Status.IN_PROGRESS
        assert cohort.start_date <= today <= cohort.end_date
        assert cohort.nominations_close_at.date() < cohort.start_date
        assert placements.count() == cohort.nominations.count() == 5
        for placement in placements:
            assert placement.participant.origin == Participant.Origin.PARTNER
            assert placement.participant.partner.code == demo_data.GUANGDONG
            assert placement.nomination.status == Nomination.Status.SELECTED
            organisation = placement.host_unit.organisation
            assert organisation.kind == HostOrganisation.Kind.HK_DEPARTMENT
            assert not organisation.department.is_policy_bureau
        accepted = placements.filter(host_response=Placement.HostResponse.ACCEPTED)
        assert accepted.count() == 4
        for placement in accepted:
            assert placement.status == Placement.Status.IN_PROGRESS
            assert placement.host_responded_at.date() < placement.start_date
        awaiting = placements.get(host_response=Placement.HostResponse.AWAITING)
        assert awaiting.status == Placement.Status.PROPOSED
        assert today < awaiting.start_date < awaiting.end_date == cohort.end_date

    def test_a_rerun_after_the_inbound_batch_ends_completes_what_ran_and_keeps_the_proposal(self):
        later = timezone.now() + datetime.timedelta(days=200)

        with mock.patch("django.utils.timezone.now", return_value=later):
            run("load_demo_data")

        cohort = gba_inbound_batch()
        # Not completed while a proposal of it is open (as the daily job keeps it).
        assert cohort.status == Cohort.Status.IN_PROGRESS
        statuses = sorted(cohort.placements.values_list("status", flat=True))
        assert statuses == ["completed"] * 4 + ["proposed"]
        # Two end-of-placement reports each (beside the mid-point check-ins, decision 0057).
        finals = PlacementReport.objects.filter(placement__cohort=cohort, kind="final")
        assert finals.count() == 8

    def test_the_police_second_one_officer_to_interpol_in_a_one_off_call(self):
        programme = Programme.objects.get(code="INTL-INTERPOL")
        cohort = programme.cohorts.get()
        placement = cohort.placements.select_related("nomination", "host_unit__organisation").get()

        assert programme.organiser.code == "HKPF"
        assert programme.organiser.name_zh_hant == "香港警務處"
        assert programme.organiser.name_zh_hans == "香港警务处"
        assert cohort.is_one_off and cohort.phase_and_batch == ""
        assert (cohort.places, cohort.name_zh_hant, cohort.name_zh_hans) == (
            1,
            "國際刑警組織借調（2026至2028年）",
            "国际刑警组织借调（2026至2028年）",
        )
        assert placement.nomination.nominating_department.code == "HKPF"
        assert placement.nomination.status == Nomination.Status.SELECTED
        assert placement.host_unit.organisation.name_en == demo_data.INTERPOL
        assert placement.status in Placement.LIVE_STATES
        assert placement.role_title_zh_hant and placement.duties_zh_hans

    def test_epd_ran_its_own_study_tour_to_guangzhou_with_two_officers(self):
        programme = Programme.objects.get(code="EPD-MAINLAND-TOURS")
        cohort = programme.cohorts.get()
        placements = cohort.placements.select_related("participant__department", "host_unit")

        assert (programme.kind, programme.organiser.code) == ("departmental", "EPD")
        assert cohort.is_one_off
        assert (cohort.end_date - cohort.start_date).days < 7
        assert placements.count() == 2
        assert {p.participant.department.code for p in placements} == {"EPD"}
        assert {p.host_unit.city for p in placements} == {"Guangzhou"}
        assert all(p.host_unit.name_zh_hant and p.host_unit.name_zh_hans for p in placements)
        assert cohort.destination_zh_hant == "廣州"

    def test_un_jpo_first_two_batches_hold_seventeen_officers_recommended_by_the_ministry(self):
        programme = Programme.objects.get(kind=Programme.Kind.UN_JPO)
        nominations = Nomination.objects.filter(
            cohort__programme=programme, cohort__batch__in=[1, 2], status="selected"
        )

        assert programme.requires_external_recommendation
        assert "Ministry of Foreign Affairs" in programme.recommending_body
        assert nominations.values("participant").distinct().count() == 17
        assert all(n.recommended_by and n.recommended_on for n in nominations)
        assert Placement.objects.filter(cohort__programme=programme).count() == 17
        cities = set(
            Placement.objects.filter(cohort__programme=programme).values_list(
                "host_unit__organisation__city", flat=True
            )
        )
        assert cities == {"New York", "Nairobi", "Geneva"}

    def test_every_kind_of_programme_in_the_public_record_has_a_demo_programme(self):
        assert set(Programme.objects.values_list("kind", flat=True)) == set(Programme.Kind.values)
        organisers = set(
            Programme.objects.filter(kind=Programme.Kind.INTERNATIONAL_SECONDMENT).values_list(
                "organiser__code", flat=True
            )
        )
        assert len(organisers) > 1  # run by the seconding departments
        sas = Programme.objects.get(kind=Programme.Kind.SECRETARIAT_ATTACHMENT)
        assert (sas.organiser.code, sas.usual_length, sas.direction) == (
            "CSC",
            "6 months",
            "internal",
        )
        hosts = HostOrganisation.objects.filter(units__placements__cohort__programme=sas)
        assert hosts.exists()
        assert all(host.kind == HostOrganisation.Kind.POLICY_BUREAU for host in hosts)

    def test_public_body_pilot_is_being_planned_with_hospital_authority_and_mtr_as_hosts(self):
        pilot = Programme.objects.get(kind=Programme.Kind.PUBLIC_BODY_SECONDMENT)
        public_bodies = set(
            HostOrganisation.objects.filter(kind=HostOrganisation.Kind.PUBLIC_BODY).values_list(
                "name_en", flat=True
            )
        )

        assert pilot.status == Programme.Status.PLANNING
        assert {"Hospital Authority", "MTR Corporation Limited"} <= public_bodies
        assert "Hospital Authority" in pilot.description
        assert "MTR Corporation Limited" in pilot.description

    def test_staff_find_a_cohort_open_for_nominations_today(self):
        cohort = Cohort.objects.open_for_nominations().get()

        assert cohort.programme.kind == Programme.Kind.SECRETARIAT_ATTACHMENT
        assert cohort.nominations.exists()
        assert cohort.start_date > cohort.nominations_close_at.date()

    def test_a_rerun_weeks_later_keeps_a_call_open_for_nominations(self):
        later = timezone.now() + datetime.timedelta(days=60)

        with mock.patch("django.utils.timezone.now", return_value=later):
            run("load_demo_data")

        cohort = Cohort.objects.open_for_nominations(at=later).get()
        assert cohort.nominations_close_at > later
        assert cohort.nominations.count() == 3

    def test_a_rerun_keeps_what_staff_did_in_the_workflow(self):
        open_nomination = Nomination.objects.get(
            cohort__status="nominations_open", participant__staff_number="DEMO0014"
        )
        nomination_shortlist(nomination=open_nomination, actor=None)
        secondment = Nomination.objects.get(participant__staff_number="DEMO0020")
        nomination_withdraw(nomination=secondment, actor=None, reason="Recalled")

        run("load_demo_data")

        open_nomination.refresh_from_db()
        secondment.refresh_from_db()
        assert open_nomination.status == Nomination.Status.SHORTLISTED
        assert secondment.status == Nomination.Status.WITHDRAWN
        assert secondment.placement.status == Placement.Status.WITHDRAWN

    def test_demo_placements_keep_the_rules_of_the_workflow(self):
        placements = Placement.objects.select_related("nomination", "cohort")
        for placement in placements:
            assert placement.nomination.status == Nomination.Status.SELECTED
            assert placement.participant_id == placement.nomination.participant_id
            assert placement.cohort_id == placement.nomination.cohort_id
        for cohort in Cohort.objects.all():
            held = cohort.placements.filter(status__in=["confirmed", "in_progress", "completed"])
            assert held.count() <= cohort.places
        live = list(Placement.objects.live().order_by("participant", "start_date"))
        for earlier, later in itertools.pairwise(live):
            if earlier.participant_id == later.participant_id:
                assert later.start_date > earlier.end_date


class TestDemoAccounts(DemoDataTestCase):
    def test_demo_accounts_are_created_once_with_printed_passwords_that_sign_in(self):
        output = run("create_demo_accounts")
        passwords = printed_passwords(output)

        assert sorted(passwords) == sorted(USERNAMES)
        for username, password in passwords.items():
            assert len(password) >= 12
            assert can_sign_in(username, password)
        User = get_user_model()
        assert User.objects.filter(username__in=USERNAMES).count() == len(USERNAMES)
        roles = {u.username: role_of(u) for u in User.objects.filter(username__in=USERNAMES)}
        assert roles == {
            "csb.manager": Role.CSB_MANAGER,
            "csb.viewer": Role.CSB_VIEWER,
            "coordinator.hkpf": Role.PROGRAMME_COORDINATOR,
            "hr.epd": Role.DEPARTMENT_HR,
            "host.futian": Role.HOST_CONTACT,
            "host.epd": Role.HOST_CONTACT,
            "officer.chan": Role.PARTICIPANT,
            "partner.gd": Role.PARTNER_COORDINATOR,
        }
        assert not User.objects.get(username="csb.manager").is_superuser
        assert department_scope(User.objects.get(username="hr.epd")) == (
            Department.objects.get(code="EPD").pk
        )
        assert not User.objects.get(username="host.futian").is_staff
        assert not User.objects.get(username="officer.chan").is_staff

    def test_every_role_has_a_demo_account_printed_with_its_password(self):
        output = run("create_demo_accounts")
        passwords = printed_passwords(output)
        User = get_user_model()

        roles = {role_of(User.objects.get(username=name)) for name in passwords}
        assert roles == set(Role) - {Role.ANONYMOUS}
        for spec in demo_data.DEMO_ACCOUNTS:
            assert spec["role"] in output

    def test_later_runs_neither_print_nor_change_the_passwords(self):
        passwords = printed_passwords(run("create_demo_accounts"))

        output = run("create_demo_accounts")

        assert printed_passwords(output) == {}
        assert not any(password in output for password in passwords.values())
        assert "--reset-passwords" in output
        assert get_user_model().objects.filter(username__in=USERNAMES).count() == len(USERNAMES)
        for username, password in passwords.items():
            assert can_sign_in(username, password)

    def test_reset_passwords_prints_new_passwords_that_replace_the_old(self):
        old = printed_passwords(run("create_demo_accounts"))

        new = printed_passwords(run("create_demo_accounts", "--reset-passwords"))

        assert sorted(new) == sorted(USERNAMES)
        for username in USERNAMES:
            assert new[username] != old[username]
            assert can_sign_in(username, new[username])
            assert not can_sign_in(username, old[username])

    def test_each_demo_account_is_in_its_role_group(self):
        run("create_demo_accounts")
        User = get_user_model()

        for spec in demo_data.DEMO_ACCOUNTS:
            user = User.objects.get(username=spec["username"])
            assert list(user.groups.values_list("name", flat=True)) == [spec["role"]]
        viewer = User.objects.get(username="csb.viewer")
        assert viewer.has_perm("placements.view_placement")
        assert viewer.has_perm("programmes.view_cohort")
        assert viewer.has_perm("participants.view_participant")
        assert not viewer.has_perm("placements.change_placement")
        assert set(Group.objects.values_list("name", flat=True)) >= set(demo_data.ROLE_GROUPS)

    def test_host_contact_sees_a_futian_unit_and_participant_account_is_a_gba_officer(self):
        run("create_demo_accounts")

        unit = HostUnit.objects.get(contacts__username="host.futian")
        assert unit.organisation.name_en == "Futian District Government"
        officer = Participant.objects.get(user__username="officer.chan")
        assert officer.placements.filter(cohort=gba_first_batch()).exists()

    def test_the_guangdong_coordinator_put_forward_its_officers_for_the_inbound_batch(self):
        run("create_demo_accounts")

        user = get_user_model().objects.get(username="partner.gd")
        assert user.profile.partner.code == "GD"
        assert user.profile.language == "zh-hans"
        batch = Cohort.objects.visible_to(user).get()
        assert batch.agreement.partner.code == "GD"
        assert (batch.phase, batch.batch, batch.direction) == (2, 1, "inbound")
        nominations = Nomination.objects.visible_to(user)
        assert nominations.count() == 5
        for nomination in nominations:
            officer = nomination.participant
            assert officer.origin == "partner" and officer.language == "zh-hans"
            assert officer.partner_reference.startswith("GD-")
            assert nomination.history.earliest("history_date").history_user == user
        assert not Participant.objects.visible_to(user).hong_kong_officers().exists()

    def test_department_hr_account_sees_the_environmental_protection_department(self):
        try:
            apps.get_model("participants", "UserProfile")
        except LookupError:
            pytest.skip("no account profile model yet")
        run("create_demo_accounts")

        user = get_user_model().objects.get(username="hr.epd")
        assert user.profile.department.code == "EPD"

    def test_the_police_coordinator_runs_the_forces_programmes_only(self):
        run("create_demo_accounts")
        user = get_user_model().objects.get(username="coordinator.hkpf")

        assert department_scope(user) == Department.objects.get(code="HKPF").pk
        assert set(Programme.objects.visible_to(user).values_list("code", flat=True)) == {
            "INTL-INTERPOL"
        }
        cohort = Cohort.objects.visible_to(user).get()
        assert cohort.is_one_off
        placement = Placement.objects.visible_to(user).get()
        assert placement.participant.staff_number == "DEMO0017"
        self.client.force_login(user)
        response = self.client.get(reverse("staff:cohort", args=[cohort.pk]))
        assert response.status_code == 200
        assert "LO Kin-fai" in response.content.decode()

    def test_the_epd_host_contact_answered_one_guangdong_officer_and_is_asked_about_another(self):
        run("create_demo_accounts")
        user = get_user_model().objects.get(username="host.epd")
        batch = gba_inbound_batch()

        accepted = batch.placements.get(
            host_response=Placement.HostResponse.ACCEPTED, host_unit__contacts=user
        )
        assert accepted.host_responded_by == user
        assert accepted.history.earliest("history_date").host_responded_by == user
        self.client.force_login(user)
        page = self.client.get(reverse("portal:host_placements")).content.decode()
        assert "Waiting for your answer" in page
        assert "WU Jiahui" in page

    def test_epd_hr_sees_the_guangdong_officers_its_department_receives(self):
        run("create_demo_accounts")
        user = get_user_model().objects.get(username="hr.epd")

        inbound = Participant.objects.visible_to(user).partner_officers()
        assert set(inbound.values_list("name_en", flat=True)) == {"ZHENG Haoran", "WU Jiahui"}
        placements = Placement.objects.visible_to(user).filter(cohort=gba_inbound_batch())
        assert placements.count() == 2
