"""The status enquiry's page around its answer, rendered once per language and kept by each
process: an answer to a visitor who is not signed in costs the answer itself (a small template)
and a string join, not the whole page's templates (base.html, the form's fields).

The frame is the page's own template (placements/status_enquiry.html) rendered with a fresh form
and two placeholders: one where the answer goes, and the CSRF token (the language form's and the
enquiry form's), so the visitor still gets a token of their own. What else the page shows is the
same for every such visitor: the language (the key), the navigation of someone not signed in,
no message waiting, and the page's address without a query string (the language form's `next`)
— `fits` says which requests get it; the others get the page rendered whole.

Templates and translations change only with a deploy (a new process); a changed setting (tests)
drops the frames, and with DEBUG on (templates edited as the server runs) none are kept.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.core.signals import setting_changed
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from exchange_portal.figures_cache import TOKEN_FIELD

ANSWER_MARK = "\x00enquiry-answer\x00"
TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 (a placeholder, not a secret)
_MARKS = re.compile(f"({ANSWER_MARK}|{TOKEN_MARK})")

# language -> the page's text split at the placeholders: [text, mark, text, mark, ..., text]
_frames: dict[str, list[str]] = {}


def fits(request) -> bool:
    """The frame is the page this visitor would get: not signed in, no query string, no message
    waiting."""
    return (
        not settings.DEBUG
        and not request.user.is_authenticated
        and not request.META.get("QUERY_STRING")
        and not len(messages.get_messages(request))
    )


def page(request, answer: str, render_frame) -> str:
    """The page with `answer` (HTML) in it and the visitor's token. `render_frame(answer)`
    renders the whole page with the given answer HTML, the first time for a language."""
    language = get_language()
    token = get_token(request)
    frame = _frames.get(language)
    if frame is None:
        html = render_frame(mark_safe(ANSWER_MARK))  # noqa: S308 (a placeholder of ours)
        generic = TOKEN_FIELD.sub(lambda m: m.group(1) + TOKEN_MARK + m.group(3), html)
        split = _MARKS.split(generic)
        if split.count(ANSWER_MARK) != 1:  # the page's shape is not the one expected
            return html.replace(ANSWER_MARK, answer)  # served whole, kept by no one
        frame = _frames[language] = split
    return "".join(
        answer if part == ANSWER_MARK else token if part == TOKEN_MARK else part for part in frame
    )


def _forget(**kwargs) -> None:
    _frames.clear()


setting_changed.connect(_forget)
