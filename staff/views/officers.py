"""Staff screens for officers: CSB staff see all, department HR their own department's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import DetailView, FormView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.forms import add_service_error
from exchange_portal.names import name_fields
from exchange_portal.roles import MANAGERS, STAFF
from exchange_portal.staff import Column, RecordDetailMixin, StaffListView, choice_label
from operations.erasure import erase_officer, is_erased, open_work
from participants.filters import ParticipantFilter
from participants.selectors import participants_for
from placements.selectors import nominations_for_participant

from ..forms import ErasureForm


class StaffParticipantListView(StaffListView):
    """CSB staff, and department HR for their own officers."""

    allowed_roles = STAFF
    filterset_class = ParticipantFilter
    title = _("Officers")
    export_name = "officers"
    default_sort = "name"
    columns = [
        Column(
            "name",
            pgettext_lazy("a person's name", "Name"),
            lambda p: p.name_en,
            ("name_en",),
            link=True,
        ),
        Column(
            "name_zh", _("Chinese name"), lambda p: p.chinese_name, ("name_zh_hant", "name_zh_hans")
        ),
        Column(
            "department",
            _("Department or home organisation"),
            lambda p: p.affiliation_code,
            ("department__code", *name_fields("", "home_organisation")),
        ),
        Column("grade", _("Grade"), lambda p: p.grade.code if p.grade_id else "", ("grade__code",)),
        Column("rank", _("Rank"), lambda p: p.rank, ("rank",)),
        Column(
            "rank_level", _("Rank level"), lambda p: choice_label(p, "rank_level"), ("rank_level",)
        ),
        Column("email", _("E-mail"), lambda p: p.email, ("email",)),
    ]

    def get_base_queryset(self):
        return participants_for(self.request.user)


class StaffParticipantDetailView(RoleRequiredMixin, RecordDetailMixin, DetailView):
    allowed_roles = STAFF
    template_name = "participants/staff_detail.html"
    context_object_name = "participant"

    def get_queryset(self):
        return participants_for(self.request.user)

    def get_context_data(self, **kwargs):
        nominations = list(
            nominations_for_participant(self.object).prefetch_related("placement__reports")
        )
        return super().get_context_data(
            nominations=nominations, participant_erased=is_erased(self.object), **kwargs
        )


class StaffParticipantEraseView(RoleRequiredMixin, FormView):
    """CSB erases an officer's personal data at the officer's request; the figures stay."""

    allowed_roles = MANAGERS
    template_name = "participants/staff_erase.html"
    form_class = ErasureForm

    def get_participant(self):
        if not hasattr(self, "_participant"):
            self._participant = get_object_or_404(
                participants_for(self.request.user), pk=self.kwargs["pk"]
            )
        return self._participant

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        return super().get_context_data(
            participant=participant,
            erased=is_erased(participant),
            running=open_work(participant),
            **kwargs,
        )

    def form_valid(self, form):
        participant = self.get_participant()
        try:
            erase_officer(
                participant=participant,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The officer's personal data is erased. Their nominations and placements stay "
                "in the figures, under an anonymised name."
            ),
        )
        return redirect(participant.get_staff_url())
