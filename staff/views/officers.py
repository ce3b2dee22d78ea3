"""Staff screens for officers: CSB staff see all, department HR their own department's."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import DetailView

from exchange_portal.access import RoleRequiredMixin
from exchange_portal.roles import STAFF
from exchange_portal.staff import Column, RecordDetailMixin, StaffListView, choice_label
from participants.filters import ParticipantFilter
from participants.selectors import participants_for
from placements.selectors import nominations_for_participant


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
        Column("name_zh", _("Chinese name"), lambda p: p.name_zh, ("name_zh",)),
        Column(
            "department",
            _("Department or home organisation"),
            lambda p: p.affiliation_code,
            ("department__code", "home_organisation"),
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
        return super().get_context_data(nominations=nominations, **kwargs)
