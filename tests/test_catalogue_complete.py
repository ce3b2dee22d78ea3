"""Every string the portal marks for translation is in both catalogues, translated: a message
added to the code or a template without its Chinese would show in English on a Chinese page
(the host's answer "Awaiting the host unit" once did). The strings are read as `makemessages`
reads them, without GNU gettext: the Python files' gettext calls from their syntax tree, the
templates' {% translate %} and {% blocktranslate %} through Django's own `templatize`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
# Where the portal's own strings live (not the tests, the benchmarks or the environment).
SOURCE_DIRS = [
    "exchange_portal",
    "charts",
    "notifications",
    "jobs",
    "participants",
    "programmes",
    "placements",
    "figures",
    "operations",
    "staff",
    "portal",
    "public",
    "api",
    "demo",
    "templates",
]
# Function name -> (position of the context, of the message, of the plural), None when absent.
CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _strings_of_calls(tree: ast.AST) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in CALLS:
            continue
        context_at, message_at, _plural_at = CALLS[name]
        args = node.args
        if len(args) <= message_at or not (
            isinstance(args[message_at], ast.Constant) and isinstance(args[message_at].value, str)
        ):
            continue  # a variable passed through gettext: not a message of its own
        context = None
        if context_at is not None:
            if not (isinstance(args[context_at], ast.Constant)):
                continue
            context = args[context_at].value
        found.add((context, args[message_at].value))
    return found


CALL_IN_TEMPLATE = re.compile(r"(?<![\w.])(?:_|n?p?gettext)\(")


def _template_strings(text: str, origin: str) -> set[tuple[str | None, str]]:
    """The calls `templatize` writes for a template, each parsed as a Python expression."""
    code = templatize(text, origin=origin)
    found = set()
    for match in CALL_IN_TEMPLATE.finditer(code):
        start, depth, quote, i = match.start(), 0, None, match.end() - 1
        while i < len(code):
            char = code[i]
            if quote:
                if char == "\\":
                    i += 1
                elif char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        found |= _strings_of_calls(ast.parse(code[start : i + 1], mode="eval"))
    return found


def marked_strings() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> where it is marked."""
    found = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            where = str(path.relative_to(ROOT))
            if path.suffix == ".py":
                strings = _strings_of_calls(ast.parse(path.read_text(encoding="utf-8")))
            elif path.suffix in (".html", ".txt"):
                strings = _template_strings(path.read_text(encoding="utf-8"), where)
            else:
                continue
            for key in strings:
                found.setdefault(key, where)
    return found


@pytest.mark.parametrize("locale", ["zh_Hant", "zh_Hans"])
def test_every_marked_string_is_translated(locale):
    catalogue = polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in catalogue
        if entry.translated() and not entry.obsolete
    }
    marked = marked_strings()
    assert len(marked) > 1000, "the extraction found too few strings to be reading the code"
    missing = sorted(
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), where in marked.items()
        if (context, msgid) not in translated
    )
    assert not missing, f"{len(missing)} string(s) not translated in {locale}:\n" + "\n".join(
        missing
    )
