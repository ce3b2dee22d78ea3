"""The upload screen of a placement's required document, shared by the portal's (/me/, /host/)
and the staff placement page's (decision 0056), as exchange_portal.transition_views is shared
by every transition screen. The screens subclass it with their roles, template and return page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exchange_portal.files import megabytes
from exchange_portal.forms import add_service_error

from . import services
from .checklist import requirements_for
from .forms import DocumentUploadForm
from .models import Placement


class DocumentUploadMixin:
    """The upload screen of one required document of one placement the user may see and
    provides the document for (else 404)."""

    form_class = DocumentUploadForm
    success_url_name = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._target = None

    def placements(self):
        return Placement.objects.visible_to(self.request.user)

    def target(self):
        if self._target is None:
            placement = get_object_or_404(
                self.placements().select_related(
                    "cohort__programme", "host_unit__organisation", "participant"
                ),
                pk=self.kwargs["pk"],
                status__in=Placement.LIVE_STATES,
            )
            requirement = next(
                (r for r in requirements_for(placement) if r.pk == self.kwargs["requirement"]),
                None,
            )
            if requirement is None or not services.may_provide(
                self.request.user, placement, requirement
            ):
                raise Http404(_("You do not provide this document for this placement."))
            self._target = (placement, requirement)
        return self._target

    def get_success_url(self):
        return reverse(self.success_url_name)

    def get_context_data(self, **kwargs):
        placement, requirement = self.target()
        return super().get_context_data(
            placement=placement,
            requirement=requirement,
            due_on=requirement.due_on(placement.start_date),
            document=placement.documents.filter(requirement=requirement).first(),
            max_megabytes=megabytes(settings.DOCUMENT_MAX_BYTES),
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.target()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.target()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        placement, requirement = self.target()
        try:
            services.placement_document_upload(
                placement=placement,
                requirement=requirement,
                upload=form.cleaned_data["file"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            messages.error(self.request, str(error))
            return redirect(self.get_success_url())
        messages.success(
            self.request,
            _("%(document)s uploaded for %(code)s.")
            % {"document": requirement.label, "code": placement.reference_code},
        )
        return redirect(self.get_success_url())
