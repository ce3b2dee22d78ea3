from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The figures the bureau publishes and gives the legislature: reports, charts' data, the
    factsheet and the public figures. It reads the domain apps below it and owns no table."""

    name = "figures"
    verbose_name = _("Figures")

    def ready(self):
        from . import signals

        signals.connect()
