"""The partner-government coordinator's pages (/partner/): their government's inbound batches,
the officers they put forward (one by one or from a CSV / XLSX list) and what became of them.
Everything is read through `visible_to`, so no Hong Kong officer and no other partner's record
is ever in reach (another scope's record is a 404)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView, View

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.exports import EXPORT_KINDS, download
from exchange_portal.forms import add_service_error
from exchange_portal.imports import (
    DATABASE_REFUSED,
    DetectedFormat,
    ImportFileError,
    every_problem,
    outcome_counts,
)
from exchange_portal.roles import PARTNER_COORDINATORS
from participants.models import PartnerGovernment
from placements import services
from placements.imports import PartnerNominationResource
from placements.models import Nomination
from placements.selectors import host_units_for_cohort
from programmes.models import Cohort, Programme

from ..forms import PartnerImportForm, PartnerOfficerForm

logger = logging.getLogger(__name__)


def partner_of(user) -> PartnerGovernment | None:
    return PartnerGovernment.objects.visible_to(user).first()


def open_partner_cohorts(user, *, offered: bool = True):
    """The partner's batches open for nominations. `offered`: those it is invited to put
    officers forward for, i.e. of an active programme (a call left open when its programme
    was suspended takes none); without it, every open call, so that a form posted for a
    suspended programme's batch is refused with the rule's own words by the service."""
    cohorts = Cohort.objects.visible_to(user).with_programme().open_for_nominations()
    return cohorts.filter(programme__status=Programme.Status.ACTIVE) if offered else cohorts


def partner_nominations(user):
    """The partner's officers' nominations with their placements, in a fixed number of
    queries whatever their number."""
    return (
        Nomination.objects.visible_to(user)
        .select_related(
            "participant",
            "cohort__programme",
            "placement__host_unit__organisation",
        )
        .order_by("cohort__start_date", "participant__name_en", "pk")
    )


class PartnerMixin(RoleRequiredMixin):
    allowed_roles = PARTNER_COORDINATORS

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=partner_of(self.request.user), **kwargs)


class PartnerHomeView(PartnerMixin, TemplateView):
    """What to do next: the batches open for nominations (deadline and places), then every
    officer put forward, with the status and reason of each decision and any placement."""

    template_name = "portal/partner_home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cohorts = list(Cohort.objects.visible_to(user).with_programme().order_by("start_date"))
        open_ids = set(open_partner_cohorts(user).values_list("pk", flat=True))
        open_cohorts = sorted(
            (c for c in cohorts if c.pk in open_ids), key=lambda c: c.nominations_close_at
        )
        return super().get_context_data(
            open_cohorts=open_cohorts,
            other_cohorts=[c for c in cohorts if c.pk not in open_ids],
            nominations=list(partner_nominations(user)),
            **kwargs,
        )


class PartnerCohortView(PartnerMixin, DetailView):
    """One inbound batch of the partner's and the officers it put forward for it."""

    template_name = "portal/partner_cohort.html"
    context_object_name = "cohort"

    def get_queryset(self):
        return Cohort.objects.visible_to(self.request.user).with_programme()

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            is_open=open_partner_cohorts(user).filter(pk=self.object.pk).exists(),
            nominations=list(partner_nominations(user).filter(cohort=self.object)),
            **kwargs,
        )


class PartnerNominationView(PartnerMixin, DetailView):
    """One officer's nomination: each decision and its reason, and the placement."""

    template_name = "portal/partner_nomination.html"
    context_object_name = "nomination"

    def get_queryset(self):
        return partner_nominations(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(decisions=decisions_of(self.object), **kwargs)


def decisions_of(nomination) -> list[dict]:
    """Each change of the nomination's status, when and why (not who: the partner reads what
    was decided, not the names of the staff who decided it)."""
    decisions = []
    status = None
    for record in nomination.history.order_by("history_date", "history_id"):
        if record.status != status:
            status = record.status
            decisions.append(
                {
                    "date": record.history_date,
                    "status": Nomination.Status(record.status).label,
                    "reason": record.status_reason,
                }
            )
    return decisions


class PartnerPutForwardView(PartnerMixin, FormView):
    """Put forward one officer for an open inbound batch."""

    template_name = "portal/partner_put_forward.html"
    form_class = PartnerOfficerForm

    @cached_property
    def cohort(self):
        return get_object_or_404(
            Cohort.objects.visible_to(self.request.user).with_programme(), pk=self.kwargs["pk"]
        )

    @cached_property
    def partner(self):
        partner = partner_of(self.request.user)
        if partner is None:
            raise Http404
        return partner

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partner": self.partner,
            "cohort": self.cohort,
            "host_units": host_units_for_cohort(self.cohort),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def form_valid(self, form):
        data = form.service_kwargs()
        statement = data.pop("statement", "")
        try:
            nomination = services.partner_officer_put_forward(
                cohort=self.cohort,
                partner=self.partner,
                actor=self.request.user,
                statement=statement,
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(officer)s is put forward for %(cohort)s.")
            % {"officer": nomination.participant, "cohort": self.cohort},
        )
        # Not refusals: the officer is put forward, and the coordinator told of the overlap.
        for warning in nomination.warnings:
            messages.warning(self.request, warning)
        return redirect("portal:partner_cohort", pk=self.cohort.pk)


class PartnerImportView(PartnerMixin, FormView):
    """A CSV or XLSX list of officers put forward for one open inbound batch, all or none."""

    template_name = "portal/partner_import.html"
    form_class = PartnerImportForm

    def get_form_kwargs(self):
        cohorts = open_partner_cohorts(
            self.request.user, offered=self.request.method == "GET"
        ).order_by("nominations_close_at", "pk")
        kwargs = {**super().get_form_kwargs(), "cohorts": cohorts}
        chosen = self.request.GET.get("cohort", "")
        if chosen.isdigit() and self.request.method == "GET":
            kwargs["initial"] = {"cohort": int(chosen)}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=PartnerNominationResource(actor=self.request.user).listed_columns(),
            template_kinds=EXPORT_KINDS,
            **kwargs,
        )

    def form_valid(self, form):
        cohort = form.cleaned_data["cohort"]
        resource = PartnerNominationResource(actor=self.request.user, cohort=cohort)
        try:
            dataset = DetectedFormat().create_dataset(form.cleaned_data["import_file"].read())
            result = resource.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
        except ImportFileError as error:
            form.add_error("import_file", str(error))
            return self.form_invalid(form)
        except DatabaseError:
            logger.exception("partner import refused by the database")
            form.add_error("import_file", DATABASE_REFUSED)
            return self.form_invalid(form)
        file_errors = [
            str(DATABASE_REFUSED) if isinstance(e.error, DatabaseError) else str(e.error)
            for e in result.base_errors
        ]
        problems = every_problem(result)
        if file_errors or problems or result.has_errors() or result.has_validation_errors():
            form.add_error(
                None, _("Nothing was imported: correct the rows below and upload the file again.")
            )
            return self.render_to_response(
                self.get_context_data(form=form, file_errors=file_errors, problems=problems)
            )
        counts = outcome_counts(result)
        messages.success(
            self.request,
            _(
                "Imported %(new)s new and %(update)s changed officers for %(cohort)s; "
                "%(skip)s were unchanged."
            )
            % {**counts, "cohort": cohort},
        )
        for warning in resource.warnings:
            messages.warning(self.request, warning)
        return redirect("portal:partner_cohort", pk=cohort.pk)


class PartnerImportTemplateView(PartnerMixin, View):
    """An empty file with every column the import reads (row 1), to fill in."""

    def get(self, request, kind):
        if kind not in EXPORT_KINDS:
            raise Http404
        resource = PartnerNominationResource(actor=request.user)
        return download(kind, "partner-officers-import-template", resource.known_columns(), [])
