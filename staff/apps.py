from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The screens of CSB staff and department HR officers, under /staff/."""

    name = "staff"
    verbose_name = _("Staff screens")
