"""Filter pieces every staff list uses.

The filter forms offer reference records (programmes, cohorts, departments, grades, hosts, focus
areas): about 430 options on the placement list, read from six tables and rendered on every
request, 40 % of the page (docs/performance.md). Their options are now rendered once per figures
version and language in each process (`kept`), as are crispy's wrappers around each field
(`filter_field_html`); the version is the one every change to those records makes new
(exchange_portal.figures_cache, decision 0021), so a renamed department shows in the filter on
the next request, on every instance (docs/decisions/0047).
"""

from collections.abc import Callable, Hashable

import django_filters
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import search

# What a filter's empty choice reads: every row, not "---------".
EMPTY_CHOICE = _("All")
DJANGO_EMPTY_LABEL = "---------"


def text_search(*fields, through=(), label=None):
    """A free-text filter: every word must be found in one of `fields` (`icontains`) or in the
    search text of the list's model ("" in `through`) or of a related one (a relation path),
    which PostgreSQL answers from a trigram index (exchange_portal/search.py)."""

    def method(queryset, name, value):
        return search.apply(queryset, value, fields=fields, through=through)

    return django_filters.CharFilter(label=label or _("Search"), method=method, max_length=200)


class DateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, with the browser's date picker."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})


# What this process has rendered, per (key, language): (figures version, value). An entry of
# another version is never served; the dictionary is emptied when it grows past KEPT_LIMIT (the
# cohort filter has a key per programme, nothing else grows).
_kept: dict[tuple, tuple[str, object]] = {}
KEPT_LIMIT = 1000


def kept(key: Hashable, version: str, build: Callable[[], object]):
    """`build()`'s value for `key` in the active language, built once per figures `version` in
    this process. Read the version before building: a value built while something changed is
    then kept under a version that is no longer current."""
    slot = (key, get_language())
    entry = _kept.get(slot)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    if len(_kept) >= KEPT_LIMIT:
        _kept.clear()
    _kept[slot] = (version, value)
    return value


def forget_kept() -> None:
    """Empty this process's rendered options and field wrappers (tests)."""
    _kept.clear()
    _wrappers.clear()


class PlainSelect(forms.Select):
    """Django's single-choice <select>, written out in Python instead of one template render per
    option: the same markup, about twenty times faster for long lists (the cohort filter offers
    a thousand cohorts; profiled in docs/performance.md). Grouped choices use Django's own.

    With `kept_as` = (key, figures version), the options are rendered once per version and
    language (`kept`) and only the chosen one is marked on each request."""

    kept_as: tuple[Hashable, str] | None = None

    def render(self, name, value, attrs=None, renderer=None):
        selected = self.format_value(value)
        options = None
        if self.kept_as is not None:
            key, version = self.kept_as
            options = kept(key, version, lambda: self.options_html(set()))
            if options is not None:
                options = _mark_selected(options, selected)
        if options is None:
            options = self.options_html(set(selected))
        if options is None:
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        return format_html(
            "<select{}>\n{}\n</select>",
            flatatt(final),
            mark_safe(options),  # noqa: S308 (each option escaped in options_html)
        )

    def options_html(self, selected: set) -> str | None:
        """The <option>s, `selected` marked (the first match only); None for grouped choices."""
        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                return None
            key = "" if option_value is None else str(option_value)
            if key == "" and str(label) == DJANGO_EMPTY_LABEL:
                label = EMPTY_CHOICE
            chosen = key in selected
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    key,
                    mark_safe(" selected") if chosen else "",
                    label,
                )
            )
            if chosen:
                selected = set()  # like Django's Select: only the first match is selected
        return "\n".join(options)


def _mark_selected(options: str, selected: list[str]) -> str:
    """Kept options with the first one whose value is among `selected` marked, as
    options_html() would have marked it."""
    for value in selected:
        opening = format_html('<option value="{}">', value)
        at = options.find(opening)
        if at >= 0:
            end = at + len(opening) - 1
            return options[:end] + " selected" + options[end:]
    return options


def plain_selects(
    form, *, kept_choices: dict | None = None, version: str | None = None, owner=None
) -> None:
    """Swap each plain <select> of `form` for a PlainSelect with the same choices, whose empty
    choice reads "All". The fields named in `kept_choices` (name: a key that says everything
    their choices depend on besides the `owner` (the filterset's class), the version and the
    language) have their options rendered once per figures `version` and language."""
    kept_choices = kept_choices or {}
    for name, field in form.fields.items():
        if getattr(field, "empty_label", None) == DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_CHOICE
        if type(field.widget) is forms.Select:
            widget = PlainSelect(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            if version is not None and name in kept_choices:
                key = ("options", owner.__module__, owner.__qualname__, name)
                widget.kept_as = ((*key, kept_choices[name]), version)
            field.widget = widget


# crispy's markup around each field, kept per form, field and language --------------------------

# (field name and id, language, label, help text, required, field and widget classes) -> (markup
# before the widget, markup after it, the widget's attributes as crispy left them). Crispy's field
# template reads nothing else of the field but its errors (django-filter makes a new form class
# for every filterset, so the form's class cannot be part of the key).
_wrappers: dict[tuple, tuple[str, str, list[dict]]] = {}
_WIDGET_MARK = "\x00widget\x00"


def _subwidgets(widget) -> list:
    # as crispy's CrispyFieldNode finds them
    return getattr(widget, "widgets", [getattr(widget, "widget", widget)])


def filter_field_html(bound_field) -> SafeString:
    """`{{ field|as_crispy_field }}`, the same markup, with crispy's templates rendered once per
    form, field and language: what lies around the widget is kept, and the widget (the only part
    that shows the chosen value) is rendered each time. A field with errors is rendered by crispy
    in full (its markup differs and it is rare)."""
    if bound_field.errors:
        return as_crispy_field(bound_field)
    field = bound_field.field
    key = (
        bound_field.name,
        get_language(),
        str(bound_field.label),
        str(bound_field.help_text),
        field.required,
        type(field),
        type(field.widget),
        tuple(sorted(field.widget.attrs.items())),
        bound_field.auto_id,
    )
    wrapper = _wrappers.get(key)
    widgets = _subwidgets(field.widget)
    if wrapper is None:
        field.widget.render = lambda *args, **kwargs: _WIDGET_MARK  # just this form's widget
        try:
            html = str(as_crispy_field(bound_field))
        finally:
            del field.widget.render
        before, mark, after = html.partition(_WIDGET_MARK)
        if not mark or _WIDGET_MARK in after:
            return as_crispy_field(bound_field)
        wrapper = (before, after, [dict(w.attrs) for w in widgets])
        if len(_wrappers) >= KEPT_LIMIT:
            _wrappers.clear()
        _wrappers[key] = wrapper
    else:
        for widget, attrs in zip(widgets, wrapper[2], strict=True):
            widget.attrs = dict(attrs)
    before, after, _attrs = wrapper
    return mark_safe(before + str(bound_field) + after)  # noqa: S308 (crispy's escaped markup)
