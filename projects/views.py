"""The public, read-only pages about projects, plus the overview and the timeline that
gather projects, agreements and engagements. Nothing here ever shows a draft: every
queryset starts from .published() (or StatusReport.objects.public())."""

import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomacy.filters import (
    AgreementFilterSet,
    EngagementFilterSet,
    OfficialFilterSet,
    OrganizationFilterSet,
)
from diplomacy.models import Agreement, AgreementStatus, Engagement, Official, Organization
from kruz.exports import csv_response
from kruz.records import Publication, page_key
from kruz.search import SearchForm
from kruz.translation import in_reader_language
from kruz.views import public_page, renamed_record_redirect
from projects.exports import public_projects_table
from projects.filters import ProjectFilterSet
from projects.models import (
    ActivityStatus,
    FinanceType,
    Funding,
    Milestone,
    Project,
    Region,
    Sector,
)

PAGE_SIZE = 25
# The key alone keeps the cached filter form current (ProjectFilterSet.form_cache_key); the
# timeout only bounds what a raw load (fixtures, a restore) could leave behind unnoticed.
FILTER_FORM_SECONDS = 300
PROJECT_PAGE_SECONDS = 24 * 60 * 60  # keyed by the public digest; this only frees space
LATEST_ENGAGEMENTS = 5
SEARCH_MATCHES_SHOWN = 10  # per kind; the rest are on the kind's list, searched the same way
FIRST_YEAR = 1991  # Diplomatic relations were established in January 1992; Uzbekistan, 1991.

# A tile-grid cartogram of the 14 regions: (column, row) of each tile, roughly where the
# region lies, west to east and north to south. Drawn for KRUZ; no boundary data is used.
REGION_TILES = {
    Region.KARAKALPAKSTAN: (0, 0),
    Region.KHOREZM: (0, 1),
    Region.NAVOIY: (1, 0),
    Region.BUKHARA: (1, 1),
    Region.SAMARKAND: (2, 1),
    Region.KASHKADARYA: (2, 2),
    Region.SURKHANDARYA: (3, 3),
    Region.JIZZAKH: (3, 0),
    Region.SYRDARYA: (3, 1),
    Region.TASHKENT_REGION: (4, 0),
    Region.TASHKENT_CITY: (4, 1),
    Region.NAMANGAN: (5, 0),
    Region.ANDIJAN: (6, 1),
    Region.FERGANA: (5, 1),
}
TILE_SIZE = 92


@public_page  # read-only pages: a POST is refused (405)
def overview(request):
    projects = Project.objects.published()
    fundings = Funding.objects.of_published_projects()
    agreement_statuses = agreement_counts(Agreement.objects.published())
    region_counts = projects.count_by("region")
    context = {
        "status_counts": labelled_counts(projects.count_by("status"), ActivityStatus),
        "project_total": projects.count(),
        "budgets": projects.budget_totals(),
        "funding_by_instrument": funding_by_instrument(fundings),
        "funding_by_funder": funding_by_funder(fundings),
        "agreement_status_counts": labelled_counts(agreement_statuses, AgreementStatus),
        "agreement_total": sum(agreement_statuses.values()),
        "region_tiles": region_tiles(region_counts),
        "without_region": region_counts.get("", 0),
        "map_width": 7 * TILE_SIZE,
        "map_height": 4 * TILE_SIZE,
        "latest_engagements": Engagement.objects.published()[:LATEST_ENGAGEMENTS],
    }
    return render(request, "projects/overview.html", context)


def agreement_counts(agreements):
    rows = agreements.order_by().values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}


def labelled_counts(counts, choices):
    return [(choice, counts[choice.value]) for choice in choices if counts.get(choice.value)]


def group_totals(rows, key):
    """[(key value, [(currency, total), ...])] from rows ordered by key then currency."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row[key], []).append((row["currency"], row["total"]))
    return list(grouped.items())


def funding_by_instrument(fundings):
    """[(instrument label, [(currency, total)], commitments whose amount is not disclosed)]
    for every instrument of a published project's funding, disclosed or not."""
    totals = dict(group_totals(fundings.committed_totals("instrument"), "instrument"))
    undisclosed = fundings.undisclosed_counts("instrument")
    instruments = sorted(set(totals) | set(undisclosed))
    return [
        (FinanceType(instrument).label, totals.get(instrument, []), undisclosed.get(instrument, 0))
        for instrument in instruments
    ]


def funding_by_funder(fundings):
    """[(funder, [(currency, total)], undisclosed count)] for each published funder, by
    name in the reader's language."""
    fundings = fundings.filter(funder__publication=Publication.PUBLISHED)
    totals = dict(group_totals(fundings.committed_totals("funder"), "funder"))
    undisclosed = fundings.undisclosed_counts("funder")
    # One query for all the names, however many funders there are.
    funders = Organization.objects.published().filter(pk__in=set(totals) | set(undisclosed))
    rows = [
        (funder, totals.get(funder.pk, []), undisclosed.get(funder.pk, 0)) for funder in funders
    ]
    return sorted(rows, key=lambda row: row[0].localized("name").casefold())


def region_tiles(counts):
    list_url = reverse("projects:list")
    most = max(counts.values(), default=0) or 1
    tiles = []
    for region, (column, row) in REGION_TILES.items():
        count = counts.get(region.value, 0)
        tiles.append(
            {
                "code": region.value,
                "label": region.label,
                "abbreviation": region.value.removeprefix("UZ-"),
                "count": count,
                "url": f"{list_url}?region={region.value}",
                "x": column * TILE_SIZE + 2,
                "y": row * TILE_SIZE + 2,
                "size": TILE_SIZE - 4,
                "shade": shade(count, most),
            }
        )
    return tiles


def shade(count, most):
    """One of five fill classes; the CSS pairs each with a text colour of enough contrast."""
    if count == 0:
        return 0
    return 1 + min(3, (4 * count - 1) // most)


@public_page
def project_list(request):
    projects = Project.objects.published().order_by(in_reader_language("title"), "id")
    filterset = ProjectFilterSet(request.GET, queryset=projects)
    filterset.offer_values_in_use()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "filter_form_key": filterset.form_cache_key(),
        "filter_form_seconds": FILTER_FORM_SECONDS,
        # The rows change only when a project on the page does, or the page's projects.
        "rows_key": page_key((project.pk, project.public_digest) for project in page),
        "rows_seconds": PROJECT_PAGE_SECONDS,
    }
    return render(request, "projects/project_list.html", context)


@public_page
def project_list_csv(request):
    """The filtered project list as CSV: same filters as the page, every matching row."""
    filterset = ProjectFilterSet(request.GET, queryset=Project.objects.published())
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain")
    return csv_response("kruz-projects.csv", *public_projects_table(filterset.qs))


@public_page
def project_detail(request, slug):
    project = Project.objects.published().only("pk", "public_digest").filter(slug=slug).first()
    if project is None:
        return renamed_record_redirect(Project, slug, "projects:detail")
    # The page changes only when the record's representation does: it is cached whole,
    # per address (language and host: its links are absolute), under the record's digest.
    # An address with a query string, which the language links keep, is rendered afresh:
    # addresses a visitor makes up take no room in the cache.
    address = f"{request.build_absolute_uri()}:{project.pk}:{project.public_digest}"
    key = None if request.GET else f"project-page:{address}"
    page = cache.get(key) if key else None
    if page is None:
        project = Project.objects.public().prefetch_related("changes").get(pk=project.pk)
        page = render_to_string("projects/project_detail.html", {"project": project}, request)
        if key:
            cache.set(key, page, PROJECT_PAGE_SECONDS)
    return HttpResponse(page)


@public_page
def timeline(request):
    today = timezone.localdate()
    span = (datetime.date(FIRST_YEAR, 1, 1), today)
    events = sorted(
        [
            *engagement_events(Engagement.objects.published().filter(started_on__range=span)),
            *agreement_events(Agreement.objects.published().filter(signed_on__range=span)),
            *milestone_events(
                Milestone.objects.filter(project__publication=Publication.PUBLISHED)
                .alias(on=Coalesce("done_on", "due_on"))
                .filter(on__range=span)
                .select_related("project")
            ),
        ],
        key=lambda event: (event["date"], event["kind"]),
    )
    years = {}
    for event in events:
        years.setdefault(event["date"].year, []).append(event)
    context = {
        "years": sorted(years.items()),
        "all_years": [(year, year in years) for year in range(FIRST_YEAR, today.year + 1)],
    }
    return render(request, "projects/timeline.html", context)


def engagement_events(engagements):
    for engagement in engagements:
        yield {
            "date": engagement.started_on,
            "when": engagement.display_date("started_on"),
            "kind": _("Engagement"),
            "title": engagement.localized("title"),
            "detail": engagement.get_kind_display(),
            "url": engagement.get_absolute_url(),
        }


def agreement_events(agreements):
    for agreement in agreements:
        yield {
            "date": agreement.signed_on,
            "when": agreement.display_date("signed_on"),
            "kind": _("Agreement"),
            "title": agreement.localized("title"),
            "detail": agreement.get_kind_display(),
            "url": agreement.get_absolute_url(),
        }


def milestone_events(milestones):
    """A milestone reached is dated when it was done; one not reported done is a plan,
    dated when it was due, and says so."""
    for milestone in milestones:
        done = milestone.done_on is not None
        field = "done_on" if done else "due_on"
        yield {
            "date": getattr(milestone, field),
            "when": milestone.display_date(field),
            "kind": _("Milestone reached") if done else _("Planned milestone, not reported done"),
            "planned": not done,
            "title": milestone.localized("title"),
            "detail": milestone.project.localized("title"),
            "url": milestone.project.get_absolute_url(),
        }


@public_page
def sector_list(request):
    """The sectors of published projects, each linking to its projects."""
    sectors = Sector.objects.in_use().order_by("code")
    return render(request, "projects/sector_list.html", {"sectors": sectors})


@public_page
def region_list(request):
    """The fourteen regions with their published projects, and those in none."""
    counts = Project.objects.published().count_by("region")
    regions = [(region, counts.get(region.value, 0)) for region in Region]
    context = {"regions": regions, "without_region": counts.get("", 0)}
    return render(request, "projects/region_list.html", context)


@public_page
def search(request):
    """The whole public record searched at once, grouped by kind, with the lists' own
    searches (kruz.search: every word in any of its spellings and languages)."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    groups = search_groups(form.cleaned_data["q"]) if form.is_valid() else []
    context = {"form": form, "groups": groups, "found": sum(group["total"] for group in groups)}
    return render(request, "projects/search.html", context, status=400 if form.errors else 200)


def search_groups(text):
    """[{kind, name_field, records, total, more_url}], one per kind of record, in order."""
    kinds = (
        (_("Projects"), ProjectFilterSet, Project, "title", "projects:list"),
        (_("Agreements"), AgreementFilterSet, Agreement, "title", "diplomacy:agreement-list"),
        (_("Engagements"), EngagementFilterSet, Engagement, "title", "diplomacy:engagement-list"),
        (_("Officials"), OfficialFilterSet, Official, "name", "diplomacy:official-list"),
        (
            _("Organizations"),
            OrganizationFilterSet,
            Organization,
            "name",
            "diplomacy:organization-list",
        ),
    )
    groups = []
    for kind, filterset_class, model, name_field, list_url in kinds:
        matches = filterset_class({"q": text}, queryset=model.objects.published()).qs
        groups.append(
            {
                "kind": kind,
                "name_field": name_field,
                "records": list(matches[:SEARCH_MATCHES_SHOWN]),
                "total": matches.count(),
                "more_url": f"{reverse(list_url)}?{urlencode({'q': text})}",
            }
        )
    return groups
