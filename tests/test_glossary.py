"""One term per concept (the glossary of docs/decisions/0014-translations.md), checked over both
catalogues: where an English message names a concept in plain words, its translation uses the
glossary's term for it, and no catalogue uses the words the glossary replaced (參加者 beside
參與人員, Mainland 數字政府 where Hong Kong writes 數碼政府, 項目主任 where it writes 計劃主任)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = {
    "zh_Hant": Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po",
    "zh_Hans": Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
}
# English word (as a whole word, singular or plural) -> the term in each script (a regular
# expression where the glossary allows two forms: a cohort is also named by its phase and batch,
# 第1期第1批; an e-mail is 电子邮件, its address 电子邮箱地址).
GLOSSARY = [
    ("participant", "參與人員", "参与人员"),
    ("placement", "派駐", "派驻"),
    ("host unit", "接待單位", "接待单位"),
    ("host organisation", "接待機構", "接待机构"),
    ("nomination", "提名", "提名"),
    ("cohort", "批次|第.*批", "批次|第.*批"),
    ("programme", "計劃", "计划"),
    ("focus area", "重點範疇", "重点领域"),
    ("amendment", "修訂", "修订"),
    ("e-mail", "電郵", "电子邮(件|箱)"),
    ("policy bureau", "決策局", "决策局"),
    ("reference code", "參考編號", "参考编号"),
]
# Words the glossary replaced, in each catalogue, and the term to write instead.
FORBIDDEN = {
    "zh_Hant": {
        "參加者": "參與人員",
        "數字政府": "數碼政府",
        "項目主任": "計劃主任",
        "登錄": "登入",
        "默認": "預設",
        "信息": "資訊",
    },
    "zh_Hans": {
        # Simplified screens and mail address the reader as 您 (decision 0014).
        "你": "您",
        "参加者": "参与人员",
        "电邮": "电子邮件",
        "登入": "登录",
        "項目": "项目",
    },
}
# Placeholders and code names (%(cohort)s, participants.participant, placement:42:confirmed)
# are not words of the message.
NOT_WORDS = re.compile(r"%\([a-z_]+\)[sd]|\{[^}]*\}|\b[a-z_]+[.:][a-z0-9_.:]+\b")


def entries(locale):
    return [
        entry
        for entry in polib.pofile(str(CATALOGUES[locale]))
        if entry.translated() and not entry.obsolete
    ]


def translation(entry) -> str:
    return entry.msgstr or " ".join(entry.msgstr_plural.values())


@pytest.mark.parametrize("locale", CATALOGUES)
def test_each_concept_has_one_term(locale):
    column = 1 if locale == "zh_Hant" else 2
    wrong = []
    for entry in entries(locale):
        english = NOT_WORDS.sub(" ", f"{entry.msgid} {entry.msgid_plural}")
        for row in GLOSSARY:
            named = re.search(rf"\b{re.escape(row[0])}s?\b", english, re.IGNORECASE)
            if named and not re.search(row[column], translation(entry)):
                wrong.append(f"{entry.msgid!r}: {translation(entry)!r} lacks {row[column]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", CATALOGUES)
def test_no_replaced_word_is_used(locale):
    wrong = [
        f"{entry.msgid!r}: {translation(entry)!r} uses {word}, write {instead}"
        for entry in entries(locale)
        for word, instead in FORBIDDEN[locale].items()
        if word in translation(entry)
    ]
    assert not wrong, "\n".join(wrong)
