"""The binding of a state table to its services and the forms its transitions ask for. Each
domain app names its bindings once (`<app>/transitions.py`); the staff screens, the admin's
actions and the API are built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .workflow import Transition, Workflow


class ReasonForm(forms.Form):
    """The reason a state table asks for: the staff screens, the admin and the API all use it."""

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
    """The transitions of one model: which service makes each, with the model's keyword for
    the object, and the form each asks for.

    `queryset(user)` is what the staff screens and the API look records up in (the admin
    narrows by its own get_queryset). `forms_not_in_admin` names transitions whose form the
    admin does not ask: there the record's own page edits what the form would ask (a cohort's
    nomination window), so the action is one click, as on Django's own admin.

    `waiting` names transitions that wait on someone else before they can run: given the
    object, a sentence saying whose turn it is (e.g. "Waiting for <host unit> to accept"), or
    None when the transition may run. The screens show the sentence instead of the button (the
    service still refuses on its own)."""

    workflow: Workflow
    keyword: str  # the service's keyword for the object, e.g. "placement"
    services: dict[str, Callable]
    queryset: Callable  # (user) -> the records this user may act on
    forms: dict[str, type[forms.Form]] | None = None
    forms_not_in_admin: frozenset[str] = frozenset()
    waiting: dict[str, Callable] | None = None

    def __post_init__(self):
        names = {t.name for t in self.workflow.transitions}
        named = set(self.forms or ()) | set(self.forms_not_in_admin) | set(self.waiting or ())
        if names != set(self.services) or not self.keyword or named - names:
            raise ImproperlyConfigured(
                f"The transitions of {self.workflow.model_label} must map every transition to "
                f"its service and name the service's keyword; missing "
                f"{sorted(names - set(self.services))}, unknown "
                f"{sorted((set(self.services) | named) - names)}."
            )

    def form_for(
        self, transition: Transition, *, in_admin: bool = False
    ) -> type[forms.Form] | None:
        asked_here = not (in_admin and transition.name in self.forms_not_in_admin)
        if self.forms and transition.name in self.forms and asked_here:
            return self.forms[transition.name]
        if transition.reason_required:
            return ReasonForm
        if transition.irreversible:
            return ConfirmForm
        return None

    def offered(self, obj, user) -> list[Transition]:
        """The buttons to show: transitions from the current state the user holds the
        permission for and that wait on nobody else (the service still decides, with its own
        rules)."""
        return [
            t
            for t in self.workflow.available_from(obj.status)
            if user.has_perm(self.workflow.permission_for(t)) and not self.waiting_for(obj, t)
        ]

    def waiting_for(self, obj, transition: Transition) -> str | None:
        """Whom `transition` of `obj` waits on (a sentence), or None if it may run now."""
        check = (self.waiting or {}).get(transition.name)
        return check(obj) if check is not None else None

    def waits(self, obj, user) -> list[str]:
        """For the screens: the sentences of the transitions the user could make from the
        current state but that wait on someone else."""
        sentences = []
        for t in self.workflow.available_from(obj.status):
            if user.has_perm(self.workflow.permission_for(t)):
                sentence = self.waiting_for(obj, t)
                if sentence:
                    sentences.append(sentence)
        return sentences
