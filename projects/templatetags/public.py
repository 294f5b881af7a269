"""Template helpers of the public pages: record content in the reader's language, dates as
precise as they are known, and links to the same page in the other languages."""

import functools

from django import template
from django.conf import settings
from django.urls import translate_url
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
