"""Form helpers shared by the staff screens and the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .names import chinese_fields, to_simplified, to_traditional


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: each message next to the field it names,
    and at the top of the form when the form has no such field. A form whose field has another
    name than the service's says so in `service_error_fields`."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = getattr(form, "service_error_fields", {})
    for field, errors in error.error_dict.items():
        field = renamed.get(field, field)
        form.add_error(field if field in form.fields else None, errors)
    if "confirm_past_dates" in error.error_dict and hasattr(form, "show_past_dates_confirmation"):
        form.show_past_dates_confirmation()  # the warning's "save anyway" box
    if "duplicate_choice" in error.error_dict and hasattr(form, "show_duplicate_choice"):
        # The officer may already be recorded: offer the matches (participants.services).
        form.show_duplicate_choice(getattr(error, "matches", []))


class KeysModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records that refuses, with the field's own message, a value too
    large to be a database key. Django looks the values up with `pk__in`, and SQLite raises
    OverflowError (a 500) for an integer beyond 64 bits, where `pk=` would find nothing."""

    def _check_values(self, value):
        for item in value:
            try:
                number = int(str(item))
            except ValueError:
                continue  # Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class PastDatesConfirmationMixin:
    """A form whose dates may be already past: they are not refused, but saved only once the
    user ticks "save anyway", a hidden field until the service's warning names the dates
    (refuse_past_dates, on "confirm_past_dates"), shown by add_service_error. The service is
    told whether the box was ticked (`past_dates_confirmed`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_past_dates"] = forms.BooleanField(
            label=_("These dates are in the past; save anyway"),
            required=False,
            widget=forms.HiddenInput,
        )

    def show_past_dates_confirmation(self) -> None:
        self.fields["confirm_past_dates"].widget = forms.CheckboxInput()

    def service_kwargs(self) -> dict:
        """The cleaned values, the box as the service's `past_dates_confirmed`."""
        data = dict(self.cleaned_data)
        data["past_dates_confirmed"] = bool(data.pop("confirm_past_dates", False))
        return data


# The other Chinese script, offered for a person to check (issue 17; decision 0044) ------------

# The hidden field that remembers which texts' other script was offered (their bases, as
# "name,description"), so that a form takes the user's values as they are the next time.
OFFERED_FIELD = "chinese_offered"


def chinese_pairs(names) -> list[tuple[str, str]]:
    """The (Traditional, Simplified) field pairs among `names`: every `<base>_zh_hant` whose
    `<base>_zh_hans` is there too (decision 0038 names them so)."""
    names = list(names)
    pairs = []
    for name in names:
        if name.endswith("_zh_hant"):
            traditional, simplified = chinese_fields(name.removesuffix("_zh_hant"))
            if simplified in names:
                pairs.append((traditional, simplified))
    return pairs


def model_has_chinese_pairs(model) -> bool:
    return bool(chinese_pairs(f.name for f in model._meta.concrete_fields))


class OfferedPairsField(forms.Field):
    """The bases offered so far. Whatever is posted, it is never an error: a tampered value
    only means that a text is not offered again."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> frozenset:
        if not isinstance(value, str):
            return frozenset()
        return frozenset(part for part in value.replace("\x00", "").split(",") if part)

    def validate(self, value) -> None:
        pass

    def has_changed(self, initial, data) -> bool:
        return False  # not the user's data: a formset's empty row stays empty


class ChineseSuggestionsMixin(metaclass=DeclarativeFieldsMetaclass):
    """A form that edits a text in Traditional and Simplified Chinese (each pair of fields
    `<base>_zh_hant` and `<base>_zh_hans` the form has, found from its fields, so from the
    model's for a ModelForm) offers the other script instead of saving one alone.

    When a pair comes with one form filled and the other empty, the form is not valid: it
    comes back with the empty field filled in with OpenCC's conversion (Hong Kong variant,
    exchange_portal.names), an error next to it that says so, and a summary above the form.
    The pair's base goes into a hidden field; the next time, the user's values are taken as
    they are, the suggestion as corrected, or the field left empty if it was cleared. Nothing
    converted is ever saved unseen.
    """

    chinese_offered = OfferedPairsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # {suggested field: field it was converted from}, after a validation that offered.
        self.chinese_suggestions: dict[str, str] = {}

    @property
    def chinese_pairs(self) -> list[tuple[str, str]]:
        enabled = [name for name, field in self.fields.items() if not field.disabled]
        return chinese_pairs(enabled)

    def full_clean(self):
        super().full_clean()
        self.chinese_suggestions = {}
        cleaned = getattr(self, "cleaned_data", None)
        if not self.is_bound or cleaned is None:
            return
        offered = cleaned.pop(OFFERED_FIELD, None) or frozenset()
        suggestions = {}  # target field → (source field, converted text)
        for traditional, simplified in self.chinese_pairs:
            if traditional.removesuffix("_zh_hant") in offered:
                continue
            if traditional not in cleaned or simplified not in cleaned:
                continue  # refused for another reason: said next to it
            hant = (cleaned[traditional] or "").strip()
            hans = (cleaned[simplified] or "").strip()
            if hant and not hans:
                suggestions[simplified] = (traditional, to_simplified(hant))
            elif hans and not hant:
                suggestions[traditional] = (simplified, to_traditional(hans))
        if not suggestions:
            return
        data = self.data.copy()
        for target, (_source, text) in suggestions.items():
            data[self.add_prefix(target)] = text
        bases = {name.removesuffix("_zh_hant") for name, _ in self.chinese_pairs}
        offered = (set(offered) & bases) | {
            target.removesuffix("_zh_hant").removesuffix("_zh_hans") for target in suggestions
        }
        data[self.add_prefix(OFFERED_FIELD)] = ",".join(sorted(offered))
        self.data = data  # shown as the form comes back
        for target, (source, _text) in suggestions.items():
            self.chinese_suggestions[target] = source
            self.add_error(target, suggestion_message(source))
        self.add_error(None, suggestion_summary(len(suggestions)))


def suggestion_message(source: str) -> ValidationError:
    if source.endswith("_zh_hant"):
        text = _(
            "Suggested from the Traditional Chinese with OpenCC: check it, correct it if "
            "needed, then save again."
        )
    else:
        text = _(
            "Suggested from the Simplified Chinese with OpenCC: check it, correct it if needed, "
            "then save again."
        )
    return ValidationError(text, code="chinese_suggested")


def suggestion_summary(count: int) -> ValidationError:
    return ValidationError(
        ngettext(
            "Nothing has been saved yet: %(count)d Chinese field was filled in from the other "
            "script with OpenCC. Check it and save again (a field you empty stays empty).",
            "Nothing has been saved yet: %(count)d Chinese fields were filled in from the other "
            "script with OpenCC. Check them and save again (a field you empty stays empty).",
            count,
        )
        % {"count": count},
        code="chinese_suggested",
    )


def with_chinese_suggestions(form_class):
    """`form_class` with ChineseSuggestionsMixin, for forms built elsewhere (the admin's)."""
    if issubclass(form_class, ChineseSuggestionsMixin):
        return form_class
    return type(
        form_class.__name__,
        (ChineseSuggestionsMixin, form_class),
        {"__module__": form_class.__module__, "__doc__": form_class.__doc__},
    )


class ChineseSuggestionsFormSetMixin:
    """A formset of ChineseSuggestionsMixin forms says above its rows (in its non-form errors)
    that some were filled in for the user to check, as each row says next to its fields."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        count = sum(
            len(getattr(form, "chinese_suggestions", ()))
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
        )
        if count:
            self._non_form_errors.append(suggestion_summary(count))
