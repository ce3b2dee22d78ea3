"""A background job's page: its progress, then its outcome (counts, row-level errors, the
export's file). Only the job's owner sees it; anyone else's job is a 404 (decision 0035)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import STAFF
from jobs.models import Job
from jobs.selectors import job_progress_text, job_rows_done, jobs_for_owner
from jobs.services import job_retry, jobs_fail_stale

REFRESH_SECONDS = 3  # how often the page asks again (the script), or reloads (without it)


class OwnJobMixin(RoleRequiredMixin, SingleObjectMixin):
    allowed_roles = STAFF

    def get_queryset(self):
        return jobs_for_owner(self.request.user)

    def get_object(self, queryset=None):
        job = super().get_object(queryset)
        if job.status == Job.Status.RUNNING and jobs_fail_stale():
            job.refresh_from_db()
        return job


class JobDetailView(OwnJobMixin, DetailView):
    template_name = "staff/job.html"
    context_object_name = "job"

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(
            progress_text=job_progress_text(job),
            rows_done=job_rows_done(job),
            refresh_seconds=REFRESH_SECONDS,
            **kwargs,
        )


class JobStatusView(OwnJobMixin, View):
    """What the page's script polls: the job's status and progress, in the reader's language."""

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "rows_done": job_rows_done(job),
                "rows_total": job.rows_total,
                "progress": job_progress_text(job),
                "finished": not job.is_active,
            }
        )


class JobDownloadView(OwnJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != Job.Status.DONE or not job.result_file:
            raise Http404
        return FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.result_file.name.rsplit("/", 1)[-1].split("-", 1)[-1],
        )


class JobRetryView(OwnJobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        try:
            job_retry(job=job, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The job runs again."))
        return redirect(job)
