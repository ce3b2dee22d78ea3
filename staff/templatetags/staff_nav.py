"""The staff menu's links: the link to the page being shown says so (aria-current="page"),
and the section a record page belongs to is marked as the current one."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_item(context, url_name, label, *sections):
    """A menu item linking to `url_name`: the current page when the request's view is that
    URL; marked as the current section (aria-current="true") when it is one of `sections`
    (URL names of the pages within it, e.g. a record's page under its list)."""
    request = context.get("request")
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
            reverse(url_name),
            label,
        )
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', reverse(url_name), label
    )
