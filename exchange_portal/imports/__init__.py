"""Imports from CSV and XLSX: reading an upload safely (`files`) and the base of the portal's
django-import-export resources (`resources`)."""

from .files import VALUE_SHOWN, DetectedFormat, ImportFileError, max_bytes, max_columns, read_table
from .resources import (
    DATABASE_REFUSED,
    ChoiceWidget,
    DateWidget,
    NaturalKeyWidget,
    PortalResource,
    PositiveIntegerWidget,
    Problem,
    TextWidget,
    every_problem,
    outcome_counts,
    shown,
)

__all__ = [
    "DATABASE_REFUSED",
    "VALUE_SHOWN",
    "ChoiceWidget",
    "DateWidget",
    "DetectedFormat",
    "ImportFileError",
    "NaturalKeyWidget",
    "PortalResource",
    "PositiveIntegerWidget",
    "Problem",
    "TextWidget",
    "every_problem",
    "max_bytes",
    "max_columns",
    "outcome_counts",
    "read_table",
    "shown",
]
