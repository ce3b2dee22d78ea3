"""The API's viewsets. Each reads through the same selector as its staff list (so a department
HR officer sees their department's records and gets 404 for another's) and writes through the
same service as the admin and the staff screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from exchange_portal.kept_pages import kept_response
from exchange_portal.roles import PORTAL_APPS
from exchange_portal.services import StaleVersion
from exchange_portal.transitions import TransitionSet
from figures.costs import cost_report
from figures.forms import CostReportForm, FiguresReportForm
from figures.reports import ACROSS, DIMENSIONS, breakdown
from participants import services as participant_services
from participants.filters import ParticipantFilter
from participants.models import Grade, Participant
from participants.selectors import departments_for, participants_for
from placements import services as placement_services
from placements.filters import (
    HostOrganisationFilter,
    HostUnitFilter,
    NominationFilter,
    PlacementFilter,
)
from placements.models import HostOrganisation, HostUnit, Placement, PlacementCost
from placements.selectors import nominations_for, placements_for
from placements.transitions import NOMINATION_TRANSITIONS, PLACEMENT_TRANSITIONS
from programmes import services as programme_services
from programmes.filters import CohortFilter, ProgrammeFilter
from programmes.models import Cohort, PartnerAgreement, Programme
from programmes.selectors import cohorts_for
from programmes.transitions import AGREEMENT_TRANSITIONS, COHORT_TRANSITIONS, PROGRAMME_TRANSITIONS

from . import serializers as s
from .conflicts import check_precondition, etag, refused_as_stale, takes_version
from .errors import LikelyDuplicateConflict, service_error
from .permissions import CostPermissions, TransitionPermissions
from .rows import RowReader

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag of the record as you read it. Required for every change (a placement also "
        "takes its `version` in the body instead); missing: 428, stale: 412."
    ),
)


def call_service(service: Callable, *args, **kwargs):
    """Run a service; its refusals become API errors that carry its message."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise service_error(error) from None
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from None


def call_changing(obj, shown: dict, service: Callable, *args, **kwargs):
    """Run a service that changes `obj` (shown to the caller as `shown`): a refusal of the
    caller's stale version becomes the 412 (conflicts.refused_as_stale)."""

    def run():
        try:
            return service(*args, **kwargs)
        except StaleVersion as error:
            raise refused_as_stale(obj, shown, error) from None

    return call_service(run)


@cache
def reader_for(serializer_class) -> RowReader | None:
    return RowReader.for_serializer(serializer_class)


@method_decorator(never_cache, name="dispatch")
class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List (filtered, ordered, in pages) and read one record, with its ETag. Responses are
    never cached: they hold what one signed-in caller may see."""

    serializer_class: type[s.serializers.Serializer]
    ordering = ["pk"]
    # The list's pages read as plain rows shown as `serializer_class` shows a record (api/rows.py,
    # decision 0048) instead of through the serializer's model instances.
    list_as_rows = False
    keep_lists = True  # False: each page made afresh (the benchmark's measure)

    def get_queryset(self):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        """A page of the list, kept whole between changes as the staff lists are (decision
        0058; after DRF's authentication, permissions and throttles, which ran in initial()),
        per caller, address, language, host (the page's links name it) and format."""
        model = self.get_queryset().model
        if not self.keep_lists or model._meta.app_label not in PORTAL_APPS:
            return self.list_page(request, *args, **kwargs)
        return kept_response(
            request,
            lambda: self.list_page(request, *args, **kwargs),
            request.get_host(),
            request.is_secure(),
            request.accepted_renderer.format,
        )

    def list_page(self, request, *args, **kwargs):
        self.reader = reader_for(self.serializer_class) if self.list_as_rows else None
        if self.reader is None:
            return super().list(request, *args, **kwargs)
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(rows)

    def read_page(self, queryset) -> list:
        """One page of the list (called by the pagination, api/pagination.py)."""
        reader = getattr(self, "reader", None)
        return reader.read(queryset) if reader is not None else list(queryset)

    def represent(self, obj) -> dict:
        return self.serializer_class(obj, context=self.get_serializer_context()).data

    def respond(self, obj, status_code=status.HTTP_200_OK) -> Response:
        data = self.represent(obj)
        return Response(data, status=status_code, headers={"ETag": etag(obj, data)})

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    def locked_object(self):
        """The caller's record, locked until the end of the transaction (the change is checked
        against the ETag and written with no other change in between)."""
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise exceptions.NotFound() from None
        obj = self.get_queryset().select_for_update(of=("self",)).filter(pk=pk).first()
        if obj is None:
            raise exceptions.NotFound()
        return obj


class WriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    """Create and change through services. `create_service(actor=..., **fields)` and
    `update_service(obj, actor=..., **fields)` return the saved record."""

    create_serializer_class: type[s.serializers.Serializer] | None = None
    update_serializer_class: type[s.serializers.Serializer] | None = None

    def get_serializer_class(self):
        if self.action == "create":
            return self.create_serializer_class
        if self.action in ("update", "partial_update"):
            return self.update_serializer_class or self.create_serializer_class
        return self.serializer_class

    def create_service(self, *, actor, **fields):
        raise NotImplementedError

    def update_service(self, obj, *, actor, **fields):
        raise NotImplementedError

    def created_extras(self, obj) -> dict:
        """What the 201 body adds to the record: what the service said of it (the ETag stays
        the record's, the same as a GET's)."""
        return {}

    def create(self, request, *args, **kwargs):
        write = self.get_serializer(data=request.data)
        write.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = call_service(self.create_service, actor=request.user, **write.validated_data)
        response = self.respond(self.get_queryset().get(pk=obj.pk), status.HTTP_201_CREATED)
        response.data = {**response.data, **self.created_extras(obj)}
        return response

    def update(self, request, *args, partial=False, **kwargs):
        with transaction.atomic():
            obj = self.locked_object()
            shown = self.represent(obj)
            checks_version = takes_version(self.update_service)
            expected = check_precondition(
                request, obj, shown, service_checks_version=checks_version
            )
            write = self.get_serializer(obj, data=request.data, partial=partial)
            write.is_valid(raise_exception=True)
            fields = dict(write.validated_data)
            fields.pop("version", None)  # handed to the service as `expected_version`
            if checks_version:
                fields["expected_version"] = expected
            call_changing(obj, shown, self.update_service, obj, actor=request.user, **fields)
        return self.respond(self.get_queryset().get(pk=obj.pk))


class TransitionMixin:
    """POST .../{id}/transitions/{name}/: the same service the staff screen's button calls,
    with the same form for its inputs. 403 when the caller's role may not make the change, 404
    for a record they cannot see or a transition that does not exist, 400 for missing input,
    409 when a rule of the service refuses it."""

    transitions: TransitionSet

    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<name>[a-z_]+)",
        url_name="transition",
        permission_classes=[TransitionPermissions],
    )
    def transition(self, request, pk=None, name=None):
        try:
            transition = self.transitions.workflow[name]
        except KeyError:
            raise exceptions.NotFound(_("There is no such change of status.")) from None
        with transaction.atomic():
            obj = self.locked_object()
            permission = self.transitions.workflow.permission_for(transition)
            if permission and not request.user.has_perm(permission):
                raise exceptions.PermissionDenied(_("You do not have permission to do this."))
            shown = self.represent(obj)
            service = self.transitions.services[transition.name]
            checks_version = takes_version(service)
            expected = check_precondition(
                request, obj, shown, service_checks_version=checks_version
            )
            shape = s.TransitionInputSerializer(data=request.data)
            shape.is_valid(raise_exception=True)
            inputs = {}
            form_class = self.transitions.form_for(transition)
            if form_class is not None:
                form = form_class(data=request.data)
                if not form.is_valid():
                    raise exceptions.ValidationError(
                        {field: [str(m) for m in errors] for field, errors in form.errors.items()}
                    )
                inputs = dict(form.cleaned_data)
            if checks_version:
                inputs["expected_version"] = expected
            call_changing(
                obj, shown, service, **{self.transitions.keyword: obj}, actor=request.user, **inputs
            )
        return self.respond(self.get_queryset().get(pk=obj.pk))


def transition_schema(transitions: TransitionSet, serializer):
    names = [t.name for t in transitions.workflow.transitions]
    return extend_schema(
        summary="Change the status",
        description="Transitions: " + ", ".join(names) + ".",
        parameters=[
            OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=names),
            IF_MATCH,
        ],
        request=s.TransitionInputSerializer,
        responses={200: serializer},
    )


def write_schema(read, create=None, update=None, created=None):
    """The request and response shapes of a WriteViewSet's operations; `created`, the 201
    body's when it says more than the record (a nomination's warnings)."""
    schemas = {}
    if create is not None:
        schemas["create"] = extend_schema(request=create, responses={201: created or read})
    for name in ("update", "partial_update"):
        schemas[name] = extend_schema(
            request=update or create, responses={200: read}, parameters=[IF_MATCH]
        )
    return extend_schema_view(**schemas)


# Reference data -------------------------------------------------------------------------------


class DepartmentViewSet(ReadViewSet):
    serializer_class = s.DepartmentSerializer
    ordering_fields = ["code", "name_en"]
    ordering = ["code"]

    def get_queryset(self):
        return departments_for(self.request)


class GradeViewSet(ReadViewSet):
    serializer_class = s.GradeSerializer
    ordering_fields = ["code", "name_en"]
    ordering = ["code"]

    def get_queryset(self):
        return Grade.objects.all()


class HostOrganisationViewSet(ReadViewSet):
    serializer_class = s.HostOrganisationSerializer
    filterset_class = HostOrganisationFilter
    ordering_fields = ["name_en", "country", "city", "kind"]
    ordering = ["name_en", "pk"]

    def get_queryset(self):
        return HostOrganisation.objects.all()


class HostUnitViewSet(ReadViewSet):
    serializer_class = s.HostUnitSerializer
    filterset_class = HostUnitFilter
    ordering_fields = ["name_en", "city", "capacity", "organisation__name_en"]
    ordering = ["organisation__name_en", "name_en", "pk"]

    def get_queryset(self):
        return HostUnit.objects.all()


# Programmes, agreements, cohorts --------------------------------------------------------------


@write_schema(s.ProgrammeSerializer, s.ProgrammeWriteSerializer)
@extend_schema_view(transition=transition_schema(PROGRAMME_TRANSITIONS, s.ProgrammeSerializer))
class ProgrammeViewSet(TransitionMixin, WriteViewSet):
    serializer_class = s.ProgrammeSerializer
    create_serializer_class = s.ProgrammeWriteSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["name_en", "code", "kind", "status", "direction"]
    ordering = ["name_en", "pk"]
    transitions = PROGRAMME_TRANSITIONS

    def get_queryset(self):
        return PROGRAMME_TRANSITIONS.queryset(self.request.user)

    def create_service(self, *, actor, **fields):
        return programme_services.programme_save(programme=Programme(), actor=actor, **fields)

    def update_service(self, obj, *, actor, **fields):
        return programme_services.programme_save(programme=obj, actor=actor, **fields)


@write_schema(s.AgreementSerializer, s.AgreementWriteSerializer)
@extend_schema_view(transition=transition_schema(AGREEMENT_TRANSITIONS, s.AgreementSerializer))
class AgreementViewSet(TransitionMixin, WriteViewSet):
    serializer_class = s.AgreementSerializer
    create_serializer_class = s.AgreementWriteSerializer
    filterset_fields = ["programme", "status"]
    ordering_fields = ["title", "signed_on", "in_force_from", "status"]
    ordering = ["-signed_on", "pk"]
    transitions = AGREEMENT_TRANSITIONS

    def get_queryset(self):
        return AGREEMENT_TRANSITIONS.queryset(self.request.user)

    def create_service(self, *, actor, **fields):
        return programme_services.agreement_save(
            agreement=PartnerAgreement(), actor=actor, **fields
        )

    def update_service(self, obj, *, actor, **fields):
        return programme_services.agreement_save(agreement=obj, actor=actor, **fields)


@write_schema(s.CohortSerializer, s.CohortWriteSerializer)
@extend_schema_view(transition=transition_schema(COHORT_TRANSITIONS, s.CohortSerializer))
class CohortViewSet(TransitionMixin, WriteViewSet):
    serializer_class = s.CohortSerializer
    create_serializer_class = s.CohortWriteSerializer
    filterset_class = CohortFilter
    ordering_fields = ["name", "start_date", "end_date", "places", "status"]
    ordering = ["-start_date", "pk"]
    transitions = COHORT_TRANSITIONS

    def get_queryset(self):
        return cohorts_for(self.request.user).prefetch_related("eligible_grades")

    def create_service(self, *, actor, past_dates_confirmed=False, **fields):
        return programme_services.cohort_save(
            cohort=Cohort(), actor=actor, past_dates_confirmed=past_dates_confirmed, **fields
        )

    def update_service(self, obj, *, actor, past_dates_confirmed=False, **fields):
        return programme_services.cohort_save(
            cohort=obj, actor=actor, past_dates_confirmed=past_dates_confirmed, **fields
        )


# Officers, nominations, placements ------------------------------------------------------------


@write_schema(s.ParticipantSerializer, s.ParticipantWriteSerializer)
class ParticipantViewSet(WriteViewSet):
    serializer_class = s.ParticipantSerializer
    create_serializer_class = s.ParticipantWriteSerializer
    filterset_class = ParticipantFilter
    ordering_fields = ["name_en", "staff_number", "department__code", "grade__code"]
    ordering = ["name_en", "pk"]

    def get_queryset(self):
        return participants_for(self.request.user)

    def create_service(self, *, actor, different_person=False, **fields):
        try:
            return participant_services.participant_save(
                participant=Participant(),
                actor=actor,
                duplicate_choice=participant_services.DIFFERENT_PERSON if different_person else "",
                **fields,
            )
        except participant_services.LikelyDuplicate as error:
            raise likely_duplicate_conflict(error) from None

    def update_service(self, obj, *, actor, different_person=False, **fields):
        return participant_services.participant_save(participant=obj, actor=actor, **fields)


def likely_duplicate_conflict(error) -> LikelyDuplicateConflict:
    """The 409 of a new officer likely already recorded: each match the caller may read, and
    of the others only what matched (participants.selectors.LikelyMatch)."""
    return LikelyDuplicateConflict(
        " ".join(str(m) for m in error.messages)
        + " "
        + str(_("Send different_person: true to record a different person.")),
        matches=[
            {
                "id": match.pk if match.in_reach else None,
                "name": match.officer.name_en if match.in_reach else "",
                "affiliation": match.officer.affiliation_code if match.in_reach else "",
                "matched": [str(reason) for reason in match.reasons],
            }
            for match in error.matches
        ],
    )


@write_schema(
    s.NominationSerializer,
    s.NominationCreateSerializer,
    s.NominationUpdateSerializer,
    created=s.NominationCreatedSerializer,
)
@extend_schema_view(transition=transition_schema(NOMINATION_TRANSITIONS, s.NominationSerializer))
class NominationViewSet(TransitionMixin, WriteViewSet):
    serializer_class = s.NominationSerializer
    create_serializer_class = s.NominationCreateSerializer
    update_serializer_class = s.NominationUpdateSerializer
    filterset_class = NominationFilter
    ordering_fields = ["created_at", "rank", "status", "participant__name_en", "cohort__name"]
    ordering = ["-created_at", "pk"]
    transitions = NOMINATION_TRANSITIONS

    def get_queryset(self):
        return nominations_for(self.request.user).prefetch_related("preferences")

    def create_service(self, *, actor, **fields):
        return placement_services.nomination_create(actor=actor, **fields)

    def created_extras(self, obj) -> dict:
        return {"warnings": [str(warning) for warning in getattr(obj, "warnings", [])]}

    def update_service(self, obj, *, actor, **fields):
        return placement_services.nomination_update(nomination=obj, actor=actor, **fields)


@write_schema(s.PlacementSerializer, s.PlacementCreateSerializer, s.PlacementUpdateSerializer)
@extend_schema_view(transition=transition_schema(PLACEMENT_TRANSITIONS, s.PlacementSerializer))
class PlacementViewSet(TransitionMixin, WriteViewSet):
    serializer_class = s.PlacementSerializer
    create_serializer_class = s.PlacementCreateSerializer
    update_serializer_class = s.PlacementUpdateSerializer
    filterset_class = PlacementFilter
    ordering_fields = ["start_date", "end_date", "status", "reference_code"]
    ordering = ["-start_date", "pk"]
    transitions = PLACEMENT_TRANSITIONS
    list_as_rows = True

    def get_queryset(self):
        return placements_for(self.request.user).prefetch_related("focus_areas")

    def create_service(self, *, actor, past_dates_confirmed=False, **fields):
        return placement_services.placement_create(
            actor=actor, past_dates_confirmed=past_dates_confirmed, **fields
        )

    def update_service(
        self, obj, *, actor, expected_version=None, past_dates_confirmed=False, **fields
    ):
        return placement_services.placement_update(
            placement=obj,
            actor=actor,
            expected_version=expected_version,
            past_dates_confirmed=past_dates_confirmed,
            **fields,
        )


# Reports ----------------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ReportView(APIView):
    """GET /api/v1/reports/?by=department&across=year&programmes=1&year_from=2023: the reports
    page's figures, checked by the page's own form (a bad choice is a 400 naming the field)."""

    # The model permission a caller needs: reading placements (CSB roles and department HR).
    queryset = Placement.objects.none()

    @extend_schema(
        summary="Officers counted by a breakdown",
        description=(
            "The figures of the staff reports page: distinct officers by one breakdown, "
            "optionally crossed by programme or year, with row, column and grand totals. "
            "Department HR see their own department's officers only. Every figure is one "
            "database aggregate."
        ),
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(DIMENSIONS), required=True),
            OpenApiParameter("across", OpenApiTypes.STR, enum=list(ACROSS)),
            OpenApiParameter("programmes", OpenApiTypes.INT, many=True, explode=True),
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
        ],
        responses={200: s.ReportSerializer},
    )
    def get(self, request):
        form = FiguresReportForm(request.query_params)
        if not request.query_params.get("by"):
            form.add_error("by", _("Say what to count officers by."))
        if not form.is_valid():
            raise exceptions.ValidationError(
                {field: [str(m) for m in errors] for field, errors in form.errors.items()}
            )
        data = form.cleaned_data
        report = breakdown(
            user=request.user,
            by=data["by"],
            across=data["across"] or None,
            programmes=data["programmes"],
            years=(data["year_from"], data["year_to"]),
        )
        return Response(
            s.ReportSerializer(
                {
                    **vars(report),
                    "rows": [
                        {**vars(row), "key": None if row.key is None else str(row.key)}
                        for row in report.rows
                    ],
                    "overlapping": report.overlapping,
                }
            ).data
        )


@method_decorator(never_cache, name="dispatch")
class CostView(APIView):
    """GET /api/v1/costs/?year_from=2024&year_to=2024: what each programme cost in HK$ by
    financial year, as on the staff reports page, for CSB and coordinators (their department's
    programmes)."""

    # The model permission a caller needs: reading placements' costs; and a role that reads a
    # programme's money (CostPermissions).
    queryset = PlacementCost.objects.none()
    permission_classes = [CostPermissions]

    @extend_schema(
        summary="What each programme cost, by financial year",
        description=(
            "Hong Kong dollars per programme and financial year (1 April to 31 March, named by "
            "the year it starts), with totals; and for each programme and year the planned and "
            "actual costs, the budget, what is left of it, the officer months and the cost per "
            "officer month. The cost is the actual cost where recorded, else the planned one. "
            "Amounts are decimal strings, exact to the cent. CSB staff see every programme, a "
            "programme coordinator their department's."
        ),
        parameters=[
            OpenApiParameter("programmes", OpenApiTypes.INT, many=True, explode=True),
            OpenApiParameter("year_from", OpenApiTypes.INT),
            OpenApiParameter("year_to", OpenApiTypes.INT),
        ],
        responses={200: s.CostReportSerializer},
    )
    def get(self, request):
        form = CostReportForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {field: [str(m) for m in errors] for field, errors in form.errors.items()}
            )
        data = form.cleaned_data
        report = cost_report(
            user=request.user,
            programmes=data["programmes"],
            years=(data["year_from"], data["year_to"]),
        )
        return Response(
            s.CostReportSerializer(
                {**vars(report), "columns": report.columns, "rows": [vars(r) for r in report.rows]}
            ).data
        )


@extend_schema(exclude=True)
class NoSuchAddressView(APIView):
    """Any other address under /api/v1/ (a record id that is not a number, a misspelt list):
    past the API's door (credentials, role, CSRF), a 404 in the API's error shape, not the
    site's HTML page."""

    # The role check wants a model: every staff role may read programmes.
    queryset = Programme.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
