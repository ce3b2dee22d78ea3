"""What every form that records an officer shares: the choice between a likely match and a new
person (docs/decisions/0042-one-record-per-person.md)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import DIFFERENT_PERSON


def duplicate_choice_field() -> forms.CharField:
    """The form field `duplicate_choice` of a DuplicateChoiceMixin form (declared on the form's
    class, so that the admin may name it in its fieldsets)."""
    return forms.CharField(
        label=_("Is this the same person?"),
        required=False,
        max_length=20,
        widget=forms.HiddenInput,
    )


class DuplicateChoiceMixin:
    """A form that records a new officer: `duplicate_choice` (duplicate_choice_field) is hidden
    until the service finds likely matches (LikelyDuplicate, shown by
    exchange_portal.forms.add_service_error), then a required choice between each match in
    the user's reach ("the same person") and a new record ("a different person"). The service
    checks the answer again on every post."""

    def show_duplicate_choice(self, matches) -> None:
        field = self.fields["duplicate_choice"]
        choices = [
            (
                str(match.pk),
                _("The same person as %(match)s: use that record") % {"match": match.describe()},
            )
            for match in matches
            if match.in_reach
        ]
        choices.append((DIFFERENT_PERSON, _("A different person: record a new officer")))
        field.widget = forms.RadioSelect(choices=choices)
        field.choices = choices
        field.help_text = " ".join(m.describe() for m in matches if not m.in_reach)
