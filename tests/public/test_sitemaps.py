"""Search engines find every public page: the sitemap lists each in every language, with
its alternates and an x-default, dated by the last change the public could see, on
settings.SITE_URL; robots.txt points to it."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

from diplomacy.models import Agreement
from kruz import sitemaps
from kruz.models import PublicEvent
from kruz.records import Publication
from projects.models import Project
from tests.factories import EngagementFactory, OfficialFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SITE = "https://kruz.example.org"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def xml(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


def sitemap_entries(client):
    """{address: (lastmod, {hreflang: alternate address})} of every sitemap section."""
    entries = {}
    index = xml(client.get("/sitemap.xml", HTTP_HOST="localhost"))
    for section in index.xpath("//sitemap:loc/text()", namespaces=NAMESPACES):
        assert section.startswith(f"{SITE}/sitemap-")
        urlset = xml(client.get(section.removeprefix(SITE), HTTP_HOST="localhost"))
        for url in urlset.xpath("sitemap:url", namespaces=NAMESPACES):
            (location,) = url.xpath("sitemap:loc/text()", namespaces=NAMESPACES)
            lastmod = url.xpath("sitemap:lastmod/text()", namespaces=NAMESPACES)
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=NAMESPACES)
            }
            entries[location] = (lastmod[0] if lastmod else None, alternates)
    return entries


def in_every_language(path):
    return {f"{SITE}/{code}{path}" for code in LANGUAGES}


def test_it_lists_every_public_page_in_every_language(client, record):
    expected = set()
    for path in (
        "/",
        "/projects/",
        "/timeline/",
        "/agreements/",
        "/projects/childrens-hospital/",
        "/projects/kindergartens/",
        "/agreements/hospital-loan/",
        "/engagements/",
        "/officials/",
        "/organizations/",
        "/sectors/",
        "/regions/",
        "/engagements/state-visit-2017/",
        "/organizations/koica/",
        "/officials/kang-kyung-wha/",
    ):
        expected |= in_every_language(path)
    OfficialFactory(slug="kang-kyung-wha")

    assert set(sitemap_entries(client)) == expected  # not the search: its results are views


def test_it_leaves_draft_engagements_officials_and_organizations_out(client, record):
    EngagementFactory(slug="secret-visit", publication=Publication.DRAFT)
    OfficialFactory(slug="secret-official", publication=Publication.DRAFT)
    record["koica"].unpublish()

    addresses = " ".join(sitemap_entries(client))

    assert "secret-visit" not in addresses and "secret-official" not in addresses
    assert "/organizations/koica/" not in addresses
    assert "/organizations/" in addresses


def test_it_gives_each_page_its_alternates_and_an_x_default(client, record):
    entries = sitemap_entries(client)

    _lastmod, alternates = entries[f"{SITE}/ru/projects/childrens-hospital/"]
    assert alternates == {
        "en": f"{SITE}/en/projects/childrens-hospital/",
        "ko": f"{SITE}/ko/projects/childrens-hospital/",
        "uz": f"{SITE}/uz/projects/childrens-hospital/",
        "ru": f"{SITE}/ru/projects/childrens-hospital/",
        "x-default": f"{SITE}/projects/childrens-hospital/",
    }
    assert entries[f"{SITE}/ko/"][1]["x-default"] == f"{SITE}/"


def test_it_leaves_drafts_out_of_the_sitemap(client, record):
    ProjectFactory(slug="secret-draft", publication=Publication.DRAFT)
    record["agreement"].unpublish()

    addresses = " ".join(sitemap_entries(client))

    assert "secret-draft" not in addresses
    assert "hospital-loan" not in addresses


def test_it_dates_a_record_page_by_the_last_change_the_public_could_see(client, record):
    changed = timezone.make_aware(datetime.datetime(2024, 3, 5, 12, 0))
    Project.objects.filter(slug="kindergartens").update(updated_at=changed)

    lastmod, _alternates = sitemap_entries(client)[f"{SITE}/uz/projects/kindergartens/"]

    assert lastmod == "2024-03-05"


def test_it_dates_a_list_by_its_latest_change_including_a_removal(client, record):
    long_ago = timezone.make_aware(datetime.datetime(2020, 1, 1))
    Agreement.objects.update(updated_at=long_ago)
    PublicEvent.objects.update(occurred_at=long_ago)
    assert sitemap_entries(client)[f"{SITE}/en/agreements/"][0] == "2020-01-01"

    record["agreement"].unpublish()  # the list no longer shows it: that is a change

    today = timezone.localdate().isoformat()
    assert sitemap_entries(client)[f"{SITE}/en/agreements/"][0] == today


def test_it_refuses_an_unknown_sitemap_section(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.post("/sitemap.xml").status_code == 405


def test_it_points_robots_to_the_sitemap(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /en") or line == "Disallow: /" for line in lines)


def test_it_splits_a_long_section_into_files_the_index_lists(client, record, monkeypatch):
    monkeypatch.setattr(sitemaps.sections["projects"], "limit", 1)

    index = xml(client.get("/sitemap.xml"))
    files = index.xpath("//sitemap:loc/text()", namespaces=NAMESPACES)
    second = xml(client.get("/sitemap-projects.xml", {"p": 2}))

    assert f"{SITE}/sitemap-projects.xml?p=2" in files
    assert f"{SITE}/sitemap-projects.xml?p=3" not in files
    assert second.xpath("//sitemap:url/sitemap:loc/text()", namespaces=NAMESPACES) == [
        f"{SITE}/{code}/projects/kindergartens/" for code in LANGUAGES
    ]
    assert client.get("/sitemap-projects.xml", {"p": 3}).status_code == 404
