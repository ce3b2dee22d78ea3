"""Names that people read in English, Traditional Chinese or Simplified Chinese."""

from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

# The columns of a TrilingualName, for values(), only() and the like.
NAME_FIELDS = ("name_en", "name_zh_hant", "name_zh_hans")


def name_fields(path: str) -> tuple[str, ...]:
    """The three name columns of the TrilingualName reached through the relation `path`."""
    return tuple(f"{path}__{field}" for field in NAME_FIELDS)


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


def localised_name(name_en: str, name_zh_hant: str = "", name_zh_hans: str = "") -> str:
    language = (get_language() or "en").lower()
    if language.startswith("zh-hans") or language in ("zh-cn", "zh-sg"):
        return name_zh_hans or name_zh_hant or name_en
    if language.startswith("zh"):
        return name_zh_hant or name_zh_hans or name_en
    return name_en


def list_separator() -> str:
    """What goes between the items of a list built in code: ", " in English, "、" in Chinese."""
    return pgettext("between the items of a list", ", ")
