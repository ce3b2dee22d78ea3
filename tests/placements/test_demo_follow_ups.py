"""The demo's follow-ups after return and working languages (demo/data.py FOLLOW_UPS,
OFFICER_LANGUAGES)."""

import datetime

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from placements.models import ReturnFollowUp
from placements.services.daily import advance
from tests.conftest import make_user
from tests.test_demo_data import run


class TestDemoAfterReturn(TestCase):
    @classmethod
    def setUpTestData(cls):
        run("load_demo_data")

    def test_gba_first_batch_has_follow_ups_some_submitted_and_one_overdue(self):
        follow_ups = ReturnFollowUp.objects.filter(
            placement__cohort__name="GBA exchange phase 1 batch 1"
        )
        assert follow_ups.count() == 8
        assert set(follow_ups.values_list("due_on", flat=True)) == {
            datetime.date(2024, 9, 17),
            datetime.date(2025, 3, 17),
        }
        assert follow_ups.filter(status="complete").count() == 7
        overdue = [f for f in follow_ups if f.is_overdue()]
        assert [(f.placement.participant.staff_number, f.months) for f in overdue] == [
            ("DEMO0005", 12)
        ]

    def test_the_daily_command_leaves_the_long_past_follow_ups_alone_and_opens_once(self):
        batch = ReturnFollowUp.objects.filter(
            placement__cohort__name="GBA exchange phase 1 batch 1"
        )
        before = set(batch.values_list("pk", flat=True))
        advance(follow_ups=True)
        # Batch 1's officers without demo follow-ups came back too long ago to be chased now.
        assert set(batch.values_list("pk", flat=True)) == before
        opened = ReturnFollowUp.objects.count()
        advance(follow_ups=True)
        assert ReturnFollowUp.objects.count() == opened

    def test_demo_officers_have_working_languages(self):
        from participants.models import Participant

        chan = Participant.objects.get(staff_number="DEMO0005")
        assert set(chan.languages.values_list("code", flat=True)) == {"en", "yue", "cmn", "ja"}
        assert not Participant.objects.hong_kong_officers().filter(languages=None).exists()

    def test_epd_hr_sees_its_overdue_follow_up_and_returnees(self):
        from django.contrib.auth import get_user_model

        from participants.models import Department

        hr = make_user(
            get_user_model(),
            "hr.demo",
            "department_hr",
            department=Department.objects.get(code="EPD"),
        )
        self.client.force_login(hr)
        home = self.client.get(reverse("staff:hr_home")).content.decode()
        assert "CHAN Ka-wai" in home and "Overdue" in home
        returnees = self.client.get(reverse("staff:returnees")).content.decode()
        assert "CHAN Ka-wai" in returnees
        assert "WONG Mei-ling" not in returnees  # DEVB's

    def test_loading_again_changes_no_follow_up(self):
        rows = list(ReturnFollowUp.objects.order_by("pk").values())
        call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(ReturnFollowUp.objects.order_by("pk").values()) == rows
