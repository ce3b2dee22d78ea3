"""WCAG 2.1 AA in a real browser: axe-core finds no violation on any page, for any role, in any
language; the main functions work from the keyboard; screenshots of the main pages for review
(var/screenshots/)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse

from tests.browser.keyboard import focused, tab_to
from tests.browser.pages import AXE_EXEMPT, all_pages

# django_db: see conftest (the world itself is committed once, for all the browser tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
TARGETS_SHOWN = 3


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        nodes = violation["nodes"]
        targets = [" ".join(map(str, node["target"])) for node in nodes[:TARGETS_SHOWN]]
        more = f" (+{len(nodes) - TARGETS_SHOWN} more)" if len(nodes) > TARGETS_SHOWN else ""
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
            f" -> {'; '.join(targets)}{more}  [{violation['helpUrl']}]"
        )
    return "\n".join(lines)


# Exempt pages are left out here, not skipped (test_csp still opens them).
@pytest.mark.sweep
@pytest.mark.parametrize(
    "spec", [page for page in all_pages() if page.where not in AXE_EXEMPT], ids=str
)
def test_no_accessibility_violations(visitor, world, spec):
    url = spec.url(world)
    # The load also records CSP violations, for test_csp.
    visit = visitor.visit(url, spec.role, spec.language)
    assert visit.status == 200, f"{spec.describe(url)} answered {visit.status}"
    if not visit.html:
        # A file (the participant's JSON export), not a page: nothing for axe to read.
        assert visit.download or "html" not in visit.content_type
        return
    violations = AXE.run(visitor.page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(spec.describe(url), violations)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_refusal_page_passes_axe_and_the_csp_and_leads_home(visitor, world, language):
    """The 403 page a role meets on a page it may not use: no violation, and its way home."""
    visit = visitor.visit(reverse("staff:dashboard"), "participant", language)
    assert visit.status == 403
    assert not visit.csp + visit.console, visit.csp + visit.console
    violations = AXE.run(visitor.page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(f"the 403 page ({language})", violations)
    assert visitor.page.locator(f"main a[href='{reverse('role_home')}']").count() == 1


# The keyboard ----------------------------------------------------------------------------------


@pytest.fixture
def tab(browser, server):
    """A fresh tab of a fresh browser context, in English, nobody signed in."""
    context = browser.new_context(base_url=server.url)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": server.url}])
    page = context.new_page()
    yield page
    context.close()


def test_the_skip_link_comes_first_and_leads_to_the_main_content(tab, world):
    tab.goto("/")
    tab.keyboard.press("Tab")
    first = focused(tab)
    assert first["href"] == "#main", f"the first Tab stop is {first}, not the skip link"
    box = tab.evaluate("() => document.activeElement.getBoundingClientRect().width")
    assert box > 1, "the skip link stays invisible when it has the focus"
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => location.hash") == "#main"
    assert focused(tab)["id"] == "main", "the main content does not take the focus"
    # The next Tab continues inside the main content, not back in the header.
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_the_status_enquiry_works_from_the_keyboard(tab, world):
    placement = world["placement"]
    tab.goto(reverse("public:status_enquiry"))
    tab_to(tab, "input[name=reference_code]")
    tab.keyboard.type(placement.reference_code)
    tab.keyboard.press("Tab")
    assert focused(tab)["name"] == "email"
    tab.keyboard.type(placement.participant.email)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    answer = tab.get_by_role("status")
    assert "Your placement" in answer.inner_text()
    assert placement.host_unit.name in answer.inner_text()


def test_the_status_enquirys_errors_are_announced_and_pass_axe(tab, world, screenshots):
    """The enquiry's form (drawn without crispy, decision 0048) with both fields in error:
    each error is tied to its field, the field says it is invalid, and axe finds nothing."""
    tab.goto(reverse("public:status_enquiry"))
    tab.fill("input[name=reference_code]", "12")
    tab.fill("input[name=email]", "not an address")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Check status").click()
    for name in ("reference_code", "email"):
        field = tab.locator(f"input[name={name}]")
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby").split()
        error = tab.locator(f"#id_{name}_error")
        assert f"id_{name}_error" in described and error.is_visible()
    assert "12 letters and digits" in tab.locator("#id_reference_code_error").inner_text()
    assert tab.get_by_label("Placement reference code").input_value() == "12"
    violations = AXE.run(tab, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations("the status enquiry with errors", violations)
    tab.screenshot(path=screenshots / "status-enquiry-errors.png", full_page=True)


def test_the_language_switcher_works_from_the_keyboard(tab, world):
    tab.goto(reverse("public:programmes"))
    assert tab.evaluate("() => document.documentElement.lang") == "en"
    tab_to(tab, "#language-select")
    # On a closed <select>, the arrow keys choose the next option (English, then 繁體中文).
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("() => document.activeElement.value") == "zh-hant"
    tab.keyboard.press("Tab")
    assert focused(tab)["tag"] == "button"
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.documentElement.lang") == "zh-hant"
    # Back on the page the switch was made from.
    assert re.search(r"/programmes/$", tab.url)


# Screenshots -----------------------------------------------------------------------------------

SCREENSHOT_PAGES = {
    "home": ("public:home", "anonymous"),
    "programmes": ("public:programmes", "anonymous"),
    "figures": ("public:figures", "anonymous"),
    "status-enquiry": ("public:status_enquiry", "anonymous"),
    "participant-portal": ("portal:home", "participant"),
    "host-placements": ("portal:host_placements", "host_contact"),
    "needs-action": ("staff:needs_action", "csb_manager"),
    "admin-index": ("admin:index", "csb_manager"),
}


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshot(visitor, world, screenshots, name):
    url_name, role = SCREENSHOT_PAGES[name]
    visit = visitor.visit(reverse(url_name), role, "en")
    assert visit.status == 200
    path = screenshots / f"{name}.png"
    visitor.page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0
