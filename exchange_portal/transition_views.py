"""Status changes from the staff screens: each is a POST to the transition's service, with the
reason or the confirmation the state table asks for. The object is looked up through the
caller's own queryset (another department's record is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from .access import RoleRequiredMixin
from .forms import add_service_error
from .transitions import ConfirmForm, TransitionSet


class TransitionView(RoleRequiredMixin, FormView):
    """GET: the confirmation or reason page (when the transition needs one).
    POST: apply it through the service and go back to the record with a message."""

    template_name = "staff/transition.html"
    transitions: TransitionSet

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.transition = None

    def get_object(self):
        obj = get_object_or_404(self.transitions.queryset(self.request.user), pk=self.kwargs["pk"])
        try:
            self.transition = self.transitions.workflow[self.kwargs["name"]]
        except KeyError:
            raise Http404 from None
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.transitions.form_for(self.transition) is None:
            return redirect(self.object.get_staff_url())  # one-click: nothing to ask
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_class(self):
        return self.transitions.form_for(self.transition) or ConfirmForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, transition=self.transition, **kwargs)

    def form_valid(self, form):
        service = self.transitions.services[self.transition.name]
        try:
            service(
                **{self.transitions.keyword: self.object},
                actor=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
            if isinstance(form, ConfirmForm) or not form.fields:
                messages.error(self.request, " ".join(error.messages))
                return redirect(self.object.get_staff_url())
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error) or _("You do not have permission to do this."))
            return redirect(self.object.get_staff_url())
        messages.success(
            self.request,
            _("%(object)s: %(action)s done; it is now %(state)s.")
            % {
                "object": self.object,
                "action": str(self.transition.label).lower(),
                "state": str(
                    self.transitions.workflow.states(self.transition.target).label
                ).lower(),
            },
        )
        return redirect(self.object.get_staff_url())
