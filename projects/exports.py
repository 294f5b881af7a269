"""The project list as a table: the public page's CSV and the API's export write the same
columns, from the projects' public parts (kruz.exports writes the file)."""

from django.conf import settings

from kruz.exports import partial_date

HEADER = [
    "slug",
    "title",
    "kind",
    "status",
    "region",
    "location",
    "sectors",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "budget_currency",
    "funders",
    "url",
    "updated_at",
]


def project_rows(projects):
    """One row per project, in the active language; `projects` come from
    Project.objects.with_public_parts()."""
    for project in projects:
        yield [
            project.slug,
            project.localized("title"),
            project.get_kind_display(),
            project.get_status_display(),
            project.get_region_display(),
            project.localized("location"),
            "; ".join(
                f"{share.sector_id} {share.sector.localized('name')} ({share.percentage:g} %)"
                for share in project.public_sector_shares
            ),
            *(
                partial_date(getattr(project, name), getattr(project, f"{name}_precision"))
                for name in ("planned_start", "planned_end", "actual_start", "actual_end")
            ),
            project.budget,
            project.budget_currency_id,
            "; ".join(
                sorted({funding.funder.localized("name") for funding in project.public_fundings})
            ),
            settings.SITE_URL + project.get_absolute_url(),
            project.updated_at,
        ]


def public_projects_table(queryset):
    """(header, rows) of the published projects among `queryset`, streamed in chunks."""
    projects = queryset.published().with_public_parts().iterator(chunk_size=500)
    return HEADER, project_rows(projects)
