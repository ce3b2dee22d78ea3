"""Import on the admin changelists (django-import-export's ImportMixin), on the portal's terms.

- Who: only the roles in `import_roles` that also hold the model's add and change
  permissions (CSB programme managers; department HR for officers and nominations). Everyone
  else gets 403 on the import pages, and the changelist shows no Import button.
- What: one format, CSV or XLSX told apart by the content (exchange_portal.imports.read_table,
  with the size, row and zip-bomb limits); the resource acts as the signed-in user, so the
  department scope and the services' rules apply to every row.
- How: the preview shows every row's outcome (new, update, unchanged, error) and every error
  with its row, column, value and rule; only an error-free preview can be confirmed; the
  confirmation runs the whole file again in one transaction, and if any row fails then,
  nothing is written and the errors are shown again.
- The uploaded file waits between preview and confirmation in the cache (shared by every
  app instance), under a random name that only the session which uploaded it may confirm.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import CacheStorage

from . import background
from .exports import EXPORT_KINDS, download
from .imports import (
    DATABASE_REFUSED,
    DetectedFormat,
    ImportFileError,
    every_problem,
    max_bytes,
    outcome_counts,
)
from .roles import ACTORS, role_of

SESSION_KEY = "portal_import_files"
logger = logging.getLogger(__name__)


def _file_error(error) -> str:
    """A whole-file error for the page: a database's own text (table, constraint, role
    names) goes to the log, the page says what happened in plain words."""
    if isinstance(error, DatabaseError):
        logger.error("import refused by the database: %s", error)
        return str(DATABASE_REFUSED)
    return str(error)


class ImportCacheStorage(CacheStorage):
    CACHE_LIFETIME = 3600  # a preview waits an hour for its confirmation
    CACHE_PREFIX = "portal-import-"


class PortalImportForm(ImportForm):
    """The upload: one file, the format recognised from its content."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].widget = forms.HiddenInput()
        # Where a page imports more than one kind of record (officers: Hong Kong civil
        # servants or partner-government officers), the user says which the file holds.
        self.fields["resource"].label = _("The file holds")
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8) or an Excel workbook (XLSX) of at most %(size)s KB. Row 1 names "
            "the columns."
        ) % {"size": max_bytes() // 1024}

    @property
    def media(self):
        return forms.Media()  # no format guessing in the browser: the server reads the content

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s KB; an import may be at most %(limit)s KB.")
                % {"size": upload.size // 1024, "limit": max_bytes() // 1024}
            )
        return upload


class PortalImportMixin(ImportMixin):
    import_roles = ACTORS
    import_template_name = "admin/portal_import.html"
    import_form_class = PortalImportForm
    confirm_form_class = ConfirmImportForm
    tmp_storage_class = ImportCacheStorage
    skip_admin_log = True  # every row written has its history record, with the actor
    # Only the import: the portal's exports are on the staff screens.
    import_export_change_list_template = "admin/import_export/change_list_import.html"

    def get_import_formats(self):
        return [DetectedFormat]

    def has_import_permission(self, request):
        opts = self.opts
        user = request.user
        return (
            role_of(user) in self.import_roles
            and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"actor": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("The file cannot be read as CSV or XLSX."))

    def get_import_context_data(self, **kwargs):
        return {"max_kb": max_bytes() // 1024}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template/<slug:kind>/",
                self.admin_site.admin_view(require_GET(self.import_template_view)),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, kind):
        """An empty file with every column the import reads (row 1), to fill in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if kind not in EXPORT_KINDS:
            raise Http404
        classes = self.get_import_resource_classes(request)
        try:
            index = int(request.GET.get("resource", 0))
            resource_class = classes[index]
        except (ValueError, IndexError):
            raise Http404 from None
        resource = resource_class(actor=request.user)
        name = f"{self.opts.model_name}-import-template" + (f"-{index + 1}" if index else "")
        return download(kind, name, resource.known_columns(), [])

    def active_import_url(self, request) -> str | None:
        """The page of this user's import of this model still running, if any: the confirm
        button waits for it."""
        if background.runner is None:
            return None
        return background.runner.active_job_url(
            user=request.user, kind="import", subject=self.opts.label_lower
        )

    def columns_list(self, request) -> list[tuple[str, list[tuple[str, bool]]]]:
        """Every column each import reads, required or not (import-export's own list leaves
        out the columns a field's widget reads besides its own, such as Phase and Batch)."""
        kwargs = self.get_import_resource_kwargs(request)
        return [
            (resource.get_display_name(), resource.listed_columns())
            for resource in (cls(**kwargs) for cls in self.get_import_resource_classes(request))
        ]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        context.update(self.job_context(request))
        if "fields_list" in context:
            context["fields_list"] = self.columns_list(request)
        result = context.get("result")
        if result is not None:
            context.update(self.result_context(result))
        confirm_form = context.get("confirm_form")
        if confirm_form is not None:
            names = request.session.get(SESSION_KEY, [])
            request.session[SESSION_KEY] = [*names[-9:], confirm_form.initial["import_file_name"]]
        return response

    def job_context(self, request) -> dict:
        info = self.opts.app_label, self.opts.model_name
        classes = self.get_import_resource_classes(request)
        urls = []
        for index, resource_class in enumerate(classes):
            for kind in EXPORT_KINDS:
                url = reverse("admin:{}_{}_import_template".format(*info), args=[kind])
                label = kind.upper()
                if len(classes) > 1:
                    # One template per import the page offers, named by what it imports.
                    url += f"?resource={index}"
                    label = f"{label} ({resource_class._meta.name})"
                urls.append((label, url))
        return {"active_job_url": self.active_import_url(request), "template_urls": urls}

    @staticmethod
    def result_context(result) -> dict:
        return {
            "problems": every_problem(result),
            "counts": outcome_counts(result),
            "file_errors": [_file_error(e.error) for e in result.base_errors],
        }

    def render_import_page(self, request, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "max_kb": max_bytes() // 1024,
            "fields_list": self.columns_list(request),
            **self.job_context(request),
            **context,
        }
        if "result" in context:
            context.update(self.result_context(context["result"]))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirmation: the stored file again, checked again, written in one
        transaction, or nothing written and every error shown."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        name = confirm_form.cleaned_data["import_file_name"] if confirm_form.is_valid() else None
        data = None
        if name and name in request.session.get(SESSION_KEY, []):
            storage = self.get_tmp_storage_class()(name=name, read_mode="rb")
            data = storage.read()
        if data is None:
            return self.render_import_page(
                request,
                expired=True,
                form=self.create_import_form_for_page(request),
            )
        try:
            dataset = DetectedFormat().create_dataset(data)
            if background.import_in_background(len(dataset)):
                response = background.runner.import_file(
                    request=request,
                    resource_class=self.choose_import_resource_class(confirm_form, request),
                    subject=self.opts.label_lower,
                    data=data,
                    rows_total=len(dataset),
                )
                storage.remove()
                request.session[SESSION_KEY] = [
                    n for n in request.session[SESSION_KEY] if n != name
                ]
                return response
            result = self.process_dataset(
                dataset,
                confirm_form,
                request,
                raise_errors=False,
                rollback_on_validation_errors=True,
                **kwargs,
            )
        except ImportFileError as error:
            return self.render_import_page(
                request, file_error=str(error), form=self.create_import_form_for_page(request)
            )
        except DatabaseError:
            logger.exception("import refused by the database")
            return self.render_import_page(
                request,
                file_error=DATABASE_REFUSED,
                form=self.create_import_form_for_page(request),
            )
        if result.has_errors() or result.has_validation_errors():
            return self.render_import_page(
                request, result=result, form=self.create_import_form_for_page(request)
            )
        storage.remove()
        request.session[SESSION_KEY] = [n for n in request.session[SESSION_KEY] if n != name]
        return self.process_result(result, request)

    def create_import_form_for_page(self, request):
        form_class = self.get_import_form_class(request)
        return form_class(self.get_import_formats(), self.get_import_resource_classes(request))

    def add_success_message(self, result, request):
        counts = outcome_counts(result)
        messages.success(
            request,
            _("Imported %(new)s new and %(update)s changed %(name)s; %(skip)s were unchanged.")
            % {**counts, "name": self.model._meta.verbose_name_plural},
        )
