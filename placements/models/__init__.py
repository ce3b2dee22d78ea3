"""Placements' models: the hosts (hosts.py) and the records of who goes where (records.py)."""

from .documents import DocumentDownload, PlacementDocument, PlacementDocumentQuerySet
from .hosts import (
    HOST_ORGANISATION_SEARCH_FIELDS,
    HOST_UNIT_SEARCH_FIELDS,
    FocusArea,
    HostOrganisation,
    HostUnit,
)
from .records import (
    PLACEMENT_SEARCH_FIELDS,
    REFERENCE_ALPHABET,
    REFERENCE_CODE_LENGTH,
    REFERENCE_GROUP_LENGTH,
    REFERENCE_GROUPS,
    Nomination,
    NominationQuerySet,
    Placement,
    PlacementAmendment,
    PlacementAmendmentQuerySet,
    PlacementQuerySet,
    PlacementReport,
    PlacementReportQuerySet,
    new_reference_code,
)

__all__ = [
    "HOST_ORGANISATION_SEARCH_FIELDS",
    "HOST_UNIT_SEARCH_FIELDS",
    "PLACEMENT_SEARCH_FIELDS",
    "REFERENCE_ALPHABET",
    "REFERENCE_CODE_LENGTH",
    "REFERENCE_GROUPS",
    "REFERENCE_GROUP_LENGTH",
    "DocumentDownload",
    "FocusArea",
    "HostOrganisation",
    "HostUnit",
    "Nomination",
    "NominationQuerySet",
    "Placement",
    "PlacementAmendment",
    "PlacementAmendmentQuerySet",
    "PlacementDocument",
    "PlacementDocumentQuerySet",
    "PlacementQuerySet",
    "PlacementReport",
    "PlacementReportQuerySet",
    "new_reference_code",
]
