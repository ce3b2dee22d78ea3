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
        if not self.offers_chinese or OFFERED_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        readonly = set(self.get_readonly_fields(request, obj))
        for index, (title, options) in enumerate(fieldsets):
            names = [n for n in flatten_fieldsets([(title, options)]) if n not in readonly]
            if chinese_pairs(names):
                fields = [*options["fields"], OFFERED_FIELD]
                return [
                    *fieldsets[:index],
                    (title, {**options, "fields": fields}),
                    *fieldsets[index + 1 :],
                ]
        return fieldsets
