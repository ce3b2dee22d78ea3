from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: backup and restore, retention purge. No models of its own."""

    name = "operations"
    verbose_name = _("Operations")
