"""The public figures page is cached (docs/decisions/0021-benchmarks-and-search.md): the rendered
tables are kept in the shared cache under a version that changes whenever anything they count or
name changes, so a placement confirmed or withdrawn shows on the page with the next request, on
every app instance.

The version is a fresh random value at each change (never a counter: two changes at once can
never end on a value a stale copy was stored under). It changes at once and again when the
transaction commits, so a request that read the old data before the commit cannot leave its
copy under the new version. Paths that write without model signals (the officer import's bulk
writes) call `figures_changed()` themselves; `FRAGMENT_SECONDS` bounds anything missed.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "public-figures:version"
FRAGMENT_SECONDS = 3600


def figures_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or ""
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def figures_changed(**kwargs) -> None:
    """Something the public figures count or name changed: stop serving the stored copy."""
    _new_version()
    transaction.on_commit(_new_version)


def counted_models():
    """What the figures count (placements, their officers and focus areas) and what they name
    (programmes, cohorts, departments, grades, host organisations and units, focus areas)."""
    from participants.models import Department, Grade, Participant
    from programmes.models import Cohort, Programme

    from .models import FocusArea, HostOrganisation, HostUnit, Placement

    return [
        Placement,
        Participant,
        Programme,
        Cohort,
        Department,
        Grade,
        HostOrganisation,
        HostUnit,
        FocusArea,
    ]


def connect() -> None:
    from .models import Placement

    for model in counted_models():
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(
            figures_changed, sender=model, dispatch_uid=f"figures-del-{model.__name__}"
        )
    m2m_changed.connect(
        figures_changed, sender=Placement.focus_areas.through, dispatch_uid="figures-focus"
    )
