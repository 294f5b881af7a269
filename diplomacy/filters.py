"""The agreement and engagement lists' filters, shared by the public pages and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from diplomacy.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Engagement,
    EngagementKind,
    Official,
    Organization,
    OrganizationKind,
)
from kruz.search import contains_any_spelling
from kruz.widgets import YearInput


def search_translated(queryset, fields, text):
    """Every word in one of its spellings (Toshkent finds Tashkent), in any language."""
    return queryset.filter(contains_any_spelling(fields, text))


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=AgreementStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)
    year = django_filters.NumberFilter(
        widget=YearInput,
        label=_("Year signed"),
        field_name="signed_on",
        lookup_expr="year",
        min_value=1991,
        max_value=2100,
    )

    class Meta:
        model = Agreement
        fields = ["q", "status", "kind", "year"]

    def filter_search(self, queryset, name, value):
        return search_translated(queryset, ("title", "summary"), value) if value else queryset


class EngagementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EngagementKind.choices)
    year = django_filters.NumberFilter(
        widget=YearInput,
        label=_("Year"),
        field_name="started_on",
        lookup_expr="year",
        min_value=1991,
        max_value=2100,
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "year"]

    def filter_search(self, queryset, name, value):
        return (
            search_translated(queryset, ("title", "summary", "place"), value) if value else queryset
        )


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    country = django_filters.CharFilter(label=_("Country (ISO 3166 code)"), max_length=2)

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]

    def filter_search(self, queryset, name, value):
        if not value:
            return queryset
        return search_translated(queryset, ("name",), value) | queryset.filter(
            acronym__iexact=value
        )


class OfficialFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.CharFilter(label=_("Country (ISO 3166 code)"), max_length=2)

    class Meta:
        model = Official
        fields = ["q", "country"]

    def filter_search(self, queryset, name, value):
        return search_translated(queryset, ("name",), value) if value else queryset
