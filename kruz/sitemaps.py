"""The sitemaps: every public page in every language of settings.LANGUAGES, each with its
alternates in the other languages and an x-default, on settings.SITE_URL.

Each app's sitemaps.py registers a sitemap per record type that has pages
(`register("projects", ProjectSitemap)`) and the pages that gather records
(`register_pages({"projects:list": (Project,)})`), as its api.py registers its endpoints.
/sitemap.xml is the index of the sections; /sitemap-<section>.xml lists one."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from kruz.addresses import site_parts
from kruz.models import PublicEvent

sections = {}


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # The protocol allows 50,000 addresses in one file; each item is one per language.
    limit = 50_000 // len(settings.LANGUAGES)

    def get_urls(self, page=1, site=None, protocol=None):
        """Addresses on settings.SITE_URL, whichever host the sitemap was asked on."""
        scheme, host = site_parts()
        return self._urls(page, scheme, host)


class RecordSitemap(PublicSitemap):
    """The page of each published record of `model`. Its lastmod is when what the public
    sees of it last changed (Record.updated_at moves only then)."""

    model = None

    def items(self):
        published = self.model.objects.published()
        return published.only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PagesSitemap(PublicSitemap):
    """Pages that gather records (the overview, lists, the timeline), by URL name, each
    with the record types it shows: it changes when one of them is published, changed,
    unpublished or deleted."""

    def __init__(self):
        self.pages = {}

    def items(self):
        return list(self.pages)

    def location(self, url_name):
        return reverse(url_name)

    def lastmod(self, url_name):
        return latest_public_change(*self.pages[url_name])

    def get_latest_lastmod(self):
        return max(filter(None, map(self.lastmod, self.pages)), default=None)


def latest_public_change(*models):
    """When the public's view of any record of these types last changed: the latest
    change to a published one, or a record's removal (its event), whichever is later."""
    moments = [
        *(
            model.objects.published().aggregate(latest=Max("updated_at"))["latest"]
            for model in models
        ),
        PublicEvent.objects.filter(resource__in=[model._meta.label_lower for model in models])
        .aggregate(latest=Max("occurred_at"))
        .get("latest"),
    ]
    return max(filter(None, moments), default=None)


def register(section, sitemap):
    sections[section] = sitemap()


def register_pages(pages):
    """Add pages that gather records: {URL name: (record types shown, …)}."""
    sections.setdefault("pages", PagesSitemap()).pages.update(pages)
