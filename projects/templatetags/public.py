"""Template helpers of the public pages: record content in the reader's language, dates as
precise as they are known, and links to the same page in the other languages."""

import functools

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.filter
def localized(record, field_name):
    """{{ project|localized:"title" }}: the field in the active language, else English."""
    return record.localized(field_name)


@register.filter
def partial_date(record, field_name):
    """{{ agreement|partial_date:"signed_on" }}: "2017", "November 2017" or a full date."""
    return record.display_date(field_name)


@register.filter
def choice_label(record, field_name):
    """{{ project|choice_label:"status" }}: what project.get_status_display gives. Django
    builds a dict of every choice on each such call, translating every label to hash it
    (~80 µs for a region); the list page made fifty of them."""
    value = getattr(record, field_name)
    return choice_labels(type(record), field_name).get(value, value)


@functools.cache
def choice_labels(model, field_name):
    """Value -> label of a field's choices; the labels stay lazy, so each is translated
    into the language active when it is shown."""
    return dict(model._meta.get_field(field_name).flatchoices)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, query string kept."""
    path = context["request"].get_full_path()
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


class Footnotes:
    """A record's published citations as numbered notes: numbered in the order of the
    record's facts (its Fact choices follow the page) then as entered, so the markers
    beside the facts run in reading order. `{% cite notes "status" %}` writes a fact's
    markers; the notes list (templates/_citations.html) quotes every citation, including
    those of a fact the page does not show, and links back to the markers written."""

    def __init__(self, citations):
        citations = list(citations)
        order = (
            {fact: index for index, fact in enumerate(citations[0].Fact.values)}
            if citations
            else {}
        )
        ranked = sorted(
            citations, key=lambda citation: (order.get(citation.fact, len(order)), citation.pk)
        )
        self.notes = list(enumerate(ranked, start=1))
        self.marked = set()

    def __bool__(self):
        return bool(self.notes)

    def numbers(self, facts):
        return [number for number, citation in self.notes if citation.fact in facts]


@register.simple_tag
def footnotes(citations):
    """{% footnotes project.public_citations as notes %}"""
    return Footnotes(citations)


@register.simple_tag
def cite(notes, *facts):
    """{% cite notes "planned_start" "planned_end" %}: the markers of the notes quoting
    the passages behind these facts, each a link to its note."""
    numbers = notes.numbers(facts)
    notes.marked.update(numbers)
    if not numbers:
        return ""
    links = format_html_join(
        "", '<a href="#note-{0}" id="cite-{0}">[{0}]</a>', ((number,) for number in numbers)
    )
    return format_html('<sup class="cite">{}</sup>', links)


@register.simple_tag
def active_filters(filterset):
    """How many of the list's filters the request sets (the page number is not one)."""
    return sum(1 for name in filterset.filters if any(filterset.data.getlist(name)))
