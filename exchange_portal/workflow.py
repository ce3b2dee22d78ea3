"""State tables and the one way a status ever changes.

Each stateful model declares a `Workflow` (its state table) in its app's `workflow.py`. Services
call `Workflow.check()` before they write and `apply_transition()` to write; staff screens, admin
actions, the API and commands all go through those services, so the table is the single source
of what may happen next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from exchange_portal.history import register_actions
from exchange_portal.names import list_separator
from exchange_portal.services import require_version


@dataclass(frozen=True)
class Transition:
    """One row of a state table: `name` moves an object from any of `sources` to `target`."""

    name: str
    sources: frozenset[str]
    target: str
    label: str
    permission: str = ""
    reason_required: bool = False
    irreversible: bool = False

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        label: str,
        *,
        permission: str = "",
        reason_required: bool = False,
        irreversible: bool = False,
    ):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "reason_required", reason_required)
        object.__setattr__(self, "irreversible", irreversible)


@dataclass
class Workflow:
    """The state table of one model: its statuses (a TextChoices) and its transitions."""

    model_label: str
    states: type[models.TextChoices]
    transitions: list[Transition]
    default_permission: str = ""
    _by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        register_actions(self.model_label, {t.name: t.label for t in self.transitions})
        known = set(self.states.values)
        for t in self.transitions:
            unknown = (set(t.sources) | {t.target}) - known
            if unknown:
                raise ValueError(f"{self.model_label}.{t.name} names unknown states {unknown}")

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def available_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def pairs(self) -> set[tuple[str, str]]:
        """Every (from, to) pair the table allows."""
        return {(source, t.target) for t in self.transitions for source in t.sources}

    def transition_between(self, source: str, target: str) -> Transition | None:
        for t in self.transitions:
            if source in t.sources and t.target == target:
                return t
        return None

    def permission_for(self, transition: Transition) -> str:
        return transition.permission or self.default_permission

    def check(self, name: str, obj, *, actor=None, reason: str = "", may=None) -> Transition:
        """Refuse the transition unless the object's status, the actor and the reason allow it.
        `may(actor, obj)`, when given, decides instead of the transition's model permission
        (for object-level rights, such as an officer submitting their own report)."""
        transition = self[name]
        current = obj.status
        if current not in transition.sources:
            labels = [
                str(self.states(s).label).lower()
                for s in self.states.values
                if s in transition.sources
            ]
            allowed = (
                labels[0]
                if len(labels) == 1
                else format_lazy(
                    _("{first} or {last}"),
                    first=list_separator().join(labels[:-1]),
                    last=labels[-1],
                )
            )
            raise ValidationError(
                format_lazy(
                    _(
                        "Cannot {action} this {model}: it is {current}. "
                        "That is possible only when it is {allowed}."
                    ),
                    action=str(transition.label).lower(),
                    model=obj._meta.verbose_name,
                    current=str(self.states(current).label).lower(),
                    allowed=allowed,
                ),
                code="invalid_transition",
            )
        permission = self.permission_for(transition)
        allowed = (
            may(actor, obj)
            if may is not None
            else not permission or actor is None or actor.has_perm(permission)
        )
        if not allowed:
            raise PermissionDenied(
                format_lazy(
                    _("You do not have permission to {action} a {model}."),
                    action=str(transition.label).lower(),
                    model=obj._meta.verbose_name,
                )
            )
        if transition.reason_required and not (reason or "").strip():
            raise ValidationError(
                {
                    "reason": format_lazy(
                        _("Give a reason to {action} this {model}."),
                        action=str(transition.label).lower(),
                        model=obj._meta.verbose_name,
                    )
                },
                code="reason_required",
            )
        return transition


def apply_transition(obj, transition: Transition, *, actor, reason: str = "", fields=()):
    """Write the new status with its history row (actor and reason). Call inside the service's
    transaction, on a row the service has locked."""
    obj.status = transition.target
    if hasattr(obj, "status_reason"):
        obj.status_reason = reason.strip()
    obj._history_user = actor
    obj._change_reason = f"{transition.name}: {reason.strip()}" if reason else transition.name
    update_fields = {"status", *fields}
    if hasattr(obj, "status_reason"):
        update_fields.add("status_reason")
    if hasattr(obj, "updated_at"):
        update_fields.add("updated_at")
    if hasattr(obj, "version"):
        obj.version += 1
        update_fields.add("version")
    obj.save(update_fields=sorted(update_fields))
    return obj


def run_transition(
    workflow: Workflow,
    obj,
    name: str,
    *,
    actor,
    reason: str = "",
    guard=None,
    changes: dict | None = None,
    may=None,
    expected_version: int | None = None,
):
    """Lock the row, check the version the caller had (`expected_version`, for a model with a
    `version`), the table, the actor and `guard(locked_obj)`, then write the new status and any
    `changes` with one history row, all in one transaction. Returns the fresh object; `obj`
    itself is left as it was."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        require_version(locked, expected_version)
        transition = workflow.check(name, locked, actor=actor, reason=reason, may=may)
        if guard is not None:
            guard(locked)
        for field_name, value in (changes or {}).items():
            setattr(locked, field_name, value)
        apply_transition(locked, transition, actor=actor, reason=reason, fields=changes or ())
    return locked
