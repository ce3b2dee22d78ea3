"""Forms that the transitions of programmes' state tables ask for (programmes.transitions), and
the formset of a programme's suspensions (the staff edit screen and the admin inline)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import ChineseSuggestionsFormSetMixin

from .models import ProgrammeSuspension


class OpenCallForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Nominations close at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Hong Kong time. Late nominations are refused after it."),
    )

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return closes_at


class BaseSuspensionFormSet(ChineseSuggestionsFormSetMixin, forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].error_messages["invalid_choice"] = _(
            "This suspension was changed or removed meanwhile: reload the page."
        )

    def clean(self):
        """Rule: a programme's suspensions never overlap (the service checks it again under
        the programme's lock)."""
        super().clean()
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and getattr(form, "cleaned_data", {}).get("starts_on")
        ]
        for index, form in enumerate(kept):
            period = ProgrammeSuspension(
                starts_on=form.cleaned_data["starts_on"], ends_on=form.cleaned_data.get("ends_on")
            )
            for other in kept[:index]:
                earlier = ProgrammeSuspension(
                    starts_on=other.cleaned_data["starts_on"],
                    ends_on=other.cleaned_data.get("ends_on"),
                )
                if period.overlaps(earlier):
                    form.add_error(
                        "starts_on",
                        _(
                            "A programme's suspensions cannot overlap: this period overlaps "
                            "another (%(other)s)."
                        )
                        % {"other": earlier.sentence()},
                    )


def formset_suspensions(formset) -> list:
    """(suspension, fields) for each period a valid formset changes or adds, and (suspension,
    None) for each it removes; periods left as they were are not written again."""
    changes = []
    for form in formset.forms:
        if formset._should_delete_form(form):
            if form.instance.pk:
                changes.append((form.instance, None))
        elif form.has_changed():
            changes.append(
                (form.instance, {name: form.cleaned_data.get(name) for name in form._meta.fields})
            )
    return changes
