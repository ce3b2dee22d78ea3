"""The portal in Traditional and Simplified Chinese: every string of the catalogues is
translated (nothing empty, nothing fuzzy), translations keep the English placeholders, the
committed .mo files hold exactly what the .po files say, and pages read in Chinese when the
language cookie asks for it. How to update the catalogues: README, "Languages"."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

LOCALES = ["zh_Hant", "zh_Hans"]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"

# %(name)s, %(count)d, %s, %d ... (python-format) and {name}, {} (python-brace-format).
PERCENT = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifrx]")
NAMED_PERCENT = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
BRACES = re.compile(r"\{[A-Za-z0-9_.]*\}")


@pytest.fixture(autouse=True)
def _language_put_back():
    """A test-client request leaves its language active in this thread; put back what was
    active, so tests that run later (pytest-django runs database tests first) read English."""
    before = translation.get_language()
    yield
    translation.activate(before)


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def mo_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"


def entries(locale: str) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po_path(locale))) if not e.obsolete]


def label(entry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def placeholders(text: str, python_format: bool) -> Counter:
    """The placeholders of one string, counted (a positional %s or {} twice counts twice).
    Bare %s/%d are only looked for in strings xgettext marked python-format, where a % is
    never literal."""
    text = text.replace("%%", "")
    found = (PERCENT if python_format else NAMED_PERCENT).findall(text)
    return Counter(found + BRACES.findall(text))


def translations(catalogue) -> dict:
    """(context, msgid) -> the translation, or the tuple of plural forms, without the header."""
    result = {}
    for e in catalogue:
        if not e.msgid or getattr(e, "obsolete", False):
            continue
        if e.msgid_plural:
            value = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        else:
            value = e.msgstr
        result[(e.msgctxt, e.msgid)] = value
    return result


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_exists_and_is_not_empty(locale):
    assert po_path(locale).is_file(), f"run makemessages (README, Languages) for {locale}"
    assert len(entries(locale)) > 500


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_has_a_chinese_translation(locale):
    untranslated = []
    for e in entries(locale):
        forms = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if not forms or any(not form.strip() for form in forms):
            untranslated.append(label(e))
    assert untranslated == [], f"{locale}: untranslated: {untranslated}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_translation_is_left_fuzzy(locale):
    catalogue = polib.pofile(str(po_path(locale)))
    assert not catalogue.metadata_is_fuzzy, f"{locale}: the header is marked fuzzy"
    fuzzy = [label(e) for e in catalogue if not e.obsolete and "fuzzy" in e.flags]
    assert fuzzy == [], f"{locale}: check and unmark these fuzzy entries: {fuzzy}"


@pytest.mark.parametrize("locale", LOCALES)
def test_chinese_has_one_plural_form(locale):
    catalogue = polib.pofile(str(po_path(locale)))
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    extra = [label(e) for e in entries(locale) if e.msgid_plural and list(e.msgstr_plural) != [0]]
    assert extra == [], f"{locale}: plural entries need exactly msgstr[0]: {extra}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders_of_the_english(locale):
    """A placeholder lost or misspelt in a translation raises KeyError or drops a name or
    date from the page or e-mail. Chinese has one plural form, used for every number, so it
    carries the placeholders of the English plural."""
    wrong = []
    for e in entries(locale):
        python_format = "python-format" in e.flags
        if e.msgid_plural:
            expected = placeholders(e.msgid_plural, python_format)
            forms = list(e.msgstr_plural.values())
        else:
            expected = placeholders(e.msgid, python_format)
            forms = [e.msgstr]
        for form in forms:
            got = placeholders(form, python_format)
            if got != expected:
                wrong.append((label(e), sorted(expected.elements()), sorted(got.elements())))
    assert wrong == [], f"{locale}: placeholders differ (msgid, expected, found): {wrong}"


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    """The .mo is committed so the portal runs without gettext tools; it must be compiled from
    the current .po (compilemessages, README "Languages")."""
    assert mo_path(locale).is_file(), f"run compilemessages for {locale}"
    compiled = translations(polib.mofile(str(mo_path(locale))))
    source = translations(entries(locale))
    missing = sorted(str(k[1]) for k in source.keys() - compiled.keys())
    stale = sorted(str(k[1]) for k in compiled.keys() - source.keys())
    changed = sorted(str(k[1]) for k in source.keys() & compiled.keys() if source[k] != compiled[k])
    assert (missing, stale, changed) == ([], [], []), (
        f"{locale}: django.mo is out of date; run compilemessages. "
        f"Not compiled: {missing}; no longer in .po: {stale}; different: {changed}"
    )


# (url name, {language: strings a reader of that language sees on the page})
PAGES = [
    (
        "public:home",
        {
            "zh-hant": ["借調及交流計劃", "職員及參與人員登入", "香港特別行政區政府公務員事務局"],
            "zh-hans": [
                "借调及交流计划",
                "工作人员及参与人员登录",
                "香港特别行政区政府公务员事务局",
            ],
        },
    ),
    (
        "public:programmes",
        {
            "zh-hant": ["公務員事務局推行的各項計劃及其批次。", "查看統計數字"],
            "zh-hans": ["公务员事务局推行的各项计划及其批次。", "查看统计数据"],
        },
    ),
    (
        "public:figures",
        {
            "zh-hant": ["派駐人員統計數字", "為保障私隱"],
            "zh-hans": ["派驻人员统计数据", "为保障隐私"],
        },
    ),
    (
        "public:status_enquiry",
        {
            "zh-hant": ["派駐狀況查詢", "請輸入你的派駐參考編號及電郵地址。", "查詢狀況"],
            "zh-hans": ["派驻状态查询", "请输入您的派驻参考编号及电子邮箱地址。", "查询状态"],
        },
    ),
    (
        "login",
        {
            "zh-hant": ["<h1>登入</h1>"],
            "zh-hans": ["<h1>登录</h1>"],
        },
    ),
]

# The navigation every page shows to someone not signed in.
NAVIGATION = {
    "zh-hant": ["計劃", "統計數字", "狀況查詢", "登入", "跳至主要內容", "借調及交流平台"],
    "zh-hans": ["计划", "统计数据", "状态查询", "登录", "跳至主要内容", "借调及交流平台"],
}
ENGLISH_NAVIGATION = ["Skip to main content", ">Programmes<", ">Figures<", ">Sign in<"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
@pytest.mark.parametrize("url_name, expected", PAGES, ids=[name for name, _ in PAGES])
def test_public_pages_read_in_chinese_with_the_language_cookie(
    client, language, url_name, expected
):
    client.cookies["django_language"] = language
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in expected[language] + NAVIGATION[language]:
        assert text in html, f"{url_name} in {language} lacks {text!r}"
    for text in ENGLISH_NAVIGATION:
        assert text not in html, f"{url_name} in {language} still shows {text!r}"


@pytest.mark.parametrize(
    "language, greeting, signature",
    [
        ("zh-hant", "同事您好：", "公務員事務局借調及交流平台"),
        ("zh-hans", "同事，您好：", "公务员事务局借调及交流平台"),
    ],
)
def test_e_mails_greet_and_sign_off_in_the_recipients_language(language, greeting, signature):
    with translation.override(language):
        opening = render_to_string("notifications/_greeting.txt", {"recipient": {}})
        footer = render_to_string("notifications/_footer.txt", {"portal_url": "https://x.hk"})
    assert opening.strip() == greeting
    assert signature in footer
