"""The runner the core hands long imports and exports to (exchange_portal.background)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext

from .selectors import active_job_of
from .services import job_start_export, job_start_import


class JobRunner:
    def export(self, *, view, kind, rows_total):
        user = view.request.user
        job = active_job_of(user, kind="export", subject=view.export_name)
        if job is not None:
            messages.info(
                view.request, gettext("Your export of this list is still running: here it is.")
            )
        else:
            job = job_start_export(view=view, kind=kind, rows_total=rows_total, actor=user)
        return redirect(job)

    def import_file(self, *, request, resource_class, subject, data, rows_total):
        job = job_start_import(
            resource_class=resource_class,
            subject=subject,
            data=data,
            file_name=request.POST.get("original_file_name", ""),
            rows_total=rows_total,
            actor=request.user,
        )
        return redirect(job)

    def active_job_url(self, *, user, kind, subject):
        job = active_job_of(user, kind=kind, subject=subject)
        return job.get_absolute_url() if job is not None else None
