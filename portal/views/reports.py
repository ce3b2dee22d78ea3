"""A placement report's form, as the officer and the host contact fill it in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import add_service_error
from placements import services

from ..forms import ReportForm


class ReportSubmissionMixin:
    """With an UpdateView of the author's own PlacementReport: "Save draft" keeps it a draft,
    "Submit" (a `submit` button) sends it, through the one service either way. Subclasses say
    `submitted_message` and `success_url`."""

    form_class = ReportForm
    submitted_message = _("Report submitted. Thank you.")
    draft_message = _("Draft saved.")

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.report_write(
                report=self.object, actor=self.request.user, submit=submit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.submitted_message if submit else self.draft_message)
        return redirect(self.get_success_url())
