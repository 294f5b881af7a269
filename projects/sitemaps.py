"""The project pages and the pages that gather projects, in the sitemap (kruz.sitemaps)."""

from diplomacy.models import Agreement, Engagement
from kruz.sitemaps import RecordSitemap, register, register_pages
from projects.models import Project


class ProjectSitemap(RecordSitemap):
    model = Project


register("projects", ProjectSitemap)
register_pages(
    {
        "projects:overview": (Project, Agreement, Engagement),
        "projects:list": (Project,),
        "projects:timeline": (Engagement, Agreement, Project),
        "projects:sector-list": (Project,),
        "projects:region-list": (Project,),
    }
)
