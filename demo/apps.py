from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data of `make run` (load_demo_data) and one demo account per role
    (create_demo_accounts)."""

    name = "demo"
    verbose_name = _("Demo data")
