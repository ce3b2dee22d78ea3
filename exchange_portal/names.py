"""Names that people read in English, Traditional Chinese or Simplified Chinese.

Every text a reader sees in their own language and script is stored three times: an English
field (`name_en`, `title`, `destination`, ...) and two Chinese fields named after it,
`<base>_zh_hant` (Traditional, as Hong Kong writes it) and `<base>_zh_hans` (Simplified)
(docs/decisions/0038-names-in-three-forms.md). This module is the one place that picks the form
for the active language, and the one place that converts one Chinese script into the other for a
person to check (never to save unseen).
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

# The columns of a TrilingualName, for values(), only() and the like.
NAME_FIELDS = ("name_en", "name_zh_hant", "name_zh_hans")


def chinese_fields(base: str) -> tuple[str, str]:
    """The Traditional and Simplified columns of the text `base`: title_zh_hant, title_zh_hans."""
    return f"{base}_zh_hant", f"{base}_zh_hans"


def name_fields(
    path: str = "", english: str = "name_en", base: str | None = None
) -> tuple[str, ...]:
    """The English, Traditional and Simplified columns of a text, reached through `path`.

    name_fields("host_unit") gives the unit's name_en, name_zh_hant, name_zh_hans;
    name_fields("cohort", "name") gives the cohort's name, name_zh_hant, name_zh_hans.
    """
    base = base or english.removesuffix("_en")
    prefix = f"{path}__" if path else ""
    return tuple(f"{prefix}{field}" for field in (english, *chinese_fields(base)))


def is_simplified_page(language: str | None = None) -> bool:
    language = (language or get_language() or "en").lower()
    return language.startswith("zh-hans") or language in ("zh-cn", "zh-sg")


def is_chinese_page(language: str | None = None) -> bool:
    return (language or get_language() or "en").lower().startswith("zh")


def localised_name(name_en: str, name_zh_hant: str = "", name_zh_hans: str = "") -> str:
    """The form for the active language; the other script only where this one is empty."""
    if is_simplified_page():
        return name_zh_hans or name_zh_hant or name_en
    if is_chinese_page():
        return name_zh_hant or name_zh_hans or name_en
    return name_en


def localised_field(obj, english: str, base: str | None = None) -> str:
    """The form of `obj`'s text `english` (and its Chinese columns) for the active language."""
    return localised_name(*(getattr(obj, field) or "" for field in name_fields("", english, base)))


def localised_property(english: str, base: str | None = None) -> property:
    """A model property that reads the text `english` in the language of the page."""
    return property(lambda obj: localised_field(obj, english, base), doc=f"{english}, localised")


class TrilingualName(models.Model):
    """An English name and its Chinese forms; `name` follows the language of the page."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(
        _("name (Traditional Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("As printed in Hong Kong government documents, e.g. 公務員事務局."),
    )
    name_zh_hans = models.CharField(
        _("name (Simplified Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank to show the Traditional Chinese name on Simplified pages."),
    )

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localised_name(self.name_en, self.name_zh_hant, self.name_zh_hans)


def unit_at_organisation(unit: str, organisation: str) -> str:
    """A host unit with its organisation, as the reader's language writes an address.

    English names the unit first ("Futian Administration, Shenzhen Municipal Ecology and
    Environment Bureau"); Chinese names the organisation first with nothing between
    (深圳市生態環境局福田管理局), and does not repeat an organisation the unit's name already holds.
    """
    if not organisation:
        return unit
    if not unit:
        return organisation
    if is_chinese_page():
        return unit if unit.startswith(organisation) else f"{organisation}{unit}"
    return f"{unit}, {organisation}"


def list_separator() -> str:
    """What goes between the items of a list built in code: ", " in English, "、" in Chinese."""
    return pgettext("between the items of a list", ", ")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Hong Kong Traditional text in Simplified characters (OpenCC hk2s), for a person to check."""
    return _converter("hk2s").convert(text) if text else ""


def to_traditional(text: str) -> str:
    """Simplified text in Hong Kong Traditional characters (OpenCC s2hk), for a person to check."""
    return _converter("s2hk").convert(text) if text else ""


def traditional_only_characters(text: str) -> set[str]:
    """The characters of `text` that Simplified Chinese writes otherwise (e.g. 國, 參, 與)."""
    return {c for c in set(text) if "\u3400" <= c <= "\u9fff" and to_simplified(c) != c}
