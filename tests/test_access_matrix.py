"""The access matrix: every URL pattern of the portal × GET and POST × the eight roles has an
expected outcome here. A URL pattern that is not in this file fails the suite (like Zulip's
"Some URLs are untested!"), so every new door is a deliberate one.

Outcomes: a status code, or a set of codes where the form's verdict on an empty POST may be
either an error page (200) or a save and redirect (302). LOGIN means a redirect to a sign-in
page. Objects of another department or person are covered in test_department_scope and the
portal tests; here every object belongs to the HR officer's department, the participant and the
host contact.
"""

import copy
import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from jobs.models import Job
from participants.models import Language, PartnerGovernment, UserProfile
from placements.models import (
    DocumentDownload,
    NominationPreference,
    Placement,
    PlacementAmendment,
    PlacementDocument,
)
from programmes.models import DocumentRequirement
from tests.conftest import make_user
from tests.jobs.factories import JobFactory
from tests.notifications.factories import OutboundEmailFactory
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementCostFactory,
    PlacementFactory,
    PlacementReportFactory,
    ReturnFollowUpFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import (
    BudgetFactory,
    CohortFactory,
    CohortQuotaFactory,
    DocumentRequirementFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
    small_pdf,
)

pytestmark = pytest.mark.django_db

ANON, PART, HOST, HR, VIEWER, MANAGER = (
    "anonymous",
    "participant",
    "host_contact",
    "department_hr",
    "csb_viewer",
    "csb_manager",
)
# The organising department's coordinator (tied to the HR officer's department, which
# organises the world's programme) and the partner government's coordinator (of the world's
# agreement's partner).
COORD, PARTNER = "programme_coordinator", "partner_coordinator"
ROLES = [ANON, PART, HOST, HR, VIEWER, MANAGER, COORD, PARTNER]
STAFF = {HR, VIEWER, MANAGER, COORD}
LOGIN = "login"
OK_OR_SAVED = frozenset({200, 302})


def every(get, post):
    return {role: (get, post) for role in ROLES}


def only(roles, allowed, refused_signed_in=(403, 403), anonymous=(LOGIN, LOGIN)):
    table = {}
    for role in ROLES:
        if role in roles:
            table[role] = allowed
        elif role == ANON:
            table[role] = anonymous
        else:
            table[role] = refused_signed_in
    return table


# The portal's own pages ----------------------------------------------------------------------
PAGES = {
    "public:home": every(200, 405),
    "public:programmes": every(200, 405),
    "public:programme": every(200, 405),
    "public:figures": every(200, 405),
    "public:status_enquiry": every(200, 200),
    "portal:host_placements": only({HOST}, (200, 405)),
    "portal:host_feedback": only({HOST}, (200, 302)),
    # A report of the host's by its own address (a check-in of any kind): the contact's own.
    "portal:host_report": only({HOST}, (200, 302)),
    # The world's placement is completed: the answer is refused with a message (back to /host/).
    "portal:host_placement_accept": only({HOST}, (405, 302)),
    "portal:host_placement_decline": only({HOST}, (200, 200)),
    # Needs action: CSB's worklist, and the coordinator's start page (their programmes').
    "staff:needs_action": only({VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:cohort_reports": only({VIEWER, MANAGER}, (200, 405)),
    "staff:agreement_exchange": only({VIEWER, MANAGER}, (200, 405)),
    "staff:agreement_document": only({VIEWER, MANAGER}, (200, 405)),
    "staff:dashboard": only({VIEWER, MANAGER}, (200, 405)),
    "staff:nominations": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:nomination": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:nomination_transition": only({HR, MANAGER, COORD}, (200, 200)),
    # A submitted nomination to a call that takes host preferences: an empty form clears them.
    "staff:nomination_preferences": only({HR, MANAGER, COORD}, (200, 302)),
    # The world's nomination already has its placement: nothing to propose (404), for the
    # programme's runners (CSB managers, the organising department's coordinator).
    "staff:propose_placement": only({MANAGER, COORD}, (404, 404)),
    # The world's placement is completed, not declined by its host: nothing to propose (404).
    "staff:propose_another_unit": only({MANAGER, COORD}, (404, 404)),
    "staff:placements": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:placement": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:placement_transition": only({HR, MANAGER, COORD}, (200, 200)),
    # Amendments and report returns on the portal's own screens: the programme's runners (an
    # empty POST is the form again, naming the reason it lacks).
    "staff:amendment_request": only({MANAGER, COORD}, (200, 200)),
    # What a placement costs (decision 0049): CSB programme managers record, change and remove
    # costs (an empty POST is the form again, naming what it lacks; a removal is done).
    "staff:placement_cost_add": only({MANAGER}, (200, 200)),
    "staff:placement_cost_edit": only({MANAGER}, (200, 200)),
    "staff:placement_cost_delete": only({MANAGER}, (200, 302)),
    # Renewal at a yearly review: CSB managers alone (an empty POST is the form again).
    "staff:placement_renewal": only({MANAGER}, (200, 200)),
    "staff:amendment_transition": only({MANAGER, COORD}, (200, 200)),
    "staff:report_transition": only({MANAGER, COORD}, (200, 200)),
    "staff:figures": only({VIEWER, MANAGER}, (200, 405)),
    # The reports page: the government's staff; its costs only for CSB and coordinators.
    "staff:reports": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:cohort_factsheet": only({VIEWER, MANAGER}, (200, 405)),
    "staff:department_calendar": only({HR, VIEWER, MANAGER}, (200, 405)),
    "staff:hosts": only({VIEWER, MANAGER}, (200, 405)),
    "staff:host": only({VIEWER, MANAGER}, (200, 405)),
    "staff:units": only({VIEWER, MANAGER}, (200, 405)),
    "staff:programmes": only({VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:programme": only({VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:programme_transition": only({MANAGER, COORD}, (200, 200)),
    # Creating and editing programmes and cohorts: those who run them; an empty POST shows
    # the form's errors.
    "staff:programme_add": only({MANAGER, COORD}, (200, 200)),
    "staff:programme_edit": only({MANAGER, COORD}, (200, 200)),
    "staff:cohort_add": only({MANAGER, COORD}, (200, 200)),
    "staff:cohort_edit": only({MANAGER, COORD}, (200, 200)),
    # Department HR read the calls, to nominate.
    "staff:cohorts": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:cohort": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:cohort_transition": only({MANAGER, COORD}, (200, 200)),
    # Writing to a cohort: those who run it; an empty POST is the form again, with its errors.
    "staff:cohort_message": only({MANAGER, COORD}, (200, 200)),
    # Department HR's home; nominating from a call's page (those who may nominate: the world's
    # cohort is planned, not open, so they are sent back to its page with a message).
    "staff:hr_home": only({HR}, (200, 405)),
    "staff:nominate": only({HR, MANAGER, COORD}, (302, 302)),
    "staff:officers": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:officer": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    # After return: the returnees of every role's reach (the world's officer is EPD's, the HR
    # officer's and coordinator's department); a follow-up's department view is HR's to post
    # (an empty POST: the form's error), CSB reopens with a `reopen` button only; an officer's
    # working languages are kept by CSB managers and HR (an empty POST clears them).
    "staff:returnees": only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
    "staff:follow_up": {
        **only({HR, VIEWER, MANAGER, COORD}, (200, 403)),
        HR: (200, 200),
    },
    "staff:officer_languages": only({HR, MANAGER}, (200, 302)),
    # The officer's own part of a follow-up (an empty POST: the form's error).
    "portal:follow_up": only({PART}, (200, 200)),
    # Erasure on request: CSB managers only (an empty POST is the form again, naming its faults).
    "staff:officer_erase": only({MANAGER}, (200, 200)),
    # Merging two records of one officer: CSB managers only (decision 0042).
    "staff:officer_merge": only({MANAGER}, (200, 200)),
    # A background job's pages: the world's job belongs to the CSB manager; anyone else's
    # is a 404. Its status is JSON for the page's script; its file an export's result; a
    # retry is refused (its job is done) with a message and a redirect to its page.
    "staff:job": {
        **only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
        HR: (404, 405),
        VIEWER: (404, 405),
        COORD: (404, 405),
    },
    "staff:job_status": {
        **only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
        HR: (404, 405),
        VIEWER: (404, 405),
        COORD: (404, 405),
    },
    "staff:job_download": {
        **only({HR, VIEWER, MANAGER, COORD}, (200, 405)),
        HR: (404, 405),
        VIEWER: (404, 405),
        COORD: (404, 405),
    },
    "staff:job_retry": {
        **only({HR, VIEWER, MANAGER, COORD}, (405, 302)),
        HR: (405, 404),
        VIEWER: (405, 404),
        COORD: (405, 404),
    },
    "portal:home": only({PART}, (200, 405)),
    # The partner coordinator's pages (the role string, so the entries extend to it once it is
    # in ROLES). The world's cohort and nomination are not a partner's: 404 to the coordinator.
    "portal:partner_home": only({"partner_coordinator"}, (200, 405)),
    "portal:partner_cohort": only({"partner_coordinator"}, (404, 405)),
    "portal:partner_put_forward": only({"partner_coordinator"}, (404, 404)),
    "portal:partner_nomination": only({"partner_coordinator"}, (404, 405)),
    # An empty POST: the form's errors (no batch, no file).
    "portal:partner_import": only({"partner_coordinator"}, (200, 200)),
    "portal:partner_import_template": only({"partner_coordinator"}, (200, 405)),
    "portal:report": only({PART}, (200, 302)),
    "portal:my_data": only({PART}, (200, 405)),
    # Placements' documents (decision 0056). The one door of downloads: whoever sees the
    # world's placement (its partner coordinator does not: the officer is not a partner's).
    "portal:document": {
        **only({PART, HOST, HR, VIEWER, MANAGER, COORD}, (200, 405)),
        PARTNER: (404, 405),
    },
    # Each party uploads what it provides on its own screen (an empty POST: the form again).
    "portal:officer_document_upload": only({PART}, (200, 200)),
    "portal:host_document_upload": only({HOST}, (200, 200)),
    # The world's address names the document HR provides: the CSB manager does not (404).
    "staff:placement_document_upload": {
        **only({HR, MANAGER}, (200, 200)),
        MANAGER: (404, 404),
    },
    # Signed-in users are sent on to their own start page.
    "login": {ANON: (200, 200), **{r: (302, 302) for r in ROLES[1:]}},
    "logout": every(405, 302),
    "role_home": {ANON: (LOGIN, LOGIN), **{r: (302, 405) for r in ROLES[1:]}},
    # A wrong or used link says so (200) to anyone; it never signs anyone in.
    "password_set": every(200, 200),
    "password_set_done": every(200, 405),
    "password_change": {ANON: (LOGIN, LOGIN), **{r: (200, 200) for r in ROLES[1:]}},
    "password_change_done": {ANON: (LOGIN, LOGIN), **{r: (200, 405) for r in ROLES[1:]}},
    "set_language": every(302, 302),
    # Calendar feeds: the page hands a signed-in user their secret addresses (POST makes new
    # ones). The feeds themselves ignore the session: the secret in the address is the
    # credential, so a made-up one is 404 to everybody (tests/placements/test_calendar_feed.py
    # covers real addresses role by role).
    "portal:calendar_feeds": only({PART, HOST, HR, VIEWER, MANAGER}, (200, 302)),
    "portal:calendar_feed_own": every(404, 405),
    "portal:calendar_feed_cohort": every(404, 405),
    "portal:calendar_feed_department": every(404, 405),
}

# The REST API --------------------------------------------------------------------------------
# Requests here are signed in by session (the matrix's client); tests/api covers tokens. Without
# credentials the API answers 401; participants and host contacts have no API (403). Staff need
# the model's view permission to read and its add permission to POST (DRF checks permissions
# before the method: a POST the role may make to a read-only address is 405). An empty form POST
# to a writable list or to a status change is 415 (the API takes JSON only).
API_RESOURCES = {
    # basename: (writable, roles that read it, roles that may add, a transition to try)
    "programme": (True, STAFF, {MANAGER, COORD}, "close"),
    "cohort": (True, STAFF, {MANAGER, COORD}, "cancel"),
    "agreement": (True, {VIEWER, MANAGER, COORD}, {MANAGER}, "terminate"),
    "hostorganisation": (False, STAFF, {MANAGER}, None),
    "hostunit": (False, STAFF, {MANAGER}, None),
    "department": (False, STAFF, {MANAGER}, None),
    "grade": (False, STAFF, {MANAGER}, None),
    "participant": (True, STAFF, {HR, MANAGER, COORD}, None),
    "nomination": (True, STAFF, {HR, MANAGER, COORD}, "withdraw"),
    "placement": (True, STAFF, {MANAGER, COORD}, "withdraw"),
}
# Who may make the transition tried above (the state table's permission).
API_TRANSITION_ROLES = {
    "programme": {MANAGER, COORD},
    "cohort": {MANAGER, COORD},
    "agreement": {MANAGER},
    "nomination": {HR, MANAGER, COORD},
    "placement": {MANAGER, COORD},
}


def api_expectations(basename, view):
    writable, readers, adders, _transition = API_RESOURCES[basename]
    table = {ANON: (401, 401), PART: (403, 403), HOST: (403, 403), PARTNER: (403, 403)}
    for role in STAFF:
        if role not in readers:
            table[role] = (403, 403)
        elif view == "list":
            table[role] = (200, (415 if writable else 405) if role in adders else 403)
        elif view == "detail":
            table[role] = (200, 405 if role in adders else 403)
        else:  # transition
            table[role] = (405, 415 if role in API_TRANSITION_ROLES[basename] else 403)
    return table


for _basename, (_w, _r, _a, _transition) in API_RESOURCES.items():
    for _view in ("list", "detail", *(("transition",) if _transition else ())):
        PAGES[f"api:{_basename}-{_view}"] = api_expectations(_basename, _view)
PAGES.update(
    {
        "api:api-root": {
            ANON: (401, 401),
            PART: (403, 403),
            HOST: (403, 403),
            PARTNER: (403, 403),
            **{role: (200, 405) for role in STAFF},
        },
        # The reports page's figures: whoever may read placements; nothing to POST.
        "api:report-list": {
            ANON: (401, 401),
            PART: (403, 403),
            HOST: (403, 403),
            PARTNER: (403, 403),
            HR: (200, 403),
            VIEWER: (200, 403),
            MANAGER: (200, 405),
            COORD: (200, 405),
        },
        # What the programmes cost: CSB and coordinators (their department's programmes), not
        # department HR, who read their own officers' costs on the placements (figures/costs.py).
        "api:cost-list": {
            ANON: (401, 401),
            PART: (403, 403),
            HOST: (403, 403),
            PARTNER: (403, 403),
            HR: (403, 403),
            VIEWER: (200, 403),
            MANAGER: (200, 405),
            COORD: (200, 403),  # reads costs, records none
        },
        # The description of the API holds no data: public (docs/decisions/0015).
        # Past the door as on the real addresses: writes need a manager (programmes, the model
        # the role check reads).
        "api:no-such-address": {
            **only(STAFF, (404, 404), anonymous=(401, 401)),
            VIEWER: (404, 403),
            HR: (404, 403),
        },
        "api:schema": every(200, 405),
        "api:docs": every(200, 405),
        "api:redoc": every(200, 405),
    }
)


def api_url(name, world):
    """The address of an API pattern, with the world's objects in it."""
    if not name.endswith(("-detail", "-transition")):
        return reverse(name)
    basename, view = name.removeprefix("api:").rsplit("-", 1)
    model = {
        "programme": "programmes.programme",
        "cohort": "programmes.cohort",
        "agreement": "programmes.partneragreement",
        "hostorganisation": "placements.hostorganisation",
        "hostunit": "placements.hostunit",
        "department": "participants.department",
        "grade": "participants.grade",
        "participant": "participants.participant",
        "nomination": "placements.nomination",
        "placement": "placements.placement",
    }[basename]
    kwargs = {"pk": world["objects"][model].pk}
    if view == "transition":
        kwargs["name"] = API_RESOURCES[basename][3]
    return reverse(name, kwargs=kwargs)


# The admin site ------------------------------------------------------------------------------
# What each staff role may do with each model, written out here rather than read from the
# roles module, so that a change to a role's permissions shows up as a failing expectation.
V, A, C, D = "view", "add", "change", "delete"
PORTAL_MODELS = [
    "participants.department",
    "participants.grade",
    "participants.language",
    "participants.participant",
    "programmes.programme",
    "programmes.partneragreement",
    "programmes.cohort",
    "programmes.cohortquota",
    "placements.hostorganisation",
    "placements.hostunit",
    "placements.focusarea",
    "placements.nomination",
    "placements.placement",
    "placements.placementreport",
    "placements.placementamendment",
    "programmes.budget",
    "placements.placementcost",
    "placements.returnfollowup",
]
NEVER_DELETED = {
    "participants.participant",
    "placements.nomination",
    "placements.placement",
    "placements.placementreport",
    "placements.placementamendment",
    "placements.returnfollowup",
}
HR_RIGHTS = {
    "participants.department": {V},
    "participants.grade": {V},
    "participants.language": {V},
    "participants.participant": {V, A, C},
    "programmes.programme": {V},
    "programmes.cohort": {V},
    "programmes.cohortquota": {V},
    "placements.hostorganisation": {V},
    "placements.hostunit": {V},
    "placements.focusarea": {V},
    "placements.nomination": {V, A, C},
    "placements.placement": {V},
    "placements.placementreport": {V},
    "placements.placementamendment": {V},
    # Their own officers' placements' costs (decision 0049); no budgets.
    "placements.placementcost": {V},
    "placements.returnfollowup": {V},
}
RIGHTS = {
    MANAGER: {
        **{m: {V, A, C} | (set() if m in NEVER_DELETED else {D}) for m in PORTAL_MODELS},
        "auth.user": {V, A, C},
        "auth.group": {V},
        # The outbox is read (and failed mail retried), never edited.
        "notifications.outboundemail": {V},
        # The log of documents' downloads: read by CSB, written by the download view alone.
        "placements.documentdownload": {V},
    },
    VIEWER: {
        **{m: {V} for m in PORTAL_MODELS},
        "notifications.outboundemail": {V},
        "placements.documentdownload": {V},
    },
    HR: HR_RIGHTS,
    # An organising department's coordinator: a manager's rights on the records of the
    # programmes (scoped to their department's), reading the reference lists CSB keeps; no
    # accounts, no outbox, never a delete.
    COORD: {
        m: {V}
        if m
        in {
            "participants.department",
            "participants.grade",
            "participants.language",
            "programmes.partneragreement",
            "placements.hostorganisation",
            "placements.hostunit",
            "placements.focusarea",
            # The money CSB holds (decision 0049): read.
            "programmes.budget",
            "placements.placementcost",
        }
        else {V, A, C}
        for m in PORTAL_MODELS
    },
}
# Follow-ups after return are written on the screens (placements.services.followups): the admin
# only shows them, to every staff role that reaches them.
for _rights in RIGHTS.values():
    _rights["placements.returnfollowup"] = {V}
# Who may import which model from CSV/XLSX on its admin changelist (docs/decisions/0017):
# CSB managers officers, nominations and placements; department HR officers and nominations
# (their own department's rows only, tested in tests/imports); CSB viewers nothing.
IMPORTS = {
    MANAGER: {"participants.participant", "placements.nomination", "placements.placement"},
    HR: {"participants.participant", "placements.nomination"},
    COORD: {"participants.participant", "placements.nomination"},
    VIEWER: set(),
}
# Reports are opened by completing a placement, never added by hand.
NO_ADD_VIEW = {
    "placements.placementreport",
    "placements.returnfollowup",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
ADMIN_MODELS = [
    *PORTAL_MODELS,
    "placements.documentdownload",
    "notifications.outboundemail",
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
]


def admin_model_expectation(model, view, role):
    """(GET, POST) for one admin model view and role."""
    if role not in STAFF:
        return (LOGIN, LOGIN)
    rights = RIGHTS[role].get(model, set())
    sees = bool(rights & {V, C})
    if view in ("changelist", "history"):
        code = 200 if sees else 403
        return (code, code)
    if view == "add":
        allowed = A in rights and model not in NO_ADD_VIEW
        return (200, 200) if allowed else (403, 403)
    if view == "change":
        return (200 if sees else 403, OK_OR_SAVED if C in rights else 403)
    if view == "delete":
        # Deleted (302), or, when other records depend on it, the page says why not (200).
        return (200, OK_OR_SAVED) if D in rights else (403, 403)
    if view == "simple_history":
        return (200 if sees else 403, 403)
    if view == "object":  # admin/<model>/<id>/ redirects to the change page
        return (302, 302)
    if view == "password_change":
        return (200, 200) if C in rights else (403, 403)
    if view == "import":
        # The upload page; an empty POST shows the form with its error.
        return (200, 200) if model in IMPORTS[role] else (403, 403)
    if view == "import_template":
        # The empty file to fill in, CSV or XLSX: whoever may import.
        return (200, 405) if model in IMPORTS[role] else (403, 405)
    if view == "process_import":
        # The confirmation is POST only; without a preview of this session it says the
        # preview has expired (200).
        return (405, 200) if model in IMPORTS[role] else (405, 403)
    raise AssertionError(f"no rule for the admin view {view!r}")


def admin_site_expectation(name, role):
    staff = role in STAFF
    if name == "admin:login":
        if role == ANON:
            return (200, 200)
        return (302, 200) if staff else (200, 200)
    if name == "admin:logout":
        # Not signed in as staff: sent to the admin's front door, which asks them to sign in.
        return (405, 302) if staff else (302, 302)
    if not staff:
        return (LOGIN, LOGIN)
    return {
        "admin:index": (200, 200),
        "admin:password_change": (200, 200),
        "admin:password_change_done": (200, 405),
        "admin:autocomplete": (403, 405),  # without a field to complete
        "admin:jsi18n": (200, 405),
        "admin:view_on_site": (302, 302),
        "admin:app_list": (200, 200),
        "admin:app_list:auth": (200, 200) if role == MANAGER else (404, 404),
        "admin:catch_all": (404, 404),
    }[name]


# Walking the URL configuration ---------------------------------------------------------------


def url_patterns():
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or None
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full_ns)
            elif isinstance(pattern, URLPattern):
                name = (
                    f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name)
                )
                yield prefix + str(pattern.pattern), name

    return list(walk(get_resolver().url_patterns))


def classify_admin(route, name):
    """('model', model label, view) or ('site', name) for an admin URL pattern."""
    if name and name.startswith("admin:"):
        short = name.removeprefix("admin:")
        for model in ADMIN_MODELS:
            prefix = model.replace(".", "_") + "_"
            if short.startswith(prefix):
                return ("model", model, short.removeprefix(prefix))
        return ("site", name)
    if route == "admin/(?P<url>.*)$":
        return ("site", "admin:catch_all")
    for model in ADMIN_MODELS:
        if route == f"admin/{model.replace('.', '/')}/<path:object_id>/":
            return ("model", model, "object")
    return None


@pytest.fixture
def world(django_user_model):
    return build_world(django_user_model)


def build_world(django_user_model):
    """One user per role and one object of every admin model, all in the HR officer's
    department and the participant's and host contact's reach (tests/browser reuses it)."""
    epd = DepartmentFactory(code="EPD")
    users = {ANON: None}
    users[PART] = make_user(django_user_model, "officer", PART)
    users[HOST] = make_user(django_user_model, "host", HOST)
    users[HR] = make_user(django_user_model, "hr", HR)
    UserProfile.objects.create(user=users[HR], department=epd)
    users[VIEWER] = make_user(django_user_model, "viewer", VIEWER)
    users[MANAGER] = make_user(django_user_model, "manager", MANAGER)
    users[COORD] = make_user(django_user_model, "coordinator", COORD, department=epd)
    partner = PartnerGovernment.objects.create(
        code="GD", name_en="Guangdong Provincial Government", name_zh_hant="廣東省人民政府"
    )
    users[PARTNER] = make_user(django_user_model, "partner", PARTNER, partner=partner)
    programme = ProgrammeFactory(organiser=epd)
    agreement = PartnerAgreementFactory(programme=programme, partner=partner)
    agreement.document.save("signed.pdf", ContentFile(small_pdf()))
    cohort = CohortFactory(programme=programme, agreement=agreement)
    officer = ParticipantFactory(department=epd, user=users[PART], grade=GradeFactory())
    unit = HostUnitFactory()
    unit.contacts.add(users[HOST])
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
        host_unit=unit,
        status=Placement.Status.COMPLETED,
    )
    placement.focus_areas.add(FocusAreaFactory())
    participant_report = PlacementReportFactory(placement=placement, author_role="participant")
    # Due today: open for both parts to be written.
    follow_up = ReturnFollowUpFactory(placement=placement, due_on=timezone.localdate())
    host_report = PlacementReportFactory(placement=placement, author_role="host")
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="",
        path_info="/",
        http_accept="",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="",
        path_info="/",
        http_accept="",
    )
    objects = {
        "axes.accessattempt": AccessAttempt.objects.first(),
        "axes.accessfailurelog": AccessFailureLog.objects.first(),
        "axes.accesslog": AccessLog.objects.create(
            username="someone",
            ip_address="192.0.2.1",
            user_agent="",
            path_info="/",
            http_accept="",
        ),
        "participants.department": epd,
        "participants.grade": officer.grade,
        # A language added here, with its history (the seeded ones came without).
        "participants.language": Language.objects.create(code="tl", name_en="Tagalog"),
        "participants.participant": officer,
        "programmes.programme": programme,
        "programmes.partneragreement": agreement,
        "programmes.cohort": cohort,
        "programmes.cohortquota": CohortQuotaFactory(cohort=cohort, department=epd),
        "placements.hostorganisation": unit.organisation,
        "placements.hostunit": unit,
        "placements.focusarea": placement.focus_areas.first(),
        "placements.nomination": placement.nomination,
        "placements.placement": placement,
        "placements.placementreport": participant_report,
        "placements.returnfollowup": follow_up,
        "placements.placementamendment": PlacementAmendment.objects.create(
            placement=placement,
            new_end_date=placement.end_date + datetime.timedelta(days=14),
            reason="Extension",
            old_start_date=placement.start_date,
            old_end_date=placement.end_date,
            old_host_unit=placement.host_unit,
        ),
        "programmes.budget": BudgetFactory(programme=programme),
        "placements.placementcost": PlacementCostFactory(placement=placement),
        "auth.user": users[HR],
        "auth.group": Group.objects.first(),
        "notifications.outboundemail": OutboundEmailFactory(related=placement),
    }
    requirements = {
        provider: DocumentRequirementFactory(programme=programme, kind=kind, provider=provider)
        for kind, provider in (
            (DocumentRequirement.Kind.PASSPORT_COPY, DocumentRequirement.Provider.OFFICER),
            (DocumentRequirement.Kind.ACCEPTANCE_LETTER, DocumentRequirement.Provider.HOST),
            (
                DocumentRequirement.Kind.SECURITY_CLEARANCE,
                DocumentRequirement.Provider.DEPARTMENT_HR,
            ),
            (DocumentRequirement.Kind.DUTY_STATEMENT, DocumentRequirement.Provider.CSB),
        )
    }
    document = PlacementDocument(
        placement=placement,
        requirement=requirements[DocumentRequirement.Provider.DEPARTMENT_HR],
        original_name="clearance.pdf",
        content_type="application/pdf",
        size=len(small_pdf()),
        sha256="0" * 64,
        uploaded_by=users[HR],
        uploaded_at=timezone.now(),
    )
    document.file.save("clearance.pdf", ContentFile(small_pdf()), save=False)
    document.save()
    objects["placements.documentdownload"] = DocumentDownload.objects.create(
        document=document, user=users[MANAGER]
    )
    job = JobFactory(owner=users[MANAGER], status=Job.Status.DONE, finished_at=timezone.now())
    job.result_file.save("officers.csv", ContentFile(b"Name\r\n"))
    # A submitted nomination of the HR officer's department, to a call of the world's programme
    # that takes host preferences (issue 19, point 1).
    preferring = NominationFactory(
        cohort=CohortFactory(programme=programme, takes_host_preferences=True),
        participant=ParticipantFactory(department=epd),
    )
    NominationPreference.objects.create(nomination=preferring, host_unit=unit, rank=1)
    return {
        "users": users,
        "job": job,
        "preferring": preferring,
        "objects": objects,
        "placement": placement,
        "participant_report": participant_report,
        "follow_up": follow_up,
        "host_report": host_report,
        "programme": programme,
        "requirements": requirements,
        "document": document,
    }


def concrete_url(route, name, world):
    """A real address for a pattern, with the world's objects in it."""
    objects = world["objects"]
    fixed = {
        "public:programme": f"/programmes/{world['programme'].code}/",
        "portal:host_feedback": f"/host/placements/{world['placement'].pk}/feedback/",
        "portal:host_placement_accept": f"/host/placements/{world['placement'].pk}/accept/",
        "portal:host_placement_decline": f"/host/placements/{world['placement'].pk}/decline/",
        "portal:report": f"/me/reports/{world['participant_report'].pk}/",
        "portal:follow_up": f"/me/follow-ups/{world['follow_up'].pk}/",
        "staff:follow_up": f"/staff/follow-ups/{world['follow_up'].pk}/",
        "staff:officer_languages": (
            f"/staff/officers/{objects['participants.participant'].pk}/languages/"
        ),
        "portal:document": f"/documents/{world['document'].pk}/",
        "portal:officer_document_upload": "/me/placements/{}/documents/{}/".format(
            world["placement"].pk, world["requirements"]["officer"].pk
        ),
        "portal:host_document_upload": "/host/placements/{}/documents/{}/".format(
            world["placement"].pk, world["requirements"]["host"].pk
        ),
        "staff:placement_document_upload": "/staff/placements/{}/documents/{}/".format(
            world["placement"].pk, world["requirements"]["department_hr"].pk
        ),
        "portal:host_report": f"/host/reports/{world['host_report'].pk}/",
        "portal:partner_cohort": f"/partner/cohorts/{objects['programmes.cohort'].pk}/",
        "portal:partner_put_forward": (
            f"/partner/cohorts/{objects['programmes.cohort'].pk}/put-forward/"
        ),
        "portal:partner_nomination": (
            f"/partner/nominations/{objects['placements.nomination'].pk}/"
        ),
        "portal:partner_import_template": "/partner/import/template/csv/",
        "staff:cohort_reports": f"/staff/cohorts/{objects['programmes.cohort'].pk}/reports/",
        "staff:cohort_factsheet": (f"/staff/cohorts/{objects['programmes.cohort'].pk}/factsheet/"),
        "staff:agreement_exchange": (
            f"/staff/agreements/{objects['programmes.partneragreement'].pk}/"
        ),
        "staff:agreement_document": (
            f"/staff/agreements/{objects['programmes.partneragreement'].pk}/document/"
        ),
        "staff:nomination": f"/staff/nominations/{objects['placements.nomination'].pk}/",
        "staff:nomination_transition": (
            f"/staff/nominations/{objects['placements.nomination'].pk}/do/withdraw/"
        ),
        "staff:nomination_preferences": (
            f"/staff/nominations/{world['preferring'].pk}/preferences/"
        ),
        "staff:propose_placement": (
            f"/staff/nominations/{objects['placements.nomination'].pk}/propose-placement/"
        ),
        "staff:placement": f"/staff/placements/{objects['placements.placement'].pk}/",
        "staff:placement_transition": (
            f"/staff/placements/{objects['placements.placement'].pk}/do/withdraw/"
        ),
        "staff:amendment_request": (
            f"/staff/placements/{objects['placements.placement'].pk}/amend/"
        ),
        "staff:placement_cost_add": (
            f"/staff/placements/{objects['placements.placement'].pk}/costs/add/"
        ),
        "staff:placement_cost_edit": (
            f"/staff/placements/{objects['placements.placement'].pk}/costs/"
            f"{objects['placements.placementcost'].pk}/edit/"
        ),
        "staff:placement_cost_delete": (
            f"/staff/placements/{objects['placements.placement'].pk}/costs/"
            f"{objects['placements.placementcost'].pk}/delete/"
        ),
        "staff:placement_renewal": (
            f"/staff/placements/{objects['placements.placement'].pk}/renewal/"
        ),
        "staff:propose_another_unit": (
            f"/staff/placements/{objects['placements.placement'].pk}/propose-another-unit/"
        ),
        "staff:amendment_transition": (
            f"/staff/amendments/{objects['placements.placementamendment'].pk}/do/reject/"
        ),
        "staff:report_transition": (
            f"/staff/placement-reports/{objects['placements.placementreport'].pk}/do/return/"
        ),
        "staff:department_calendar": (
            f"/staff/departments/{objects['participants.department'].pk}/calendar/"
        ),
        "staff:host": f"/staff/hosts/{objects['placements.hostorganisation'].pk}/",
        "staff:programme": f"/staff/programmes/{objects['programmes.programme'].pk}/",
        "staff:programme_transition": (
            f"/staff/programmes/{objects['programmes.programme'].pk}/do/close/"
        ),
        "staff:cohort": f"/staff/cohorts/{objects['programmes.cohort'].pk}/",
        "staff:cohort_edit": f"/staff/cohorts/{objects['programmes.cohort'].pk}/edit/",
        "staff:cohort_message": f"/staff/cohorts/{objects['programmes.cohort'].pk}/write/",
        "staff:nominate": f"/staff/cohorts/{objects['programmes.cohort'].pk}/nominate/",
        "staff:programme_edit": f"/staff/programmes/{objects['programmes.programme'].pk}/edit/",
        "staff:cohort_transition": (f"/staff/cohorts/{objects['programmes.cohort'].pk}/do/cancel/"),
        "staff:officer": (f"/staff/officers/{objects['participants.participant'].pk}/"),
        "staff:officer_erase": (f"/staff/officers/{objects['participants.participant'].pk}/erase/"),
        "staff:officer_merge": (f"/staff/officers/{objects['participants.participant'].pk}/merge/"),
        "staff:job": f"/staff/jobs/{world['job'].pk}/",
        "staff:job_status": f"/staff/jobs/{world['job'].pk}/status/",
        "staff:job_download": f"/staff/jobs/{world['job'].pk}/download/",
        "staff:job_retry": f"/staff/jobs/{world['job'].pk}/retry/",
        "password_set": "/accounts/set-password/MQ/not-a-valid-token/",
        "api:report-list": "/api/v1/reports/?by=department&across=year",
        "api:cost-list": "/api/v1/costs/?year_from=2024&year_to=2024",
        "api:no-such-address": "/api/v1/agreements/1.5/",
        "portal:calendar_feed_own": "/calendar/1-not-a-valid-secret/mine.ics",
        "portal:calendar_feed_cohort": (
            f"/calendar/1-not-a-valid-secret/cohorts/{objects['programmes.cohort'].pk}.ics"
        ),
        "portal:calendar_feed_department": (
            "/calendar/1-not-a-valid-secret/departments/"
            f"{objects['participants.department'].pk}.ics"
        ),
        "admin:view_on_site": "/admin/r/{}/{}/".format(
            ContentType.objects.get_for_model(objects["participants.participant"]).pk,
            objects["participants.participant"].pk,
        ),
        "admin:auth_user_password_change": f"/admin/auth/user/{objects['auth.user'].pk}/password/",
    }
    if name in fixed:
        return fixed[name]
    if name and name.startswith("api:"):
        return api_url(name, world)
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if name == "admin:app_list":
        return "/admin/participants/"
    kind = classify_admin(route, name)
    if kind and kind[0] == "model":
        _kind, model, view = kind
        obj = objects.get(model)
        pk = obj.pk if obj is not None else 1
        if view == "simple_history":
            history_id = obj.history.first().history_id
            return f"/admin/{model.replace('.', '/')}/{pk}/history/{history_id}/"
        return "/" + route.replace("<path:object_id>", str(pk)).replace("<slug:kind>", "csv")
    return "/" + route


def expectation(route, name, role):
    if name in PAGES:
        return PAGES[name][role]
    kind = classify_admin(route, name)
    if kind is None:
        return None
    if kind[0] == "site":
        return admin_site_expectation(kind[1], role)
    return admin_model_expectation(kind[1], kind[2], role)


def test_every_url_pattern_has_an_expected_outcome_for_every_role():
    untested = [
        (route, name)
        for route, name in url_patterns()
        if any(expectation(route, name, role) is None for role in ROLES)
    ]
    assert not untested, f"Some URLs are untested (add them to {__name__}): {untested}"


def outcome_matches(response, expected):
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    if isinstance(expected, frozenset):
        return response.status_code in expected
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_matrix_says(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for route, name in url_patterns():
        url = concrete_url(route, name, world)
        if name == "admin:app_list":
            checks = [(url, "admin:app_list"), ("/admin/auth/", "admin:app_list:auth")]
        else:
            checks = [(url, name)]
        for address, key in checks:
            if key == "admin:app_list:auth":
                get_expected, post_expected = (
                    admin_site_expectation(key, role) if (role in STAFF) else (LOGIN, LOGIN)
                )
            else:
                get_expected, post_expected = expectation(route, name, role)
            for method, expected in (("get", get_expected), ("post", post_expected)):
                # Each request runs in a transaction rolled back afterwards, so a POST that
                # saves or deletes leaves the world as it was for the next one.
                # Cookies are put back too: a POST to a sign-out page must not sign the
                # client out for the rest of the walk.
                cookies = client.cookies
                client.cookies = copy.deepcopy(cookies)
                with transaction.atomic():
                    # "post" is the admin's "yes, I'm sure" on confirmation pages.
                    data = {"post": "yes"} if method == "post" else {}
                    response = getattr(client, method)(address, data)
                    transaction.set_rollback(True)
                client.cookies = cookies
                if not outcome_matches(response, expected):
                    wrong.append((method.upper(), address, key, response.status_code, expected))
    assert not wrong, "\n".join(map(str, wrong))


def test_the_matrix_knows_every_admin_model():
    from django.contrib import admin

    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS)
