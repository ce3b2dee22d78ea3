"""Driving the portal from the keyboard, as a person who uses no mouse would: signing in by
typing into the labelled fields, moving with Tab to a control found by its role and accessible
name, activating it with Enter or Space, choosing in a <select> with the arrow keys, and
keeping a record of every address the tab showed (so that a journey can say it never went
through the admin).

A journey is a `Party`: one person signed in, in one browser context. The `parties` fixture
(conftest) opens them and closes them after the test."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

PASSWORD = "a-long-test-password"  # tests.conftest.make_user's
TAB_LIMIT = 120  # the staff pages have a long navigation before the main content


def focused(page) -> dict:
    """What has the focus: its tag, id, name, link target and text."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '',
                    href: e.getAttribute('href') || '', text: e.innerText || e.value || ''};
        }"""
    )


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def tab_to_locator(page, locator, limit: int = TAB_LIMIT) -> None:
    """Press Tab, from wherever the focus is (the order wraps round at the page's end), until
    `locator`'s element has the focus: it is in the page's tab order, reachable by the
    keyboard and not only by a click."""
    locator.wait_for(state="visible")
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return
    raise AssertionError(
        f"{locator} was not reached with {limit} presses of Tab (last: {focused(page)})"
    )


@dataclass
class Party:
    """One person at the portal, signed in, in their own browser context."""

    page: object
    username: str
    visited: list[str] = field(default_factory=list)

    def _record(self, frame) -> None:
        if frame == self.page.main_frame:
            self.visited.append(frame.url)

    # Finding controls --------------------------------------------------------------------------

    def control(self, role: str, name: str, *, exact: bool = False, within=None):
        scope = within if within is not None else self.page
        return scope.get_by_role(role, name=name, exact=exact).first

    def tab_to(self, role: str, name: str, *, exact: bool = False, within=None):
        """Tab to the control with this role and accessible name; it has the focus after."""
        locator = self.control(role, name, exact=exact, within=within)
        tab_to_locator(self.page, locator)
        return locator

    # Acting ------------------------------------------------------------------------------------

    def follow(self, name: str, *, exact: bool = False, within=None) -> None:
        """Tab to a link and press Enter; wait for the page it leads to."""
        self.tab_to("link", name, exact=exact, within=within)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def press(self, name: str, *, exact: bool = False, within=None, key: str = "Enter") -> None:
        """Tab to a button and press it (Enter, or Space); wait for the answer's page."""
        self.tab_to("button", name, exact=exact, within=within)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def type_into(self, label: str, text: str, *, exact: bool = False) -> None:
        """Tab to the field with this label and type the text (what was there is replaced)."""
        field_ = self.page.get_by_label(label, exact=exact).first
        tab_to_locator(self.page, field_)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def type_date(self, label: str, date) -> None:
        """A date field (<input type=date>, in the browser's en-US order): the month, the day
        and the year typed into its segments."""
        field_ = self.page.get_by_label(label).first
        tab_to_locator(self.page, field_)
        self.page.keyboard.type(date.strftime("%m%d%Y"))
        assert field_.input_value() == date.isoformat(), f"{label}: {field_.input_value()}"

    def type_datetime(self, label: str, moment) -> None:
        """A date and time field (<input type=datetime-local>, in the browser's en-US order):
        the month, the day and the year typed into its segments; Tab, since the year would
        take a fifth digit; then the hour, the minute and A or P."""
        field_ = self.page.get_by_label(label).first
        tab_to_locator(self.page, field_)
        self.page.keyboard.type(moment.strftime("%m%d%Y"))
        self.page.keyboard.press("Tab")  # Chromium: on to the hour, still in the field
        self.page.keyboard.type(moment.strftime("%I%M") + moment.strftime("%p")[0])
        wanted = moment.strftime("%Y-%m-%dT%H:%M")
        assert field_.input_value() == wanted, f"{label}: {field_.input_value()}"

    def choose(self, label: str, option_text: str, limit: int = 50) -> None:
        """Tab to a <select> and move through its options with the arrow keys (a closed
        select changes its value with them) until the option shown contains the text."""
        select = self.page.get_by_label(label).first
        tab_to_locator(self.page, select)
        self.page.keyboard.press("Home")
        for _ in range(limit):
            shown = select.evaluate("(s) => s.options[s.selectedIndex]?.text || ''")
            if option_text in shown:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {option_text!r} in {label}")

    def choose_file(self, label: str, name: str, content: bytes, mime: str) -> None:
        """Tab to a file field and press Space, which opens the file chooser; the test answers
        the chooser with the file (the one thing not done by keys)."""
        field_ = self.page.get_by_label(label).first
        tab_to_locator(self.page, field_)
        # On a busy machine Chromium now and then lets a key press on a file field go by
        # without opening the chooser (seen once in CI): the person presses Space again.
        for attempt in range(3):
            try:
                with self.page.expect_file_chooser(timeout=10_000) as chooser:
                    self.page.keyboard.press("Space")
                break
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise
                assert field_.evaluate("(f) => f === document.activeElement"), label
        chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": content}])

    # What the person sees ----------------------------------------------------------------------

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()

    def messages(self) -> str:
        """The messages the page opened with (role=status, above the content)."""
        box = self.page.locator("main [role=status]")
        return box.inner_text() if box.count() else ""

    def admin_visits(self) -> list[str]:
        return [url for url in self.visited if urlsplit(url).path.startswith("/admin/")]

    def assert_never_in_the_admin(self) -> None:
        assert self.visited, "no page was recorded"
        assert not self.admin_visits(), f"{self.username} went through the admin: {self.visited}"


def sign_in(browser, server, username: str, *, language: str = "en") -> tuple[object, Party]:
    """A fresh context; the sign-in page, its fields reached by Tab and typed into, sent with
    Enter. Returns the context (to close) and the party, on the page the role lands on."""
    context = browser.new_context(base_url=server.url, locale="en-US")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.url}]
    )
    page = context.new_page()
    party = Party(page=page, username=username)
    page.on("framenavigated", party._record)
    try:
        page.goto("/accounts/login/")
        party.type_into("Username", username)
        party.type_into("Password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
    except BaseException:
        with contextlib.suppress(Exception):
            context.close()
        raise
    assert "/accounts/login/" not in page.url, f"{username} was not signed in: {page.url}"
    return context, party
