"""The sitemaps: every public page in every language of settings.LANGUAGES, each with its
alternates in the other languages and an x-default, on settings.SITE_URL.

Each app's sitemaps.py registers a sitemap per record type that has pages
(`register("projects", ProjectSitemap)`) and the pages that gather records
(`register_pages({"projects:list": (Project,)})`), as its api.py registers its endpoints.
/sitemap.xml is the index of the sections; /sitemap-<section>.xml lists one."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from kruz.addresses import absolute, language_neutral
from kruz.models import PublicEvent

sections = {}


class PublicSitemap(Sitemap):
    """Each item's page once per language, with every language (and an x-default) as its
    alternates, on settings.SITE_URL whatever host the sitemap was asked on."""

    # Items a file, each one address per language with all of them as alternates: Django's
    # template writes 4,000 such addresses in about a second (10,000 took 5 s on a busy
    # machine; the protocol allows 50,000). The index lists as many files as it takes.
    limit = 1_000

    @property
    def paginator(self):
        """Pages of items, read a page at a time. (Django's i18n sitemap pages a list of
        every (item, language) pair, built from the whole table on each request.)"""
        return Paginator(self.items(), self.limit)

    def get_urls(self, page=1, site=None, protocol=None):
        """The entries Django's sitemap template reads."""
        return [
            entry for item in self.paginator.page(page).object_list for entry in self.entries(item)
        ]

    def entries(self, item):
        """The item's page in each language, each naming all of them and the x-default.
        (Django computes each address again for every entry that names it: six times.)"""
        paths = {}
        for code in self.get_languages_for_item(item):
            with translation.override(code):
                paths[code] = self.location(item)
        alternates = [
            {"lang_code": code, "location": absolute(path)} for code, path in paths.items()
        ]
        neutral = language_neutral(paths[settings.LANGUAGE_CODE])
        alternates.append({"lang_code": "x-default", "location": absolute(neutral)})
        lastmod = self.lastmod(item)
        return [
            {
                "item": (item, code),
                "location": absolute(path),
                "lastmod": lastmod,
                "alternates": alternates,
            }
            for code, path in paths.items()
        ]


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
