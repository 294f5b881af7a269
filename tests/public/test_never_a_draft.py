"""Drafts and internal reports never reach a public page: crawl everything reachable from
the overview in every language (and the anonymous API, where this branch has one)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from diplomacy.models import EngagementParticipant
from kruz.records import Publication
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipatingOrganizationFactory,
    PositionFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "ZQX-NEVER-PUBLIC"
DRAFT = Publication.DRAFT
LINK = re.compile(r'(?:href|src)="([^"#]*)')
API_LINK = re.compile(r'"(http://testserver/api/[^"]*)"')
MAX_PAGES = 600


@pytest.fixture
def drafts(record):
    """Every kind of unpublished thing, each carrying the secret, tied to published records."""
    hospital, agreement = record["hospital"], record["agreement"]
    draft_project = ProjectFactory(
        slug="secret-project", title=f"{SECRET} project", publication=DRAFT
    )
    draft_project.agreements.add(agreement)
    MilestoneFactory(project=draft_project, title=f"{SECRET} milestone")
    StatusReportFactory(project=draft_project, narrative=f"{SECRET} report of a draft")
    StatusReportFactory(project=hospital, narrative=f"{SECRET} internal", is_internal=True)
    StatusReportFactory(project=hospital, narrative=f"{SECRET} unpublished", publication=DRAFT)
    funder = OrganizationFactory(name=f"{SECRET} funder", publication=DRAFT)
    FundingFactory(project=hospital, funder=funder)
    AgreementFactory(slug="secret-agreement", title=f"{SECRET} agreement", publication=DRAFT)
    EngagementFactory(title=f"{SECRET} engagement", publication=DRAFT)
    official = OfficialFactory(slug="secret-official", name=f"{SECRET} official", publication=DRAFT)
    agreement.signatories.add(official)
    tie_drafts_to_the_record_pages(record, draft_project, official, funder)
    return draft_project


def tie_drafts_to_the_record_pages(record, draft_project, draft_official, draft_funder):
    """Drafts next to what the engagement, official and organization pages show."""
    koica, engagement = record["koica"], record["engagement"]
    FundingFactory(project=draft_project, funder=koica)
    ParticipatingOrganizationFactory(project=draft_project, organization=koica)
    draft_project.engagements.add(engagement)
    EngagementParticipant.objects.create(
        engagement=engagement, official=draft_official, role="head", capacity=SECRET
    )
    PositionFactory(official=draft_official, organization=koica, title=f"{SECRET} position")
    minister = OfficialFactory(slug="minister")
    EngagementParticipant.objects.create(engagement=engagement, official=minister, role="host")
    PositionFactory(official=minister, organization=draft_funder, title="Adviser")
    draft_visit = EngagementFactory(
        slug="secret-engagement", title=f"{SECRET} visit", publication=DRAFT
    )
    EngagementParticipant.objects.create(engagement=draft_visit, official=minister, role="head")
    record["hospital"].engagements.add(draft_visit)
    AgreementFactory(title=f"{SECRET} signed on a visit", engagement=engagement, publication=DRAFT)
    record["agreement"].parties.add(draft_funder)


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """The crawl reads hundreds of pages as one anonymous client; throttling is tested
    with the API, not here."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})


def crawl(client, start_urls):
    """Every internal page reachable from the start, with its body."""
    seen, queue, pages = set(start_urls), list(start_urls), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if url.startswith("/api/") and response.status_code == 401:
            continue  # an endpoint for token holders only (webhook subscriptions)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        pages[url] = body
        for link in internal_links(url, body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert not queue, "the crawl stopped early; raise MAX_PAGES"
    return pages


def internal_links(url, body):
    for link in LINK.findall(body) + API_LINK.findall(body):
        absolute = urljoin(f"http://testserver{url}", link.replace("&amp;", "&"))
        parts = urlsplit(absolute)
        if parts.netloc != "testserver" or parts.path.startswith(("/static/", "/admin/")):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def api_start_urls():
    try:
        resolve("/api/v1/")
    except Resolver404:
        return []
    return ["/api/v1/"]


def test_it_never_shows_a_draft_or_an_internal_report_anywhere(client, drafts):
    pages = crawl(client, ["/en/", "/ko/", "/uz/", "/ru/", *api_start_urls()])
    assert any(url.startswith("/uz/projects/childrens-hospital/") for url in pages)
    assert any(url.startswith("/ko/agreements/hospital-loan/") for url in pages)
    assert any(url.startswith("/ru/projects.csv") for url in pages)
    for path in ("/en/engagements/state-visit-2017/", "/ko/officials/minister/"):
        assert path in pages
    assert "/uz/organizations/koica/" in pages and "/ru/sectors/" in pages
    leaks = [url for url, body in pages.items() if SECRET in body]
    assert leaks == []


def test_it_answers_404_at_a_drafts_own_address_in_every_language(client, drafts):
    for language in ("en", "ko", "uz", "ru"):
        assert client.get(f"/{language}/projects/secret-project/").status_code == 404
        assert client.get(f"/{language}/agreements/secret-agreement/").status_code == 404
        assert client.get(f"/{language}/engagements/secret-engagement/").status_code == 404
        assert client.get(f"/{language}/officials/secret-official/").status_code == 404


def test_it_finds_no_draft_with_the_site_search(client, drafts):
    for language in ("en", "ko", "uz", "ru"):
        response = client.get(f"/{language}/search/", {"q": SECRET})
        assert response.status_code == 200
        assert response.context["found"] == 0
