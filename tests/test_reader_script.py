"""Every stored word in the reader's language and script (issue 17, decisions 0038 and 0043).

The demo data and accounts are loaded once; for every demo account and for a visitor, in
Traditional and in Simplified Chinese, every page reachable by links from the role's start page
is read (a few of each URL pattern, GET only, same site, not the admin, the API, downloads or
exports) and its visible text is checked:

(a) no stored English text of a trilingual field appears where the record has a Chinese form
    (officers' romanised names are theirs to keep);
(b) on Simplified pages, no character that Simplified Chinese writes otherwise (OpenCC tells
    which), from the data or from the catalogue;
(c) on Traditional pages, no Simplified form of a stored text where a Traditional one exists.

Input values and text areas are not read: an edit form rightly shows the English field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import Resolver404, resolve

from demo import data as demo_data
from exchange_portal.names import traditional_only_characters
from participants.models import Participant
from tests.visible_text import VisibleText

LANGUAGES = ("zh-hant", "zh-hans")
ANONYMOUS = "anonymous"
ACCOUNTS = [account["username"] for account in demo_data.DEMO_ACCOUNTS]
# At most this many addresses of one URL pattern (different objects, filters, pages) per crawl.
PER_PATTERN = 3
MAX_PAGES = 150
# The crawl must reach at least this many pages: it cannot pass by visiting nothing. Staff see
# the most; a host contact, an officer and a partner coordinator have a few pages each.
MIN_PAGES = {ANONYMOUS: 8, "host.futian": 5, "host.epd": 5, "officer.chan": 5, "partner.gd": 5}
MIN_PAGES_SIGNED_IN = 20
# Stored texts that have no Chinese form in the model (an officer's rank): taken out of the
# page's text before it is searched, so that "Senior Transport Officer" is not read as the grade
# "Transport Officer" shown in English. Hosts' cities and countries have Chinese forms and are
# searched like any other stored text.
ENGLISH_ONLY = {
    "participants.Participant": ("rank",),
    # What an officer and their department wrote after return, in their own words and language
    # (one text, no Chinese forms): "Brought back Shenzhen's river chief system" names the city
    # as the writer did.
    "placements.ReturnFollowUp": ("officer_account", "department_view"),
    # Reports and check-ins likewise: "How Hong Kong consults the public" is the author's text.
    "placements.PlacementReport": ("summary", "experience_gained", "recommendations"),
}
# English values shorter than this are words too common to tell a stored text from the page's
# own (codes such as "EPD" are the same in every language).
MIN_ENGLISH_LENGTH = 6
SKIPPED_PREFIXES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/", "/accounts/logout/")
SKIPPED_QUERY = re.compile(r"(^|&)(export|format|download)=")


def trilingual_columns(model) -> list[tuple[str, str, str]]:
    """(English, Traditional, Simplified) column names of each trilingual text of `model`."""
    names = {field.name for field in model._meta.concrete_fields}
    columns = []
    for name in sorted(names):
        if not name.endswith("_zh_hant"):
            continue
        base = name.removesuffix("_zh_hant")
        english = next((e for e in (f"{base}_en", base) if e in names), None)
        if english and f"{base}_zh_hans" in names:
            columns.append((english, name, f"{base}_zh_hans"))
    return columns


def stored_triples() -> list[tuple[str, str, str, str]]:
    """(where, English, Traditional, Simplified) of every stored trilingual text."""
    triples = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for english, hant, hans in trilingual_columns(model):
            if model is Participant and english == "name_en":
                continue  # officers' romanised names are shown in every language
            for row in model._default_manager.values_list(english, hant, hans):
                if any(row):
                    triples.append((f"{model._meta.label}.{english}", *row))
    return triples


def english_only_values() -> list[str]:
    values = set()
    for label, fields in ENGLISH_ONLY.items():
        model = apps.get_model(label)
        for field in fields:
            values.update(v for v in model._default_manager.values_list(field, flat=True) if v)
    return sorted(values, key=len, reverse=True)


def context(text: str, start: int, end: int) -> str:
    return "…" + text[max(0, start - 20) : end + 20] + "…"


class ReaderScriptCrawl(TestCase):
    """One crawl per role and Chinese script over the demo data, loaded once."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_data", stdout=StringIO())
        call_command("create_demo_accounts", stdout=StringIO())
        cls.triples = stored_triples()
        cls.untranslated = re.compile(
            "|".join(rf"(?<![\w-]){re.escape(v)}(?![\w-])" for v in english_only_values())
        )

    def crawl(self, username: str, language: str) -> dict[str, str]:
        """{path: visible text} of the pages reachable from the role's start page."""
        if username != ANONYMOUS:
            self.client.force_login(get_user_model().objects.get(username=username))
        self.client.cookies["django_language"] = language
        start = "/" if username == ANONYMOUS else "/accounts/start/"
        queue, seen, pages = deque([start]), {start}, {}
        per_pattern: Counter = Counter()
        while queue and len(pages) < MAX_PAGES:
            url = queue.popleft()
            response = self.client.get(url)
            if response.status_code in (301, 302, 303, 307, 308):
                self._enqueue(urljoin(url, response["Location"]), url, queue, seen, per_pattern)
                continue
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            if response.streaming:
                continue
            parser = VisibleText(language)
            parser.feed(response.content.decode(response.charset or "utf-8"))
            pages[url] = parser.text
            for href in parser.links:
                self._enqueue(urljoin(url, href), url, queue, seen, per_pattern)
        return pages

    @staticmethod
    def _enqueue(url, source, queue, seen, per_pattern):
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return
        path = parts.path
        if not path.startswith("/") or path.startswith(SKIPPED_PREFIXES):
            return
        if SKIPPED_QUERY.search(parts.query) or path.endswith((".ics", ".csv", ".xlsx", ".pdf")):
            return
        target = path + (f"?{parts.query}" if parts.query else "")
        if target in seen:
            return
        try:
            match = resolve(path)
        except Resolver404:
            return
        pattern = match.view_name
        if per_pattern[pattern] >= PER_PATTERN:
            return
        per_pattern[pattern] += 1
        seen.add(target)
        queue.append(target)

    def problems(self, pages: dict[str, str], language: str) -> list[str]:
        found = defaultdict(set)
        for url, page_text in pages.items():
            text = self.untranslated.sub(" ", page_text)
            for where, english, hant, hans in self.triples:
                chinese = hans or hant if language == "zh-hans" else hant or hans
                if not chinese or len(english) < MIN_ENGLISH_LENGTH or english in (hant, hans):
                    continue
                match = re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text)
                if match:
                    found[url].add(
                        f"English {where} {english!r} (has {chinese!r}) in "
                        + context(text, *match.span())
                    )
                if language == "zh-hant" and hant and hans and hans != hant and hans in text:
                    found[url].add(f"Simplified {where} {hans!r} (has {hant!r})")
            if language == "zh-hans":
                traditional = traditional_only_characters(text)
                if traditional:
                    found[url].add(
                        "Traditional characters "
                        + "".join(sorted(traditional))
                        + ": "
                        + ", ".join(
                            sorted(
                                {
                                    text[max(0, i - 12) : i + 12]
                                    for i, c in enumerate(text)
                                    if c in traditional
                                }
                            )[:5]
                        )
                    )
        return [f"{url}: {problem}" for url, items in sorted(found.items()) for problem in items]

    def check(self, username: str, language: str):
        pages = self.crawl(username, language)
        least = MIN_PAGES.get(username, MIN_PAGES_SIGNED_IN)
        assert len(pages) >= least, f"{username} reached only {sorted(pages)}"
        problems = self.problems(pages, language)
        assert not problems, f"{username} in {language}, {len(pages)} pages:\n" + "\n".join(
            problems
        )


def _make_test(username: str, language: str):
    def test(self):
        self.check(username, language)

    test.__doc__ = f"{username} reads every page in {language}."
    return test


for _username in [ANONYMOUS, *ACCOUNTS]:
    for _language in LANGUAGES:
        _name = f"test_{_username.replace('.', '_')}_{_language.replace('-', '_')}"
        setattr(ReaderScriptCrawl, _name, _make_test(_username, _language))
