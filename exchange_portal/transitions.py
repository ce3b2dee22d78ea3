"""The binding of a state table to its services and the forms its transitions ask for. Each
domain app names its bindings once (`<app>/transitions.py`); the staff screens, the admin's
actions and the API are built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .workflow import Transition, Workflow


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Recorded with the change and shown to the people it concerns."),
    )


class ConfirmForm(forms.Form):
    """No input: the page asks to confirm a change that cannot be undone."""


@dataclass(frozen=True)
class TransitionSet:
    """The transitions of one model offered on its staff pages."""

    workflow: Workflow
    keyword: str  # the service's keyword for the object, e.g. "placement"
    services: dict[str, Callable]
    queryset: Callable  # (user) -> the records this user may act on
    forms: dict[str, type[forms.Form]] | None = None

    def form_for(self, transition: Transition) -> type[forms.Form] | None:
        if self.forms and transition.name in self.forms:
            return self.forms[transition.name]
        if transition.reason_required:
            return ReasonForm
        if transition.irreversible:
            return ConfirmForm
        return None

    def offered(self, obj, user) -> list[Transition]:
        """The buttons to show: transitions from the current state the user holds the
        permission for (the service still decides, with its own rules)."""
        return [
            t
            for t in self.workflow.available_from(obj.status)
            if user.has_perm(self.workflow.permission_for(t))
        ]
