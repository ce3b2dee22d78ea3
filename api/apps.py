from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (/api/v1/) over the same selectors and services as the staff screens."""

    name = "api"
    verbose_name = _("REST API")
