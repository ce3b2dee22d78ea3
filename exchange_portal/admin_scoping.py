"""What a department HR officer sees in the admin: their own department's records, and nothing
that says another department's record exists.

Each ModelAdmin of the portal derives from `PortalAdmin` (or `PortalPlainAdmin` for a model
without history). Its queryset is the model's `visible_to(user)` (`exchange_portal.scoping`:
the model declares once which paths scope it); a model without a scoped QuerySet is not
personal data, and everyone with the view permission sees every row. The same narrowing
applies to changelists, change and delete pages, history pages, actions, inlines,
autocomplete (which asks the related model's admin) and the choices of foreign keys to scoped
models. An object outside the scope is a 404 on every page, never a redirect or a 403.
"""

from html import escape

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_chinese import ChineseSuggestionsAdminMixin
from .admin_dates import DateCheckedChangeList
from .kept_pages import kept_response
from .roles import PORTAL_APPS
from .scoping import ScopedQuerySet, is_scoped, sees_every_row


def narrow(queryset, request):
    """The rows of `queryset` the request's user may see (all of an unscoped model's)."""
    if isinstance(queryset, ScopedQuerySet):
        return queryset.visible_to(request.user)
    return queryset


class _KnownValuesOnly:
    """Django's autocomplete widgets look up the submitted values to redraw a form with errors;
    a tampered value such as "x" for a numeric key raised ValueError there (a 500). Values that
    cannot be a key are dropped before the lookup; the field's own error still names them."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        field_name = getattr(remote, "field_name", None)
        target = remote.model._meta.get_field(field_name) if field_name else remote.model._meta.pk
        known = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            known.append(item)
        return super().optgroups(name, known, attr)


class KnownValuesAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """Autocomplete fields that survive tampered values (for model admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin(SafeAutocompleteMixin):
    keep_changelist = True  # False: made afresh on every request (the benchmark's measure)

    def get_queryset(self, request):
        return narrow(super().get_queryset(request), request)

    def get_changelist(self, request, **kwargs):
        return DateCheckedChangeList

    def changelist_view(self, request, extra_context=None):
        """The changelist of a record of the portal's apps is kept whole between changes, as
        the staff lists are (decision 0058), once the admin's own checks let the user see it
        (the staff site's check runs before this view; the model permission here)."""
        render = super().changelist_view
        if not self.keep_changelist or self.model._meta.app_label not in PORTAL_APPS:
            return render(request, extra_context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return kept_response(request, lambda: render(request, extra_context))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = self.admin_site._registry.get(db_field.related_model)
        if (
            "queryset" not in kwargs
            and isinstance(related, ScopedAdminMixin)
            and is_scoped(related.model)
            and not sees_every_row(request.user)
        ):
            kwargs["queryset"] = related.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def action_checkbox(self, obj):
        """Django's checkbox of a changelist row, the same markup written in Python: Django
        renders a CheckboxInput through the form renderer's template for every row, a fifth of
        the placement changelist's time (docs/decisions/0047). As format_html writes it, with
        the standard library's escape (Django's, without its check for lazy text per call)."""
        name = str(obj)
        name = name if hasattr(name, "__html__") else escape(name)  # as conditional_escape
        label = _("Select this object for an action - {}").format(name)
        return SafeString(
            f'<input type="checkbox" name="{escape(helpers.ACTION_CHECKBOX_NAME)}" '
            f'value="{escape(str(obj.pk))}" class="action-select" aria-label="{label}">'
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "doesn't exist"; out of scope must look the same as
        # never existing, and be a 404 like everywhere else in the portal.
        raise Http404

    def _require_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last history row of an object the queryset does not
        # return (meant for deleted objects); that would show another department's history.
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        if request.method != "GET":
            # An old version is for reading. Posting it would write the old values straight
            # to the row, past the services and the state tables (reverting is disabled).
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class PortalAdmin(ChineseSuggestionsAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Base of the portal's model admins: department scope, 404s, history, and the other
    Chinese script offered on saving one alone."""


class PortalPlainAdmin(ChineseSuggestionsAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Base for a model without history."""

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise Http404


class ScopedInlineMixin(SafeAutocompleteMixin):
    """Inlines list only the rows the user may see (e.g. a cohort's nominations of the HR
    officer's department)."""

    def get_queryset(self, request):
        return narrow(super().get_queryset(request), request)
