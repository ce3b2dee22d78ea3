"""The Content Security Policy in a real browser: no page, for any role, in any language, has
anything blocked (each would be a broken feature, or a hole if the policy were loosened), and
every stylesheet, script and image it asks for loads."""

from __future__ import annotations

import pytest

from tests.browser.pages import all_pages

# django_db: see conftest (the world itself is committed once, for all the browser tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.sweep
@pytest.mark.parametrize("spec", all_pages(), ids=str)
def test_no_content_security_policy_violations(visitor, world, spec):
    url = spec.url(world)
    # The page load test_accessibility made, if it ran (one load per page is half the time).
    visit = visitor.record(url, spec.role, spec.language)
    where = spec.describe(url)
    assert visit.status == 200, f"{where} answered {visit.status}"
    blocked = visit.csp + visit.console
    assert not blocked, f"CSP violations on {where}:\n  " + "\n  ".join(blocked)
    assert not visit.failed, f"Resources that did not load on {where}:\n  " + "\n  ".join(
        visit.failed
    )


def test_the_recorder_sees_a_violation(visitor, world):
    """The check above is not blind: an inline style attribute (refused by the policy) is seen
    both as an event and on the console."""
    visitor.visit("/", "anonymous", "en")
    recorded = visitor.page.evaluate(
        """() => new Promise((done) => {
            document.body.setAttribute('style', 'color: red');
            setTimeout(() => done(window.__csp), 0);
        })"""
    )
    assert any(entry.startswith("style-src-attr") for entry in recorded), recorded
