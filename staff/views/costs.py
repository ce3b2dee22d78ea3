"""Staff screens for what a placement costs (decision 0049): CSB programme managers record,
change and remove planned and actual costs; everyone who may read them sees them on the
placement's page (templates/placements/_costs.html)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import MANAGERS
from placements import services
from placements.budgets import costs_for
from placements.selectors import placements_for

from ..forms import CostDeleteForm, PlacementCostForm

COSTS_ANCHOR = "#costs-heading"


class PlacementCostMixin(RoleRequiredMixin):
    allowed_roles = MANAGERS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._placement = None
        self._cost = None

    def get_placement(self):
        if self._placement is None:
            self._placement = get_object_or_404(
                placements_for(self.request.user), pk=self.kwargs["pk"]
            )
        return self._placement

    def get_cost(self):
        if self._cost is None:
            self._cost = get_object_or_404(
                costs_for(self.request.user).filter(placement=self.get_placement()),
                pk=self.kwargs["cost_pk"],
            )
        return self._cost

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.get_placement(), **kwargs)

    def back(self):
        return redirect(self.get_placement().get_staff_url() + COSTS_ANCHOR)

    def run(self, form, call, done_message):
        """Call the service; its refusal goes on the form, a permission refusal back to the
        placement's page."""
        try:
            with transaction.atomic():
                call()
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return self.back()
        messages.success(self.request, done_message)
        return self.back()


class PlacementCostCreateView(PlacementCostMixin, FormView):
    """Record a planned or actual cost of a placement."""

    template_name = "placements/staff_cost_form.html"
    form_class = PlacementCostForm
    title = _("Record a cost")

    def get_initial(self):
        return {
            "incurred_on": self.get_placement().start_date,
            "rate_date": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.cost_record(
                placement=self.get_placement(), actor=self.request.user, **form.service_kwargs()
            ),
            _("Cost recorded."),
        )


class PlacementCostUpdateView(PlacementCostMixin, FormView):
    """Change a recorded cost: the actual amount once paid, a corrected rate."""

    template_name = "placements/staff_cost_form.html"
    form_class = PlacementCostForm
    title = _("Change a cost")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_cost()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, cost=self.get_cost(), **kwargs)

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.cost_update(
                self.get_cost(), actor=self.request.user, **form.service_kwargs()
            ),
            _("Cost changed."),
        )


class PlacementCostDeleteView(PlacementCostMixin, FormView):
    """Remove a cost recorded in error (its history keeps it)."""

    template_name = "placements/staff_cost_delete.html"
    form_class = CostDeleteForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(cost=self.get_cost(), **kwargs)

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.cost_delete(
                self.get_cost(),
                actor=self.request.user,
                approve_over_budget=form.cleaned_data["approve_over_budget"],
                over_budget_reason=form.cleaned_data["over_budget_reason"],
            ),
            _("Cost removed."),
        )
