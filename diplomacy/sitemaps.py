"""The diplomacy record's pages and lists, in the sitemap (kruz.sitemaps)."""

from diplomacy.models import Agreement, Engagement, Official, Organization
from kruz.sitemaps import RecordSitemap, register, register_pages


class AgreementSitemap(RecordSitemap):
    model = Agreement


class EngagementSitemap(RecordSitemap):
    model = Engagement


class OfficialSitemap(RecordSitemap):
    model = Official


class OrganizationSitemap(RecordSitemap):
    model = Organization


register("agreements", AgreementSitemap)
register("engagements", EngagementSitemap)
register("officials", OfficialSitemap)
register("organizations", OrganizationSitemap)
register_pages(
    {
        "diplomacy:agreement-list": (Agreement,),
        "diplomacy:engagement-list": (Engagement,),
        "diplomacy:official-list": (Official,),
        "diplomacy:organization-list": (Organization,),
    }
)
