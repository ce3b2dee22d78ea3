"""Filter pieces every staff list uses."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import department_scope


def text_search(*fields, label=None):
    """A free-text filter matching every word against any of `fields` (English and Chinese
    names alike)."""

    def method(queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
            )
        return queryset

    return django_filters.CharFilter(label=label or _("Search"), method=method, max_length=200)


def departments_for(request):
    """The departments a filter offers: all for CSB, the HR officer's own for HR."""
    from participants.models import Department

    scope = department_scope(request.user) if request is not None else None
    queryset = Department.objects.order_by("code")
    return queryset if scope is None else queryset.filter(pk=scope)


class DateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, with the browser's date picker."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})
