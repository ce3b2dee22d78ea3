"""The change history every audited model keeps: django-simple-history's rows plus the id of the
request, command or task that wrote them (exchange_portal/request_id.py). Extra fields on history
rows are simple-history's documented way: an abstract model passed as `bases` and filled by the
`pre_create_historical_record` signal (connected in participants/apps.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .request_id import MAX_LENGTH


class RequestIdHistory(models.Model):
    request_id = models.CharField(
        _("request id"),
        max_length=MAX_LENGTH,
        blank=True,
        default="",
        editable=False,
        help_text=_("The request, command (cmd:…) or task (task:…) that made the change."),
    )

    class Meta:
        abstract = True


def audit_history(**options) -> HistoricalRecords:
    """`HistoricalRecords` for a portal model: history rows carry the request id."""
    return HistoricalRecords(bases=[RequestIdHistory], **options)
