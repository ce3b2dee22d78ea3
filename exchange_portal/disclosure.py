"""Statistical disclosure control for the public figures: a group of fewer than
`threshold` officers is never shown, nor can it be worked out from the others."""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 3


@dataclass(frozen=True)
class Group:
    label: str
    count: int
    key: object = None


@dataclass(frozen=True)
class SuppressedTable:
    shown: list[Group]
    other_count: int | None  # the suppressed groups together, when that is safe to show
    other_groups: int  # how many groups went into "other"
    total: int | None

    @property
    def has_other(self) -> bool:
        return self.other_groups > 0


def suppress_small_groups(groups: list[Group], threshold: int = THRESHOLD) -> SuppressedTable:
    """Hide every group under `threshold`. The hidden groups are reported together as one
    "other" figure; if that figure would itself be under the threshold, the next smallest
    groups are hidden too (secondary suppression), so no small group can be derived from the
    total. When everything ends up hidden and still under the threshold, the total is hidden."""
    ordered = sorted(groups, key=lambda g: (-g.count, g.label))
    shown = [g for g in ordered if g.count >= threshold]
    hidden = [g for g in ordered if 0 < g.count < threshold]
    if hidden:
        while sum(g.count for g in hidden) < threshold and shown:
            hidden.append(shown.pop())  # the smallest shown group joins "other"
    hidden_total = sum(g.count for g in hidden)
    total = sum(g.count for g in shown) + hidden_total
    safe_other = hidden_total if hidden_total >= threshold else None
    return SuppressedTable(
        shown=shown,
        other_count=safe_other,
        other_groups=len(hidden),
        total=total if total >= threshold else None,
    )
