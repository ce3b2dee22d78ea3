from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Hosts, nominations and placements")

    def ready(self):
        from programmes.services import register_cohort_confirm_check

        from .services.rules import check_cohort_placed

        register_cohort_confirm_check(check_cohort_placed)
