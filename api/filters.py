"""The staff lists' FilterSets, held to an API's stricter reading: on a screen an empty field
means "any"; in the API an empty parameter is a mistake (400), never silently ignored."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            names = set(filterset_class.base_filters)
            empty = sorted(
                name
                for name, values in request.query_params.lists()
                if "" in values and (name in names or name.rsplit("_", 1)[0] in names)
            )
            if empty:
                raise ValidationError(
                    {name: [_("Give a value, or leave the parameter out.")] for name in empty}
                )
        return super().filter_queryset(request, queryset, view)
