from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # The core's imports and exports hand long work to this app through a hook the core
        # declares (exchange_portal.background), so the core never imports it.
        from exchange_portal import background

        from .background import JobRunner

        background.runner = JobRunner()
