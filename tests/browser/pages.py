"""Which pages the browser tests open, as whom and in which language.

The portal's own pages come from the access matrix (tests/test_access_matrix.py): every URL
pattern outside /admin/ whose GET answers 200 to a role is opened as that role, in each of the
portal's languages. A page added later is covered as soon as the matrix knows it. Of the API,
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
    HR,
    IMPORTS,
    MANAGER,
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
        for route, name, role in portal_pages()
        for language in LANGUAGES
    ]
    pages += [
        Page(name, role, language, model=model, view=view)
        for name, model, view, role in admin_pages()
        for language in LANGUAGES
    ]
    return pages
