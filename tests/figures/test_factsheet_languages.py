"""The factsheet of the Greater Bay Area exchange's phase 1 batch 1 on the demo data reads in
each language with no word of another: in Chinese no Latin word but the officers' romanised
names, in English no Chinese but the officers' Chinese names (issue 17)."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from programmes.models import Cohort
from tests.visible_text import VisibleText

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


class GbaFactsheet(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", stdout=StringIO())
        call_command("create_demo_accounts", stdout=StringIO())
        cls.cohort = Cohort.objects.get(programme__code="MAINLAND-EX", phase=1, batch=1)
        officers = [p.participant for p in cls.cohort.placements.select_related("participant")]
        cls.romanised = {w for o in officers for w in LATIN_WORD.findall(o.name_en)}
        cls.chinese_names = {n for o in officers for n in (o.name_zh_hant, o.name_zh_hans) if n}

    def read(self, language: str) -> str:
        self.client.force_login(get_user_model().objects.get(username="csb.manager"))
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse("staff:cohort_factsheet", args=[self.cohort.pk]))
        assert response.status_code == 200
        parser = VisibleText(language)
        parser.feed(response.content.decode())
        assert len(parser.text) > 500, parser.text
        return parser.text

    def test_the_chinese_factsheets_hold_no_latin_word_but_officers_names(self):
        for language in ("zh-hant", "zh-hans"):
            with self.subTest(language=language):
                text = self.read(language)
                latin = set(LATIN_WORD.findall(text)) - self.romanised
                assert not latin, f"{language}: {sorted(latin)} in {text}"
                assert "大灣區" in text if language == "zh-hant" else "大湾区" in text

    def test_the_english_factsheet_holds_no_chinese_but_officers_names(self):
        text = self.read("en")
        for name in self.chinese_names:
            text = text.replace(name, " ")
        assert not CHINESE.findall(text), text
        assert "Futian and Qianhai, Shenzhen" in text
