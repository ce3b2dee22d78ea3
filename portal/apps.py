from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The screens of officers (/me/), host-unit contacts (/host/) and everyone's calendar
    feeds (/calendar/)."""

    name = "portal"
    verbose_name = _("Officers' and host contacts' portal")
