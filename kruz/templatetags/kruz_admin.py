from django import template
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join

register = template.Library()

CHOICE = '<li><a href="{}">{}</a></li>'
SELECTED_CHOICE = '<li class="selected"><a href="{}">{}</a></li>'


@register.filter
def filter_links(choices):
    """An admin list filter's choices as the links admin/filter.html writes, in one go:
    the project list's funder and sector filters offer hundreds, and one pass of the
    template's loop per choice cost ~20 ms a page."""
    return format_html_join(
        "\n",
        "{}",
        (
            (
                format_html(
                    SELECTED_CHOICE if choice["selected"] else CHOICE,
                    iri_to_uri(choice["query_string"]),
                    choice["display"],
                ),
            )
            for choice in choices
        ),
    )
