"""The admin of hosts, nominations, placements, their amendments and reports, and the cohort's
page with its nominations and placements."""

from . import cohorts, documents, records  # noqa: F401 (each module registers its ModelAdmins)
