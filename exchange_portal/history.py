"""A record's history, as staff read it: who changed what, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

LIMIT = 100

# What the codes a service writes as a history row's reason ("confirm", "open_nominations:
# <the reason typed>", "propose") say in the reader's language, per model label: the state
# tables register their transitions' labels (exchange_portal.workflow), the domain apps the
# other steps they record. A row is never shown with its raw code.
ACTIONS: dict[str, dict[str, object]] = {}
COMMON_ACTIONS = {"import": _("Imported from a file")}


def register_actions(model_label: str, labels: dict[str, object]) -> None:
    ACTIONS.setdefault(model_label, {}).update(labels)


def read_reason(model_label: str, reason: str) -> tuple[object, str]:
    """(the action's label or "", the free text someone typed) of a history row's reason."""
    labels = {**COMMON_ACTIONS, **ACTIONS.get(model_label, {})}
    code, sep, text = (reason or "").partition(":")
    if code.strip() in labels:
        return labels[code.strip()], text.strip() if sep else ""
    return "", (reason or "").strip()


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class Entry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    action: object = ""


def differences(old, obj, *, fields=None):
    """(field, was, now) for each concrete field of `obj` whose raw value differs from the
    history row `old` (limited to `fields` when given; the version and time stamps, which
    differ on every save, left out)."""
    for model_field in obj._meta.concrete_fields:
        if model_field.name in ("version", "updated_at"):
            continue
        if fields and model_field.name not in fields:
            continue
        was, now = getattr(old, model_field.attname), getattr(obj, model_field.attname)
        if was != now:
            yield model_field, was, now


def changes_since(obj, *, version=None, updated_at=None, fields=None) -> list:
    """(field, was, now) for each field of `obj` that differs from its history row at `version`
    (or, for a record without one, at its last change `updated_at`): what someone changed
    since a caller read or opened the record. [] when that row is not in the history. The
    service's stale-version refusal and the API's 412 both read this."""
    history = getattr(obj, "history", None)
    if history is None or (version is None) == (updated_at is None):
        return []
    lookup = {"version": version} if version is not None else {"updated_at": updated_at}
    old = history.filter(**lookup).order_by("-history_date", "-history_id").first()
    if old is None:
        return []
    return list(differences(old, obj, fields=fields))


def _display(record, name):
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname, None)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def history_of(obj, limit: int = LIMIT) -> list[Entry]:
    """The newest `limit` changes of `obj`, newest first, in one query (the differences between
    consecutive versions are worked out in memory)."""
    records = list(obj.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    # Columns only: many-to-many history would cost a query per version.
    columns = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, included_fields=columns)
            for change in delta.changes:
                try:
                    label = str(obj._meta.get_field(change.field).verbose_name)
                except Exception:  # a many-to-many or removed field: show its name
                    label = change.field
                    changes.append(Change(label, change.old, change.new))
                    continue
                changes.append(
                    Change(label, _display(older, change.field), _display(newer, change.field))
                )
        user = newer.history_user
        action, reason = read_reason(obj._meta.label, newer.history_change_reason or "")
        entries.append(
            Entry(
                when=newer.history_date,
                who=(user.get_full_name() or user.username) if user else "system",
                kind={"+": "created", "~": "changed", "-": "deleted"}.get(
                    newer.history_type, newer.history_type
                ),
                reason=reason,
                changes=changes,
                action=action,
            )
        )
    return entries
