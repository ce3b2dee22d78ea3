"""A change to anything the public figures count or name makes a new figures version
(exchange_portal.figures_cache), so no stored copy of the figures outlives the data."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from exchange_portal.figures_cache import figures_changed
from participants.models import Department, Grade, Participant
from placements.models import FocusArea, HostOrganisation, HostUnit, Placement
from programmes.models import Cohort, Programme


def counted_models():
    """What the figures count (placements, their officers and focus areas) and what they name
    (programmes, cohorts, departments, grades, host organisations and units, focus areas)."""
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
    for model in counted_models():
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(
            figures_changed, sender=model, dispatch_uid=f"figures-del-{model.__name__}"
        )
    m2m_changed.connect(
        figures_changed, sender=Placement.focus_areas.through, dispatch_uid="figures-focus"
    )
