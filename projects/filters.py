"""The project list's filters: the public pages, the admin where it fits and the API all
use this one FilterSet, so a filter means the same thing everywhere."""

import django_filters
from django import forms
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from diplomacy.models import Organization
from kruz.widgets import QuickSelect, YearInput
from projects.models import ActivityStatus, FinanceType, Project, ProjectKind, Region, Sector


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    # distinct=False: a project has one status, so no row can repeat; DISTINCT would
    # stop a page from being read off the region index in title order.
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ActivityStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), method="filter_sector", widget=QuickSelect
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices)
    funder = django_filters.ModelChoiceFilter(
        label=_("Funder"),
        queryset=Organization.objects.published(),
        to_field_name="slug",
        method="filter_funder",
        widget=QuickSelect,
    )
    instrument = django_filters.ChoiceFilter(
        label=_("Instrument"), choices=FinanceType.choices, method="filter_instrument"
    )
    year = django_filters.NumberFilter(
        widget=YearInput, label=_("Year"), method="filter_year", min_value=1991, max_value=2100
    )

    class Meta:
        model = Project
        fields = ["q", "status", "kind", "sector", "region", "funder", "instrument", "year"]

    def form_cache_key(self):
        """A cache key for this form's HTML when the request filters nothing (the list's
        pages), else None. Writing ~800 funder and sector options is most of the list
        page's time; the key moves whenever those options could: a save or a publication
        change moves the latest `updated_at` and (organizations) the sum of versions, a
        deletion the count. Filtered forms are not cached: their HTML depends on input."""
        if any(name in self.data for name in self.filters):
            return None
        funders = self.filters["funder"].queryset.aggregate(
            count=Count("pk"), latest=Max("updated_at"), versions=Sum("version")
        )
        sectors = self.filters["sector"].queryset.aggregate(
            count=Count("pk"), latest=Max("updated_at")
        )
        return f"{get_language()}:{sorted(funders.items())}:{sorted(sectors.items())}"

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value else queryset

    @extend_schema_field(OpenApiTypes.INT)  # the sector's DAC code, in the OpenAPI schema
    def filter_sector(self, queryset, name, sector):
        return queryset.in_sector(sector.code)

    @extend_schema_field(OpenApiTypes.STR)  # the funder's slug
    def filter_funder(self, queryset, name, organization):
        return queryset.funded_by(organization.slug)

    def filter_instrument(self, queryset, name, value):
        return queryset.with_instrument(value)

    def filter_year(self, queryset, name, value):
        return queryset.active_in_year(int(value))


class SectorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    category = django_filters.NumberFilter(label=_("DAC category"), min_value=100, max_value=999)

    class Meta:
        model = Sector
        fields = ["q", "category"]
