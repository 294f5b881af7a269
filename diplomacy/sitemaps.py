"""The agreement pages and the agreement list, in the sitemap (kruz.sitemaps)."""

from diplomacy.models import Agreement
from kruz.sitemaps import RecordSitemap, register, register_pages


class AgreementSitemap(RecordSitemap):
    model = Agreement


register("agreements", AgreementSitemap)
register_pages({"diplomacy:agreement-list": (Agreement,)})
