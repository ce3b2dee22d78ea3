"""The words each programme rule is refused (or warned) with, as a reader sees them in each of
the portal's languages: the tests assert the translated text, so a missing translation fails.
Shared by the rule tests of every entry point (test_rules*.py, test_past_dates.py)."""

import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import timezone

from programmes.models import Cohort, Programme
from tests.placements.factories import HostOrganisationFactory, HostUnitFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

LANGUAGES = ["en", "zh-hant", "zh-hans"]

PROGRAMME_NOT_ACTIVE = {
    "en": "Only an active programme opens calls and runs cohorts",
    "zh-hant": "只有運作中的計劃才可招募及進行批次",
    "zh-hans": "只有运作中的计划才可招募及进行批次",
}
TAKE_NOMINATIONS = {
    "en": "so it cannot take nominations",
    "zh-hant": "因此不能接受提名",
    "zh-hans": "因此不能接受提名",
}
HOST_RULE = {
    "en": "places officers at policy bureaux only",
    "zh-hant": "只安排人員到決策局",
    "zh-hans": "只安排人员到决策局",
}
AGE_RULE = {
    "en": "is open to officers aged 25 to 32 on",
    "zh-hant": "歲的人員",
    "zh-hans": "岁的人员",
}
NO_DATE_OF_BIRTH = {
    "en": "date of birth is not recorded",
    "zh-hant": "出生日期",
    "zh-hans": "出生日期",
}
SELECTION_RULE = {
    "en": "An officer is selected for one cohort at a time",
    "zh-hant": "每名人員同一時間只可獲選參加一個批次",
    "zh-hans": "每名人员同一时间只可获选参加一个批次",
}
OVERLAP_WARNING = {
    "en": "which overlaps this cohort: only one of them can be selected",
    "zh-hant": "與此批次重疊：兩者只可獲選其一",
    "zh-hans": "与此批次重叠：两者只可获选其一",
}
CONFIRM_RULE = {
    "en": "A cohort is confirmed only with its placements",
    "zh-hant": "批次須有其派駐安排才可確認",
    "zh-hans": "批次须有其派驻安排才可确认",
}
PAST_DATES = {
    "en": "These dates are already past:",
    "zh-hant": "以下日期已過：",
    "zh-hans": "以下日期已过：",
}
SAVE_ANYWAY = {
    "en": "These dates are in the past; save anyway",
    "zh-hant": "這些日期已過；照樣儲存",
    "zh-hans": "这些日期已过；照样保存",
}
STALE = {"en": "Stale:", "zh-hant": "已過時：", "zh-hans": "已过时："}
BOX = 'type="checkbox" name="confirm_past_dates"'


def speaking(client, language):
    """`client`, its pages in `language` from now on (the language cookie, as the menu sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def suspended_programme(**fields):
    return ProgrammeFactory(status=Programme.Status.SUSPENDED, **fields)


def attachment_programme(**fields):
    return ProgrammeFactory(
        kind=Programme.Kind.SECRETARIAT_ATTACHMENT, hosts_policy_bureaux_only=True, **fields
    )


def hospital_unit():
    return HostUnitFactory(
        organisation=HostOrganisationFactory(name_en="Hospital Authority", kind="public_body")
    )


def bureau_unit():
    return HostUnitFactory(organisation=HostOrganisationFactory(kind="policy_bureau"))


def two_overlapping_cohorts(status=Cohort.Status.SELECTION):
    """Two cohorts of two programmes whose dates overlap in July 2031."""
    first = CohortFactory(
        name="GBA batch 3",
        status=status,
        start_date=datetime.date(2031, 5, 1),
        end_date=datetime.date(2031, 7, 31),
    )
    second = CohortFactory(
        name="Attachment batch 9",
        programme=ProgrammeFactory(kind=Programme.Kind.SECRETARIAT_ATTACHMENT),
        status=status,
        start_date=datetime.date(2031, 7, 1),
        end_date=datetime.date(2031, 9, 30),
    )
    return first, second


def started_cohort(**fields):
    today = timezone.localdate()
    return CohortFactory(
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=80),
        **fields,
    )
