"""The agreement and engagement lists' filters, shared by the public pages and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from diplomacy.models import Agreement, AgreementKind, AgreementStatus, Engagement, EngagementKind
from kruz.records import contains_in_any_language


def search_translated(queryset, fields, text):
    return queryset.filter(contains_in_any_language(fields, text))


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=AgreementStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgreementKind.choices)
    year = django_filters.NumberFilter(
        label=_("Year signed"), field_name="signed_on", lookup_expr="year", min_value=1991
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
        label=_("Year"), field_name="started_on", lookup_expr="year", min_value=1991
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "year"]

    def filter_search(self, queryset, name, value):
        return search_translated(queryset, ("title", "summary"), value) if value else queryset
