from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The pages anyone may read: programme facts, aggregate figures, the status enquiry."""

    name = "public"
    verbose_name = _("Public pages")
