"""Real-browser tests: Playwright drives the system's Chromium (Debian's `chromium` package),
never a browser of its own, against a live server of the portal.

Without Chromium these tests are deselected with a warning, so that `make test` works on a fresh
machine; with REQUIRE_BROWSER=1 (CI) a missing Chromium fails them instead.

Speed: one browser for the whole session, one live server, one page load per page (the CSP
test reads the record of the load the accessibility test made) and one world of data for all
the browser tests: built once, committed so that the server's thread sees it, and flushed at
the end, as a transactional test would be. So the tests do not use pytest-django's
`live_server` fixture, which makes every test transactional and so would flush the world after
each page; they are marked `django_db` (each in a transaction rolled back afterwards) only so
that pytest-django sets up the test database even when nothing but browser tests is selected.

A browser test that needs data of its own creates it in a test marked
`django_db(transaction=True)`: then it is committed, so the server sees it on PostgreSQL too
(data written inside a plain `django_db` test stays in that test's transaction, which only
SQLite's shared in-memory connection lets the server see), and pytest-django flushes it
afterwards and runs such tests after the others, so the shared world is gone only once they
are done.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    f"Chromium was not found at {CHROMIUM}. Install it with `sudo apt-get install chromium` "
    "(Debian, Ubuntu), or point the CHROMIUM environment variable at a Chromium or Chrome binary."
)
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Records Content-Security-Policy violations from the first moment of every document.
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def chromium_present() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The browser tests run last (after pytest-django's ordering), since Playwright's event
    loop stays in the main thread until the session ends. Without Chromium they are deselected
    with a warning saying how to get it, unless CI (REQUIRE_BROWSER=1) requires them: then they
    run and fail, never skip silently."""
    others = [item for item in items if not item.get_closest_marker("browser")]
    in_browser = [item for item in items if item.get_closest_marker("browser")]
    if not in_browser:
        return
    if chromium_present() or browser_required():
        items[:] = others + in_browser
        return
    dropped = in_browser
    kept = others
    config.hook.pytest_deselected(items=dropped)
    items[:] = kept
    message = f"{len(dropped)} browser tests deselected. {INSTALL_HINT}"
    config.stash[_deselected_key] = message
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"WARNING: {message}", yellow=True, bold=True)


_deselected_key = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    message = config.stash.get(_deselected_key, None)
    if message:
        terminalreporter.write_sep("=", "browser tests not run", yellow=True)
        terminalreporter.write_line(message, yellow=True)


@pytest.fixture(scope="session")
def browser():
    if not chromium_present():
        pytest.fail(f"REQUIRE_BROWSER is set and the browser tests cannot run: {INSTALL_HINT}")
    # Playwright's synchronous API keeps an event loop in the main thread, which Django takes
    # for an async context, although no coroutine runs while a test's own code does. The
    # browser tests run last, so this changes nothing for the others.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # Playwright's launch gives every browser a fresh, temporary profile.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def server(browser, django_db_setup, django_db_blocker):
    """The portal on a free port of localhost (pytest-django's server, without the fixture that
    makes every test flush the database).

    It starts after the browser: once Playwright's event loop runs in the main thread, Django's
    connection handler (an asgiref Local) gives the main thread another connection object than
    before, and the server must share the one the tests use (on SQLite the test database is in
    memory, one connection shared by the test and the server's threads)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        live = LiveServer("localhost")
    yield live
    # Contexts a test left open keep connections to the server: close them while it runs, so
    # that its threads finish (and close their database connection) before it stops.
    for context in browser.contexts:
        context.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)
    live.stop()


@pytest.fixture(scope="package")
def world(server, django_db_blocker):
    """The access matrix's world (one user per role, one object of each model), committed once
    for all the browser tests, with a signed-in session cookie for each role; flushed at the
    end, as a transactional test would."""
    from django.db import connection

    from tests.browser.pages import extend_world
    from tests.test_access_matrix import build_world

    with django_db_blocker.unblock():
        # Committed data, and flushed afterwards: never anywhere but in a test database.
        name = str(connection.settings_dict["NAME"])
        assert (
            name == connection.settings_dict["TEST"].get("NAME")
            or Path(name).name.startswith("test_")
            or (connection.vendor == "sqlite" and connection.is_in_memory_db())
        ), f"not a test database: {name}; are the browser tests still marked django_db?"
        data = build_world(get_user_model())
        extend_world(data)
        data["sessions"] = {}
        for role, user in data["users"].items():
            if user is not None:
                client = Client()
                client.force_login(user)
                data["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    yield data
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)


API_DOCUMENTATION = ("/api/docs/", "/api/redoc/")


@dataclass
class Visit:
    """What one page load showed: its status and content type, the CSP violations (events and
    console messages) and the resources that failed, before anything else ran in the page."""

    url: str
    role: str
    language: str
    status: int = 0
    content_type: str = ""
    download: bool = False
    csp: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def html(self) -> bool:
        return not self.download and self.content_type.startswith("text/html")


class Visitor:
    """Opens pages as a role in a language, in one browser context and tab, and remembers what
    each load showed (`seen`), so that the CSP test can read the record of the page load the
    accessibility test made instead of loading every page a second time."""

    def __init__(self, browser, server, world):
        self.base = server.url
        self.world = world
        self.seen: dict[tuple[str, str, str], Visit] = {}
        self.context = browser.new_context(base_url=self.base)
        self.context.add_init_script(CSP_RECORDER)
        self.page = self.context.new_page()
        self._visit: Visit | None = None
        self.page.on("console", self._record_console)
        self.page.on("response", self._record_response)
        self.page.on("requestfailed", self._record_failure)

    def _record_console(self, message):
        if self._visit and "Content Security Policy" in message.text:
            self._visit.console.append(message.text)

    def _record_response(self, response):
        if self._visit is None:
            return
        if response.request.is_navigation_request():
            self._visit.status = response.status
            self._visit.content_type = response.headers.get("content-type", "")
        elif response.status >= 400:
            self._visit.failed.append(f"{response.status} {response.url}")

    def _record_failure(self, request):
        if self._visit and not request.is_navigation_request():
            self._visit.failed.append(f"{request.failure} {request.url}")

    def sign_in(self, role: str, language: str):
        self.context.clear_cookies()
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.base}]
        session = self.world["sessions"].get(role)
        if session:
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base}
            )
        self.context.add_cookies(cookies)

    def visit(self, url: str, role: str, language: str) -> Visit:
        """Load the page afresh; the tab shows it afterwards (for axe, or a screenshot)."""
        self.sign_in(role, language)
        self._visit = visit = Visit(url, role, language)
        try:
            self.page.goto(url, wait_until="load")
            if url.startswith(API_DOCUMENTATION):
                # Swagger UI and Redoc fetch the schema after "load": wait for it, so that axe
                # reads the rendered documentation and the next page load does not cut it off.
                self.page.wait_for_load_state("networkidle")
        except PlaywrightError as error:
            # A file to save (a JSON export): no page to check.
            if "Download is starting" not in str(error):
                raise
            visit.download = True
        else:
            # Violation events are queued tasks: let them run before reading the record.
            visit.csp = self.page.evaluate(
                "() => new Promise((done) => setTimeout(() => done(window.__csp || []), 0))"
            )
        self._visit = None
        self.seen[url, role, language] = visit
        return visit

    def record(self, url: str, role: str, language: str) -> Visit:
        """What the page load showed, loading it only if no test has yet."""
        return self.seen.get((url, role, language)) or self.visit(url, role, language)

    def close(self):
        self.context.close()


@pytest.fixture(scope="package")
def visitor(browser, server, world):
    visitor = Visitor(browser, server, world)
    yield visitor
    visitor.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def parties(browser, server):
    """Sign people in from the keyboard (tests/browser/keyboard.py): `parties("name")` is a
    `Party` on the page their role lands on; every context is closed afterwards."""
    from tests.browser.keyboard import sign_in

    contexts = []

    def open_party(username: str, *, language: str = "en"):
        context, party = sign_in(browser, server, username, language=language)
        contexts.append(context)
        return party

    yield open_party
    for context in contexts:
        context.close()
