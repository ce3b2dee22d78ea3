"""Which pages the browser tests open, as whom and in which language.

The portal's own pages come from the access matrix (tests/test_access_matrix.py): every URL
pattern outside /admin/ whose GET answers 200 to a role is opened as that role, in each of the
portal's languages. A page added later is covered as soon as the matrix knows it; a page the
matrix's world answers 404 to (a record out of the role's reach) is listed in EXTRA_PAGES and
opened with a record of its own (`extend_world`). Of the API,
only its two documentation pages are pages (the rest is JSON and the schema file). The admin is
too large to open whole; its main pages are listed here for the three staff roles: the index,
and the list and one change form of every model the role may see, and the add forms staff use
most (a nomination for HR, a placement for CSB managers), and the import pages of each role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from tests.test_access_matrix import (
    ANON,
    HOST,
    HR,
    IMPORTS,
    MANAGER,
    PARTNER,
    RIGHTS,
    ROLES,
    STAFF,
    VIEWER,
    admin_model_expectation,
    concrete_url,
    expectation,
    url_patterns,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Admin models left out: django-axes' records (lockout bookkeeping) and the role groups.
ADMIN_SKIPPED = {"auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
API_PAGES = {"api:docs", "api:redoc"}
# The documentation pages are the same for every caller (standalone templates, a public schema
# with no records in it), so they are opened once per language, without signing in.
API_PAGE_ROLES = {ANON}
# Pages axe-core does not judge, and why (the CSP test still opens them).
AXE_EXEMPT = {
    "api:docs": (
        "Swagger UI is a third-party developer tool with known contrast and nested-control "
        "faults; /api/redoc/ is the accessible documentation of the same schema (decision 0015)"
    ),
}
ADMIN_ADD_PAGES = {HR: ["placements.nomination"], MANAGER: ["placements.placement"]}
# Pages a role uses but the matrix's world answers 404 to (its cohort and nomination are no
# partner's; its nomination already has its placement): opened with records of their own,
# which `extend_world` adds to the browser tests' world, at the address it gives them. It also
# gives the host's decline page another address: a placement waiting for the host's answer,
# so that its form is checked (the world's placement is long answered).
EXTRA_PAGES = {
    "portal:partner_cohort": {PARTNER},
    "portal:partner_put_forward": {PARTNER},
    "portal:partner_nomination": {PARTNER},
    "staff:propose_placement": {MANAGER},
    # The world's cohort is planned (nominating is refused) and its placement long answered.
    "staff:nominate": {HR},
    "staff:propose_another_unit": {MANAGER},
    # The merge page comparing the world's officer with a second record of the same person.
    "staff:officer_merge": {MANAGER},
}


@dataclass(frozen=True)
class Page:
    """One page as one role in one language; `where` is a URL name or an admin view."""

    where: str
    role: str
    language: str
    route: str = ""  # the URL pattern, for the portal's own pages
    model: str = ""  # app_label.model_name, for admin model views
    view: str = ""  # changelist, change or add

    def __str__(self):
        return f"{self.where}-{self.role}-{self.language}"

    def url(self, world) -> str:
        if (self.where, self.role) in world.get("extra_urls", {}):
            return world["extra_urls"][self.where, self.role]
        if not self.where.startswith("admin:"):
            return concrete_url(self.route, self.where, world)
        if not self.model:
            return reverse(self.where)
        name = f"admin:{self.model.replace('.', '_')}_{self.view}"
        if self.view == "change":
            return reverse(name, args=[world["objects"][self.model].pk])
        return reverse(name)

    def describe(self, url: str) -> str:
        return f"{url} ({self.where}) as {self.role} in {self.language}"


def portal_pages() -> list[tuple[str, str, str]]:
    """(route, URL name, role) for every page outside the admin that answers a role's GET."""
    found = []
    for route, name in url_patterns():
        if route.startswith("admin/"):
            continue
        if route.startswith("api/") and name not in API_PAGES:
            continue
        for role in API_PAGE_ROLES if name in API_PAGES else ROLES:
            # A pattern the matrix does not know yet fails the matrix's own test.
            outcome = expectation(route, name, role)
            if outcome is not None and outcome[0] == 200:
                found.append((route, name, role))
    return found


def extra_pages() -> list[tuple[str, str, str]]:
    """(route, URL name, role) of EXTRA_PAGES, those the matrix does not already open."""
    opened = set(portal_pages())
    found = []
    for route, name in url_patterns():
        for role in sorted(EXTRA_PAGES.get(name, ())):
            if (route, name, role) not in opened:
                found.append((route, name, role))
    assert {name for _route, name, _role in found} <= set(EXTRA_PAGES)
    return found


def extend_world(world) -> None:
    """Records for EXTRA_PAGES, in the world's reach: an open inbound batch of the world's
    partner with one of its officers put forward, and a selected officer of the world's cohort
    without a placement yet; and a placement proposed to the world's host unit, waiting for its
    answer (so that the host's pages show their Accept and Decline controls and the decline
    form). `world["extra_urls"]` says where each page is opened instead of the matrix's
    address."""
    from placements.models import Nomination, Placement
    from programmes.models import Direction
    from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
    from tests.placements.factories import (
        NominationFactory,
        PlacementFactory,
        SelectedNominationFactory,
    )
    from tests.programmes.factories import OpenCohortFactory

    objects = world["objects"]
    agreement = objects["programmes.partneragreement"]
    inbound = OpenCohortFactory(
        programme=agreement.programme,
        agreement=agreement,
        direction=Direction.INBOUND,
        name="Inbound batch (browser)",
    )
    officer = PartnerOfficerFactory(partner=agreement.partner, name_en="LI Ming")
    put_forward = NominationFactory(
        cohort=inbound,
        participant=officer,
        nominating_department=None,
        status=Nomination.Status.SUBMITTED,
    )

    def selected():
        return SelectedNominationFactory(
            cohort=objects["programmes.cohort"],
            participant=ParticipantFactory(
                department=objects["participants.department"],
                grade=objects["participants.grade"],
            ),
        )

    to_place = selected()
    awaiting = PlacementFactory(
        nomination=selected(),
        host_unit=objects["placements.hostunit"],
        status=Placement.Status.PROPOSED,
        host_response=Placement.HostResponse.AWAITING,
    )
    open_call = OpenCohortFactory(
        programme=objects["programmes.cohort"].programme,
        name="Open call (browser)",
        takes_host_preferences=True,
    )
    declined = PlacementFactory(
        nomination=selected(),
        host_unit=objects["placements.hostunit"],
        status=Placement.Status.PROPOSED,
        host_response=Placement.HostResponse.DECLINED,
        host_response_reason="No desk is free in those months.",
    )
    officer_twice = objects["participants.participant"]
    second_record = ParticipantFactory(
        department=officer_twice.department,
        name_en=officer_twice.name_en,
        email=officer_twice.email.upper(),
        staff_number="",
        phone="2835 1234",
    )
    # Host preferences (issue 19, point 1): the world's cohort and the inbound batch take them,
    # and the officer to place named two units (the cohort page, the nomination page and the
    # proposal show them; the nominate and put-forward forms ask for them).
    from placements.models import NominationPreference
    from tests.placements.factories import HostUnitFactory

    for cohort in (objects["programmes.cohort"], inbound):
        cohort.takes_host_preferences = True
        cohort.save(update_fields=["takes_host_preferences"])
    for rank, unit in enumerate(
        (objects["placements.hostunit"], HostUnitFactory(capacity=2)), start=1
    ):
        NominationPreference.objects.create(nomination=to_place, host_unit=unit, rank=rank)
    world["extra_urls"] = {
        ("staff:officer_merge", MANAGER): reverse("staff:officer_merge", args=[officer_twice.pk])
        + f"?other={second_record.pk}",
        ("portal:partner_cohort", PARTNER): reverse("portal:partner_cohort", args=[inbound.pk]),
        ("portal:partner_put_forward", PARTNER): reverse(
            "portal:partner_put_forward", args=[inbound.pk]
        ),
        ("portal:partner_nomination", PARTNER): reverse(
            "portal:partner_nomination", args=[put_forward.pk]
        ),
        ("staff:propose_placement", MANAGER): reverse(
            "staff:propose_placement", args=[to_place.pk]
        ),
        ("portal:host_placement_decline", HOST): reverse(
            "portal:host_placement_decline", args=[awaiting.pk]
        ),
        ("staff:nominate", HR): reverse("staff:nominate", args=[open_call.pk]),
        ("staff:propose_another_unit", MANAGER): reverse(
            "staff:propose_another_unit", args=[declined.pk]
        ),
    }


def admin_pages() -> list[tuple[str, str, str, str]]:
    """(name, model, view, role) of the admin's main pages for each staff role."""
    found = []
    for role in (MANAGER, VIEWER, HR):
        assert role in STAFF
        found.append(("admin:index", "", "", role))
        for model in sorted(RIGHTS[role]):
            if model in ADMIN_SKIPPED:
                continue
            for view in ("changelist", "change"):
                if admin_model_expectation(model, view, role)[0] == 200:
                    found.append((f"admin:{model}:{view}", model, view, role))
        for model in ADMIN_ADD_PAGES.get(role, []):
            assert admin_model_expectation(model, "add", role)[0] == 200
            found.append((f"admin:{model}:add", model, "add", role))
        # The upload page of every import the role may use (tests/browser/test_import_pages.py
        # checks the preview pages, with and without errors).
        for model in sorted(IMPORTS[role]):
            assert admin_model_expectation(model, "import", role)[0] == 200
            found.append((f"admin:{model}:import", model, "import", role))
    return found


def all_pages() -> list[Page]:
    pages = [
        Page(name, role, language, route=route)
        for route, name, role in portal_pages() + extra_pages()
        for language in LANGUAGES
    ]
    pages += [
        Page(name, role, language, model=model, view=view)
        for name, model, view, role in admin_pages()
        for language in LANGUAGES
    ]
    return pages
