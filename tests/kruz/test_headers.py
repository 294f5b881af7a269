"""Every kind of page KRUZ serves carries the security headers, and no HTML page needs an
inline script."""

import re

import pytest
from django.test import Client

from tests.factories import AgreementFactory, ProjectFactory, UserFactory
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60
PUBLIC_PAGES = [
    "/en/",
    "/ko/projects/",
    "/ru/projects/headers-project/",
    "/uz/agreements/",
    "/en/agreements/headers-agreement/",
    "/ko/timeline/",
    "/en/projects.csv",
    "/en/no-such-page/",
    "/api/v1/",
    "/api/v1/projects/",
    "/api/v1/projects/headers-project/",
    "/api/v1/projects/export/",
    "/api/schema/",
    "/api/docs/",
    "/api/docs/?script=",
    "/iati/activities.xml",
    "/healthz",
    "/admin/login/",
]
STAFF_PAGES = [
    "/admin/",
    "/admin/projects/project/",
    "/admin/projects/project/{project}/change/",
    "/admin/diplomacy/agreement/{agreement}/history/",
]
INLINE_STYLE = re.compile(r"<style\b", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.fixture
def pages(db):
    project = ProjectFactory(slug="headers-project")
    agreement = AgreementFactory(slug="headers-agreement")
    staff = verified_login(Client(), UserFactory(username="root", is_superuser=True))
    visits = [(Client(), url) for url in PUBLIC_PAGES]
    visits += [
        (staff, url.format(project=project.pk, agreement=agreement.pk)) for url in STAFF_PAGES
    ]
    return visits


def directives(policy):
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_it_sends_the_security_headers_on_every_page_type(pages):
    for client, url in pages:
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        hsts = dict(
            (part.strip().split("=") + [True])[:2]
            for part in response["Strict-Transport-Security"].split(";")
        )
        assert int(hsts["max-age"]) >= YEAR and "includeSubDomains" in hsts, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
    assert len(pages) == 22


def test_it_serves_no_inline_script_on_any_html_page(pages):
    html_pages = 0
    for client, url in pages:
        response = client.get(url, secure=True)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html_pages += 1
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), (url, INLINE_SCRIPT.search(page).group(0))
        assert not EVENT_HANDLER.search(page), (url, EVENT_HANDLER.search(page).group(0))
        assert "javascript:" not in page, url
        assert not INLINE_STYLE.search(page), url
    assert html_pages == 13


def test_it_serves_swagger_ui_start_up_script_as_a_file():
    page = Client().get("/api/docs/").content.decode()
    script = Client().get("/api/docs/?script=")

    assert '<script src="/api/docs/?script="></script>' in page
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
