"""Writing to a cohort (issue 19.6): compose, preview (counts per group and language, the
recipients, the message as each language group gets it), send. CSB managers, and the
organising department's coordinators for their own programmes' cohorts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.roles import RUNNERS
from notifications.models import Event
from notifications.services import render_email
from placements.audiences import message_plan
from placements.models import Audience
from placements.services import check_message_plan, cohort_message_send
from programmes.selectors import cohorts_for

from ..forms import CohortMessageForm

SEND, EDIT = "send", "edit"


class CohortMessageView(RoleRequiredMixin, TemplateView):
    allowed_roles = RUNNERS
    template_name = "programmes/staff_cohort_message.html"

    def get_cohort(self):
        return get_object_or_404(cohorts_for(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        cohort = self.get_cohort()
        form = CohortMessageForm(initial={"audiences": [Audience.OFFICERS]})
        return self.render_to_response(self.get_context_data(cohort=cohort, form=form))

    def post(self, request, *args, **kwargs):
        cohort = self.get_cohort()
        form = CohortMessageForm(request.POST)
        action = request.POST.get("action", "")
        if action == EDIT or not form.is_valid():
            return self.render_to_response(self.get_context_data(cohort=cohort, form=form))
        texts = form.texts()
        audiences = form.cleaned_data["audiences"]
        plan = message_plan(cohort, audiences=audiences, **texts)
        try:
            check_message_plan(plan)
        except ValidationError as error:
            add_service_error(form, error)
            return self.render_to_response(self.get_context_data(cohort=cohort, form=form))
        if action == SEND:
            try:
                message, sent = cohort_message_send(
                    cohort=cohort,
                    actor=request.user,
                    audiences=audiences,
                    preview_key=form.cleaned_data["preview_key"],
                    **texts,
                )
            except ValidationError as error:
                # Changed since the preview: show the new one, with the reason.
                plan = message_plan(cohort, audiences=audiences, **texts)
                return self.preview(cohort, form, plan, error=error)
            when = formats.date_format(timezone.localtime(message.sent_at), "DATETIME_FORMAT")
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "Your message was queued for %(count)d recipient.",
                        "Your message was queued for %(count)d recipients.",
                        message.recipient_count,
                    )
                    % {"count": message.recipient_count},
                )
            else:
                messages.info(
                    request,
                    _("This message was already sent on %(when)s; nothing was sent again.")
                    % {"when": when},
                )
            return redirect(cohort.get_staff_url() + "#cohort-messages-heading")
        return self.preview(cohort, form, plan)

    def preview(self, cohort, form, plan, error=None):
        data = form.data.copy()
        data["preview_key"] = plan.key
        hidden = CohortMessageForm(data)
        hidden.is_valid()
        samples = []
        for language, recipients in plan.groups().items():
            subject, body = plan.text_in(language)
            rendered = render_email(
                event=Event.COHORT_MESSAGE,
                recipient=recipients[0],
                context={"cohort": cohort, "message_subject": subject, "message_body": body},
            )
            samples.append(
                {
                    "language": language,
                    "count": len(recipients),
                    "subject": rendered[0],
                    "body": rendered[1],
                }
            )
        return render(
            self.request,
            "programmes/staff_cohort_message_preview.html",
            self.get_context_data(
                cohort=cohort,
                form=hidden,
                plan=plan,
                samples=samples,
                errors=error.messages if error is not None else [],
            ),
        )
