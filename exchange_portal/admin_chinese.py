"""The admin's forms offer the other Chinese script as the portal's own screens do (decision
0044): every model admin and inline whose model has a `<base>_zh_hant` / `<base>_zh_hans` pair
edits it through ChineseSuggestionsMixin, found from the model's fields when the admin is
built, so a model that gains a pair is covered without code."""

from django.contrib.admin.utils import flatten_fieldsets

from .forms import (
    OFFERED_FIELD,
    ChineseSuggestionsFormSetMixin,
    chinese_pairs,
    model_has_chinese_pairs,
    with_chinese_suggestions,
)


def with_formset_summary(formset_class):
    if issubclass(formset_class, ChineseSuggestionsFormSetMixin):
        return formset_class
    return type(
        formset_class.__name__,
        (ChineseSuggestionsFormSetMixin, formset_class),
        {"__module__": formset_class.__module__},
    )


class ChineseSuggestionsAdminMixin:
    """For a ModelAdmin or an InlineModelAdmin (placed before it in the bases)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers_chinese = model_has_chinese_pairs(self.model)
        if self.offers_chinese:
            self.form = with_chinese_suggestions(self.form)
            if hasattr(self, "formset"):  # an inline
                self.formset = with_formset_summary(self.formset)

    def get_form(self, request, obj=None, **kwargs):
        if self.offers_chinese and "form" in kwargs:  # e.g. an add form of its own
            kwargs["form"] = with_chinese_suggestions(kwargs["form"])
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """The hidden field that remembers the offers, beside the first pair the page edits
        (the admin shows only the fields its fieldsets name)."""
        fieldsets = super().get_fieldsets(request, obj)
        if not self.offers_chinese:
            return fieldsets
        return with_offered_field(fieldsets, self.get_readonly_fields(request, obj))

    def render_change_form(self, request, context, *args, **kwargs):
        """The same for a model admin whose get_fieldsets does not come here (one that
        returns its own lists, as the placements' does)."""
        adminform = context.get("adminform")
        if self.offers_chinese and adminform is not None:
            adminform.fieldsets = with_offered_field(adminform.fieldsets, adminform.readonly_fields)
        return super().render_change_form(request, context, *args, **kwargs)


def with_offered_field(fieldsets, readonly) -> list:
    """`fieldsets` with OFFERED_FIELD after the first editable pair, unless it is there."""
    fieldsets = list(fieldsets)
    if OFFERED_FIELD in flatten_fieldsets(fieldsets):
        return fieldsets
    readonly = set(readonly or ())
    for index, (title, options) in enumerate(fieldsets):
        names = [n for n in flatten_fieldsets([(title, options)]) if n not in readonly]
        if chinese_pairs(names):
            fields = [*options["fields"], OFFERED_FIELD]
            fieldsets[index] = (title, {**options, "fields": fields})
            return fieldsets
    return fieldsets
