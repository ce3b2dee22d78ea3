from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangePortalConfig(AppConfig):
    """The core: settings, the workflow engine, roles and scoping, access, history and the
    project-wide signal wiring (security log, role sync, each history row's request id)."""

    name = "exchange_portal"
    verbose_name = _("Exchange Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate
        from simple_history.signals import pre_create_historical_record

        from . import kept_pages, kept_sign_in, security_log
        from .middleware import mark_seen_at_login
        from .request_id import record_on_history
        from .roles import sync_roles

        # Runs after each portal app's permissions exist; the last run sees them all.
        post_migrate.connect(sync_roles, dispatch_uid="sync_roles")
        user_logged_in.connect(mark_seen_at_login, dispatch_uid="mark_seen_at_login")
        pre_create_historical_record.connect(record_on_history, dispatch_uid="history_request_id")
        security_log.connect()
        kept_sign_in.connect()
        kept_pages.connect()
