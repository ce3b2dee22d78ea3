"""Chinese text is never broken one character a line: in Traditional and Simplified Chinese,
at a desktop (1280 px) and a narrow (800 px) window, no link or button of the header, no table
header or cell and no status tag of the staff placement list and the CSB manager's
dashboard shows its words as a column of single characters. Screenshots for review in
var/screenshots/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_access_matrix import MANAGER

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# For each element: its text, how many lines it renders in (the line boxes of its text, told
# apart by their top edge) and how many CJK characters it has.
LINES_OF = """
(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = new Set();
  for (const rect of range.getClientRects()) {
    if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top));
  }
  const text = element.innerText.trim();
  const cjk = (text.match(/[\\u3400-\\u9fff\\uf900-\\ufaff]/g) || []).length;
  return {text, lines: tops.size, cjk};
})
"""
CHECKED = "header nav .nav-link, header .btn, th, .status-tag, .table td"


def broken_into_characters(items) -> list[str]:
    """Texts of two or more Chinese characters shown in as many lines as characters (one a
    line), or in more lines than half their characters (a word split between lines)."""
    return [
        f"{item['text']!r} in {item['lines']} lines"
        for item in items
        if item["cjk"] >= 2 and item["lines"] > 1 and item["lines"] * 2 > item["cjk"]
    ]


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
@pytest.mark.parametrize("page", ["staff:placements", "staff:dashboard"])
def test_chinese_headers_and_tags_keep_their_words_on_a_line(
    visitor, world, screenshots, page, language, width
):
    visitor.page.set_viewport_size({"width": width, "height": 900})
    visit = visitor.visit(reverse(page), MANAGER, language)
    assert visit.status == 200
    items = visitor.page.evaluate(LINES_OF, CHECKED)
    assert any(item["cjk"] >= 2 for item in items), "no Chinese text was checked"
    name = f"cjk-{page.replace(':', '-')}-{language}-{width}.png"
    visitor.page.screenshot(path=str(screenshots / name), full_page=True)
    assert not broken_into_characters(items), broken_into_characters(items)


def test_a_table_wider_than_the_window_scrolls_in_a_labelled_focusable_region(visitor, world):
    """WCAG 1.4.10 (reflow): the page itself never scrolls sideways; a wide table scrolls in
    its own region, which a keyboard user can reach and a screen reader names."""
    visitor.page.set_viewport_size({"width": 800, "height": 900})
    visitor.visit(reverse("staff:placements"), MANAGER, "zh-hant")
    page_scrolls = visitor.page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not page_scrolls
    region = visitor.page.locator(".table-responsive").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    label = visitor.page.evaluate(
        """() => {
            const r = document.querySelector('.table-responsive');
            const id = r.getAttribute('aria-labelledby');
            return (id && document.getElementById(id)?.textContent.trim())
                || r.getAttribute('aria-label') || '';
        }"""
    )
    assert label
