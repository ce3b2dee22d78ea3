"""One way to scope a query to a user: `Model.objects.visible_to(user)`.

Each model that holds personal data has a QuerySet deriving from `ScopedQuerySet` and declares,
once, in `scope_paths`, the lookup from the model to each *anchor* a role can be tied to:

    class PlacementQuerySet(ScopedQuerySet):
        scope_paths = {
            "department": "participant__department",  # department HR: their officers
            "host_unit": "host_unit",  # host-unit contacts: placements at their units
            "participant": "participant",  # participants: their own
        }

How far each role reaches is said once, in `exchange_portal.roles.REACH`: CSB managers and
viewers see every row; a department HR officer the rows whose "department" path is their
department (`department_scope`); a host-unit contact the rows whose "host_unit" path is a unit
they are a contact of; a participant the rows whose "participant" path is themselves; the public
nothing. A role whose anchor the model does not name sees no row (`none()`). A path of
`EVERY_ROW_PATH` ("*") gives the anchor's users every row of the model.

A model without personal data (programmes and cohorts today) declares no `scope_paths`
(None): every staff role (`roles.STAFF`) sees all of it, anyone else nothing. Once such a model
is narrowed for a new role, its declaration names `EVERY_ROW_PATH` for the anchors that keep
seeing all of it (`{"department": EVERY_ROW_PATH, "organiser": "organiser"}`).

Everything that reads records for a user goes through `visible_to`: the selectors
(`participants_for`, `placements_for`, ...), the staff screens through them, the admin
(`admin_scoping`: changelists, change and history pages, actions, inlines, autocomplete and
foreign-key choices), the calendar feeds, the API's viewsets and the exports.

Adding a role (as programme coordinators, partner-government coordinators and
receiving-department HR were added, decision 0039) means:

1. in `exchange_portal.roles`: the `Role`, its group and permissions, the named role sets that
   let it into views, and its `REACH` entry: the anchor it is tied to and how its user's value
   is found, e.g. `Reach("organiser", "", organiser_scope)` for an organising-department
   coordinator, `Reach("partner", "", partner_scope)` for a partner-government coordinator;
2. in the models it may see, that anchor's path in `scope_paths`, e.g. on `Programme`
   `"organiser": "organiser"`, on `Placement` `"organiser": "cohort__programme__organiser"`
   and `"partner": "cohort__agreement__partner"`. A role may also be tied to several anchors
   at once (receiving-department HR: their own officers *or* inbound officers placed in their
   units) by giving its `REACH` entry a tuple of reaches, which are or-ed.

No view, selector, feed, viewset or admin changes: they ask `visible_to`.

A path may also be a function of the role's value that returns a `Q`, for a reach no single
lookup says: a condition on two columns (a partner coordinator sees a cohort of their
government's agreement *and* inbound) or a reach through a many-valued relation, written as a
`pk__in` subquery so that no row comes back twice (a coordinator sees the officers nominated to
their department's programmes). Such a reach has no `lookup` of its own.

The roles tied to an anchor today: "department" (department HR: their officers), "receiving"
(department HR again: inbound officers placed in their units), "organiser" (programme
coordinators: what their department organises), "partner" (partner-government coordinators:
their government's officers, agreements and inbound batches), "host_unit" (host contacts) and
"participant" (officers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q

from .roles import EVERY_ROW, REACH, STAFF, Reach, role_of

# A path that gives its anchor's users every row of the model.
EVERY_ROW_PATH = "*"


def _lookup(path: str, reach: Reach) -> str:
    """The filter keyword from a model's path and a role's lookup ("pk" is the row itself)."""
    if not reach.lookup:
        return path
    return reach.lookup if path == "pk" else f"{path}__{reach.lookup}"


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows which of its rows a user may see."""

    # anchor -> lookup from this model to it (or a function of the anchor's value giving a Q);
    # None: no personal data, every staff role sees all.
    scope_paths: dict[str, str | Callable[[Any], Q]] | None = None

    def visible_to(self, user):
        """The rows `user` may see in their role; none for the public."""
        role = role_of(user)
        reach = REACH.get(role)
        if reach is None:
            return self.none()
        if self.scope_paths is None:
            return self.all() if role in STAFF else self.none()
        conditions = []
        for one in reach if isinstance(reach, tuple) else (reach,):
            path = EVERY_ROW_PATH if one.anchor is None else self.scope_paths.get(one.anchor)
            if path == EVERY_ROW_PATH:
                return self.all()
            if callable(path):
                conditions.append(path(one.value(user)))
            elif path is not None:
                conditions.append(Q(**{_lookup(path, one): one.value(user)}))
        if not conditions:
            return self.none()
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        return self.filter(condition)


def is_scoped(model) -> bool:
    """Whether the model's rows are narrowed per user (it declares `scope_paths`)."""
    queryset = model._default_manager.all()
    return isinstance(queryset, ScopedQuerySet) and queryset.scope_paths is not None


def sees_every_row(user) -> bool:
    """CSB roles: `visible_to` leaves every queryset as it is."""
    return REACH.get(role_of(user)) is EVERY_ROW
