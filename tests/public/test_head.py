"""The <head> of every public page names its canonical address, the same page in each
language (absolute, with an x-default), a description, Open Graph tags for link previews
and its feeds, all on settings.SITE_URL."""

import pytest
from django.conf import settings
from lxml import html

from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

SITE = "https://kruz.example.org"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def head(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    return html.fromstring(response.content).find("head")


def meta(page_head, name):
    found = page_head.xpath(f"meta[@name='{name}' or @property='{name}']/@content")
    assert len(found) == 1, (name, found)
    return found[0]


def test_it_links_the_page_in_each_language_absolutely_with_an_x_default(client, record):
    page_head = head(client, "/ko/projects/childrens-hospital/?utm=x")

    alternates = {
        link.get("hreflang"): link.get("href")
        for link in page_head.xpath("link[@rel='alternate'][@hreflang]")
    }

    assert alternates == {
        **{code: f"{SITE}/{code}/projects/childrens-hospital/" for code in LANGUAGES},
        "x-default": f"{SITE}/projects/childrens-hospital/",
    }


def test_it_sends_the_x_default_address_to_a_language(client, record):
    response = client.get("/projects/childrens-hospital/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 302
    assert response["Location"] == "/ru/projects/childrens-hospital/"


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/en/projects/childrens-hospital/", "/en/projects/childrens-hospital/"),
        ("/en/projects/?page=2", "/en/projects/?page=2"),
        ("/en/projects/?page=1", "/en/projects/"),
        ("/ru/projects/?region=UZ-SA&page=2", "/ru/projects/"),
    ],
)
def test_it_names_the_canonical_address(client, record, path, canonical):
    page_head = head(client, path)

    assert page_head.xpath("link[@rel='canonical']/@href") == [SITE + canonical]
    assert meta(page_head, "og:url") == SITE + canonical


def test_it_describes_a_record_page_with_its_summary_in_the_page_language(client, record):
    hospital = record["hospital"]
    hospital.summary_ko = "타슈켄트에 어린이병원을 짓는 사업."
    hospital.save()

    page_head = head(client, "/ko/projects/childrens-hospital/")

    assert meta(page_head, "description") == "타슈켄트에 어린이병원을 짓는 사업."
    assert meta(page_head, "og:description") == "타슈켄트에 어린이병원을 짓는 사업."
    assert meta(page_head, "og:title") == "타슈켄트 어린이병원"
    assert page_head.findtext("title") == "타슈켄트 어린이병원 · KRUZ"


def test_it_describes_an_agreement_with_its_summary(client, record):
    agreement = record["agreement"]
    agreement.summary = "The loan agreement behind the children's <hospital>."
    agreement.save()

    page_head = head(client, "/en/agreements/hospital-loan/")

    assert meta(page_head, "description") == agreement.summary


def test_it_describes_other_pages_with_the_site_description(client, record):
    described = {meta(head(client, path), "description") for path in ("/en/", "/en/timeline/")}

    assert described == {
        "Projects, funding, agreements and visits between the Republic of Korea and the "
        "Republic of Uzbekistan, as published in the record."
    }


def test_it_gives_open_graph_tags_for_link_previews(client, record):
    page_head = head(client, "/uz/agreements/")

    assert meta(page_head, "og:site_name") == "KRUZ"
    assert meta(page_head, "og:type") == "website"
    assert meta(page_head, "og:title") == page_head.findtext("title").removesuffix(" · KRUZ")
    assert meta(page_head, "og:description") == meta(page_head, "description")
    assert meta(page_head, "og:locale") == "uz_UZ"
    assert sorted(page_head.xpath("meta[@property='og:locale:alternate']/@content")) == [
        "en_GB",
        "ko_KR",
        "ru_RU",
    ]
    assert not page_head.xpath("meta[@property='og:image']")


def test_it_links_the_feeds_from_the_head(client, record):
    feeds = head(client, "/ru/projects/kindergartens/").xpath(
        "link[@rel='alternate'][@type='application/atom+xml']/@href"
    )

    assert feeds == [f"{SITE}/ru/feed/", f"{SITE}/ru/projects/kindergartens/feed/"]
    assert head(client, "/ru/").xpath("link[@type='application/atom+xml']/@href") == [
        f"{SITE}/ru/feed/"
    ]


def test_it_keeps_a_missing_page_out_of_search_engines(client):
    page_head = head(client, "/en/no-such-page/")

    assert meta(page_head, "robots") == "noindex"
    assert not page_head.xpath("link[@rel='canonical' or @hreflang]")


def test_it_describes_official_and_organization_pages_and_points_a_search_to_its_page(
    client, record
):
    OfficialFactory(slug="kang-kyung-wha", name="Kang Kyung-wha")

    official = head(client, "/en/officials/kang-kyung-wha/")
    organization = head(client, "/ru/organizations/koica/")
    search = head(client, "/ko/search/?q=병원")

    assert meta(official, "og:description").startswith("Kang Kyung-wha: positions held")
    assert meta(official, "og:title") == "Kang Kyung-wha"
    assert organization.xpath("link[@rel='canonical']/@href") == [f"{SITE}/ru/organizations/koica/"]
    assert search.xpath("link[@rel='canonical']/@href") == [f"{SITE}/ko/search/"]
