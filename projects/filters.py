"""The project list's filters: the public pages, the admin where it fits and the API all
use this one FilterSet, so a filter means the same thing everywhere."""

import collections
import functools
import hashlib

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from diplomacy.models import Organization
from kruz.filters import SearchFilter, WholeNumberFilter, YearFilter
from kruz.records import Publication
from kruz.translation import active_language, sibling_name
from kruz.widgets import QuickSelect, labelled_counts, offer
from projects.models import (
    ActivityStatus,
    FinanceType,
    Funding,
    Project,
    ProjectKind,
    ProjectSector,
    Region,
    Sector,
)

# The key moves whenever the options could (options_cache_key); this only frees space.
OPTIONS_SECONDS = 24 * 60 * 60


class ProjectFilterSet(django_filters.FilterSet):
    q = SearchFilter(method="filter_search")
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
    year = YearFilter(label=_("Year"), method="filter_year")

    class Meta:
        model = Project
        fields = ["q", "status", "kind", "sector", "region", "funder", "instrument", "year"]

    def form_cache_key(self):
        """A cache key for this form's HTML when the request filters nothing (the list's
        pages), else None: a filtered form's HTML depends on its input."""
        if any(name in self.data for name in self.filters):
            return None
        return self.options_cache_key

    @functools.cached_property
    def options_cache_key(self):
        """A key that moves whenever the offered options could: a save or a publication
        change moves the latest `updated_at` and (organizations) the sum of versions, a
        deletion the count; a project's new status, region, funding or sector moves its
        `updated_at` (what the public sees of it changed)."""
        funders = self.filters["funder"].queryset.aggregate(
            count=Count("pk"), latest=Max("updated_at"), versions=Sum("version")
        )
        sectors = self.filters["sector"].queryset.aggregate(
            count=Count("pk"), latest=Max("updated_at")
        )
        projects = Project._base_manager.aggregate(count=Count("pk"), latest=Max("updated_at"))
        parts = ":".join(str(sorted(part.items())) for part in (funders, sectors, projects))
        return f"{get_language()}:{hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()}"

    def offer_values_in_use(self):
        """Let the form offer only the values some published project has, each with how
        many projects have it, named and sorted in the reader's language. The options are
        read once per change (options_cache_key); filtering still accepts any valid value."""
        key = f"project-filter-options:{self.options_cache_key}"
        options = cache.get(key)
        if options is None:
            options = self.values_in_use()
            cache.set(key, options, OPTIONS_SECONDS)
        for name, choices in options.items():
            offer(self.form, name, choices)

    def values_in_use(self):
        """{filter name: [(value, "label (count)")]} over the published projects."""
        projects = self.queryset.order_by()
        fundings = Funding.objects.filter(project__in=projects.values("pk"))
        funders = fundings.filter(funder__publication=Publication.PUBLISHED)
        shares = ProjectSector.objects.filter(project__in=projects.values("pk"))
        per_status, per_kind, per_region = counts_by(projects, "status", "kind", "region")
        sector_counts, sector_names = projects_per(shares, "sector", "sector__name")
        funder_counts, funder_names = projects_per(funders, "funder__slug", "funder__name")
        instrument_counts, _names = projects_per(fundings, "instrument")
        return {
            "status": labelled_counts(per_status, choice_labels(ActivityStatus), sort=False),
            "kind": labelled_counts(per_kind, choice_labels(ProjectKind)),
            "sector": labelled_counts(sector_counts, sector_names),
            "region": labelled_counts(per_region, choice_labels(Region)),
            "funder": labelled_counts(funder_counts, funder_names),
            "instrument": labelled_counts(instrument_counts, choice_labels(FinanceType)),
        }

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
        return queryset.active_in_year(value)


def counts_by(projects, *fields):
    """({value: number of projects} for each field), in one query."""
    counts = [collections.Counter() for _field in fields]
    for row in projects.values(*fields).annotate(count=Count("pk")):
        for counter, field in zip(counts, fields, strict=True):
            counter[row[field]] += row["count"]
    return counts


def projects_per(parts, field, name=None):
    """({value: number of projects}, {value: name in the reader's language}) of a project
    part's field (a funding's funder…), in one query; the name is a translated field of
    what the value names (a funder's "funder__name"), English where not translated."""
    localized = sibling_name(name, active_language()) if name else None
    columns = [field, *dict.fromkeys(filter(None, (name, localized)))]
    rows = parts.order_by().values(*columns).annotate(count=Count("project", distinct=True))
    counts = {row[field]: row["count"] for row in rows}
    names = {row[field]: row[localized] or row[name] for row in rows} if name else {}
    return counts, names


def choice_labels(choices):
    return {choice.value: choice.label for choice in choices}


class SectorFilterSet(django_filters.FilterSet):
    q = SearchFilter(field_name="name", lookup_expr="icontains")
    category = WholeNumberFilter(label=_("DAC category"), min_value=100, max_value=999)

    class Meta:
        model = Sector
        fields = ["q", "category"]
