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
from operations.merge import merge_plan, participant_merge
from participants.filters import ParticipantFilter
from participants.models import Participant
from participants.selectors import likely_duplicates, participants_for
from placements.selectors import nominations_for_participant

from ..forms import ErasureForm, MergeForm


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


class StaffParticipantMergeView(RoleRequiredMixin, FormView):
    """CSB merges another record of the same officer into this one: the likely duplicates are
    offered (or any record by its number), the two are shown side by side with what will move
    and what refuses the merge, and the merge is confirmed with a reason."""

    allowed_roles = MANAGERS
    template_name = "participants/staff_merge.html"
    form_class = MergeForm

    def get_participant(self):
        if not hasattr(self, "_participant"):
            self._participant = get_object_or_404(
                participants_for(self.request.user), pk=self.kwargs["pk"]
            )
        return self._participant

    def get_other(self):
        """The record chosen to merge into this one (?other= on the page, `other` posted);
        None when none is chosen or it names no record in reach."""
        if not hasattr(self, "_other"):
            raw = self.request.POST.get("other") or self.request.GET.get("other") or ""
            self._other = None
            if raw.isdigit() and int(raw) < 2**31 and int(raw) != self.get_participant().pk:
                self._other = participants_for(self.request.user).filter(pk=int(raw)).first()
        return self._other

    def get_initial(self):
        other = self.get_other()
        return {"other": other.pk} if other is not None else {}

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        other = self.get_other()
        plan = merge_plan(keep=participant, remove=other) if other is not None else None
        return super().get_context_data(
            participant=participant,
            other=other,
            asked=bool(self.request.GET.get("other")) and other is None,
            plan=plan,
            rows=side_by_side(participant, other) if other is not None else [],
            candidates=[m for m in likely_duplicates(participant, user=self.request.user)],
            **kwargs,
        )

    def form_valid(self, form):
        participant = self.get_participant()
        other = self.get_other()
        if other is None or other.pk != form.cleaned_data["other"]:
            form.add_error(None, _("Choose the other record of this officer first."))
            return self.form_invalid(form)
        try:
            participant_merge(
                keep=participant,
                remove=other,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The two records are one: record %(removed)s is merged into this one, with "
                "its nominations and placements."
            )
            % {"removed": other.pk},
        )
        return redirect(participant.get_staff_url())


# What the merge page compares, field by field: every field people edit, and the account.
COMPARED_FIELDS = (*Participant.EDITABLE_FIELDS, "user")


def side_by_side(keep, remove) -> list[dict]:
    """(label, this record's value, the other's, whether the kept record takes the other's)."""
    rows = []
    for name in COMPARED_FIELDS:
        field = keep._meta.get_field(name)
        values = []
        for record in (keep, remove):
            value = getattr(record, name)
            if field.choices and value:
                value = getattr(record, f"get_{name}_display")()
            values.append("" if value is None else str(value))
        fills = not values[0] and bool(values[1]) and name not in ("user", "origin")
        rows.append(
            {"label": field.verbose_name, "keep": values[0], "remove": values[1], "fills": fills}
        )
    return rows
