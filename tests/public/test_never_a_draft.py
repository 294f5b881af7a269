"""Drafts and internal reports never reach a public page: crawl everything reachable from
the overview in every language (and the anonymous API, where this branch has one)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from kruz.records import Publication
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
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
    official = OfficialFactory(name=f"{SECRET} official", publication=DRAFT)
    agreement.signatories.add(official)
    return draft_project


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
    leaks = [url for url, body in pages.items() if SECRET in body]
    assert leaks == []


def test_it_answers_404_at_a_drafts_own_address_in_every_language(client, drafts):
    for language in ("en", "ko", "uz", "ru"):
        assert client.get(f"/{language}/projects/secret-project/").status_code == 404
        assert client.get(f"/{language}/agreements/secret-agreement/").status_code == 404
