"""Filters the record types' FilterSets share, each declaring exactly what it accepts, so
that the public pages, the API and its OpenAPI schema refuse the same input."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kruz.search import words
from kruz.widgets import YearInput

# A search is a few words a person types: bounded, so that no query expands into
# hundreds of spellings and conditions (each word is matched in every language).
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10
FIRST_YEAR, LAST_YEAR = 1991, 2100  # Uzbekistan's independence, and a generous future


def validate_search_words(text):
    if len(words(text)) > SEARCH_MAX_WORDS:
        raise ValidationError(
            ngettext(
                "Search with at most %(limit)d word.",
                "Search with at most %(limit)d words.",
                SEARCH_MAX_WORDS,
            )
            % {"limit": SEARCH_MAX_WORDS},
            code="too_many_words",
        )


@extend_schema_field(
    {
        "type": "string",
        "maxLength": SEARCH_MAX_LENGTH,
        "description": f"Search: at most {SEARCH_MAX_WORDS} words, {SEARCH_MAX_LENGTH} characters.",
    }
)
class SearchFilter(django_filters.CharFilter):
    """?q=: at most SEARCH_MAX_WORDS words and SEARCH_MAX_LENGTH characters; more is a
    400 naming the parameter. The FilterSet's method does the searching."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("validators", [validate_search_words])
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """A number filter that takes whole numbers only: 2019.5 is refused, not rounded."""

    field_class = forms.IntegerField


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(WholeNumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YearInput)
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)
