"""The staff menu's links: only those the reader's role may open (the view's own
`allowed_roles`, so the menu follows the views), the link to the page being shown saying so
(aria-current="page"), and the section a record page belongs to marked as the current one."""

from functools import cache

from django import template
from django.urls import resolve, reverse
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@cache
def _target(url_name: str) -> tuple[str, frozenset]:
    url = reverse(url_name)
    view_class = getattr(resolve(url).func, "view_class", None)
    return url, frozenset(getattr(view_class, "allowed_roles", ()))


@register.simple_tag(takes_context=True)
def nav_item(context, url_name, label, *sections):
    """A menu item linking to `url_name`: the current page when the request's view is that
    URL; marked as the current section (aria-current="true") when it is one of `sections`
    (URL names of the pages within it, e.g. a record's page under its list)."""
    request = context.get("request")
    url, roles = _target(url_name)
    if getattr(request, "role", None) not in roles:
        return ""
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else ""
    if current == url_name:
        state, css = "page", " active"
    elif current in sections:
        state, css = "true", " active"
    else:
        state, css = "", ""
    if state:
        return format_html(
            '<li class="nav-item"><a class="nav-link{}" aria-current="{}" href="{}">{}</a></li>',
            css,
            state,
            url,
            label,
        )
    return format_html('<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', url, label)


# The menu is the same for every request of one role, language and page (its links, labels and
# current item depend on nothing else): rendered once per process for each, then reused.
_KEPT_MENUS: dict[tuple, str] = {}
KEPT_MENUS_MAX = 2000  # 8 roles × 3 languages × the staff pages, with room


class KeptMenuNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        match = getattr(request, "resolver_match", None)
        key = (
            getattr(request, "role", None),
            get_language(),
            match.view_name if match is not None else "",
        )
        html = _KEPT_MENUS.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_KEPT_MENUS) < KEPT_MENUS_MAX:
                _KEPT_MENUS[key] = html
        return html


@register.tag
def kept_menu(parser, token):
    """{% kept_menu %}…{% end_kept_menu %}: the staff menu, rendered once per role, language
    and page in each process (decision 0055)."""
    nodelist = parser.parse(("end_kept_menu",))
    parser.delete_first_token()
    return KeptMenuNode(nodelist)
