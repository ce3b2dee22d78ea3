"""On the demo data, the reports page answers "what did each programme cost in 2024, in HK$"
(issue 19, done when) in English, Traditional and Simplified Chinese: each programme with costs
named in the reader's script, the amounts those of figures/costs.py written the Hong Kong way,
and no word of another language in the Chinese tables."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from exchange_portal.money import format_amount
from figures.costs import cost_report
from programmes.models import Programme
from tests.figures.test_costs import cells_of, costs_section

URL = "/staff/reports/?by=programme&across=year&year_from=2024&year_to=2024"
LATIN_WORD = re.compile(r"[A-Za-z]+")


class CostOfEachProgrammeIn2024(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", stdout=StringIO())
        call_command("create_demo_accounts", stdout=StringIO())
        cls.manager = get_user_model().objects.get(username="csb.manager")

    def table(self, language):
        self.client.force_login(self.manager)
        self.client.cookies["django_language"] = language
        response = self.client.get(URL)
        assert response.status_code == 200
        section = costs_section(response)
        return section, cells_of(section, "costs-table")

    def test_in_each_language(self):
        report = cost_report(user=self.manager, years=(2024, 2024))
        assert len(report.rows) >= 3, "the demo data has costs in 2024-25 for several programmes"
        names = {
            p.pk: (p.name_en, p.name_zh_hant, p.name_zh_hans)
            for p in Programme.objects.filter(pk__in=[r.programme_id for r in report.rows])
        }
        for language, column in (("en", 0), ("zh-hant", 1), ("zh-hans", 2)):
            with self.subTest(language=language):
                section, rows = self.table(language)
                assert rows[0][1:] == ["2024-25", rows[0][-1]]
                with translation.override(language):
                    expected = sorted(
                        (
                            [names[r.programme_id][column], format_amount(r.total)]
                            for r in report.rows
                        ),
                        key=lambda row: row,
                    )
                found = sorted([row[0], row[1]] for row in rows[1:-1])
                assert found == expected
                assert rows[-1][1] == format_amount(report.total)
                if language != "en":
                    text = re.sub(r"<[^>]+>", " ", section)
                    assert not LATIN_WORD.findall(text), LATIN_WORD.findall(text)
