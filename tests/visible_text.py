"""The text of a page as a reader sees it, in the page's language."""

from __future__ import annotations

import re
from html.parser import HTMLParser

NOT_READ = {"script", "style", "textarea", "template", "noscript"}


class VisibleText(HTMLParser):
    """The text a reader sees in the page's language (not scripts, styles, text areas or
    attributes, nor what is marked as another language with `lang`, such as the language menu's
    names or the factsheet's other languages) and the links."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language.lower()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0
        # Elements with a lang attribute, innermost last: [tag, language, open elements of
        # that tag inside it, itself included].
        self._langs: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in NOT_READ:
            self._skipping += 1
        if self._langs and self._langs[-1][0] == tag:
            self._langs[-1][2] += 1
        elif attrs.get("lang"):
            self._langs.append([tag, attrs["lang"].lower(), 1])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in NOT_READ and self._skipping:
            self._skipping -= 1
        if self._langs and self._langs[-1][0] == tag:
            self._langs[-1][2] -= 1
            if not self._langs[-1][2]:
                self._langs.pop()

    def handle_data(self, data):
        in_other_language = self._langs and self._langs[-1][1] != self.language
        if not self._skipping and not in_other_language:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))
