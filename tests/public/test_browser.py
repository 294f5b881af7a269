"""The public site in a real browser: Debian's headless Chromium driven by Playwright,
against a live server, with axe-core auditing each page type. In CI (CI=true) these
tests must run; elsewhere they skip when the browser tools are missing."""

import datetime
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from diplomacy.models import Currency, EngagementParticipant
from projects.models import Region, Sector
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    FundingFactory,
    MilestoneFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
    ProjectFactory,
    ProjectSectorFactory,
    StatusReportFactory,
)

CHROMIUM = Path("/usr/bin/chromium")
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = settings.BASE_DIR / "artifacts"
SCREENSHOTS = settings.BASE_DIR / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def missing_tools():
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed: run .ci/steps/20-browser.sh"
    if not AXE.exists():
        return "axe-core is not installed: run .ci/steps/20-browser.sh"
    return ""


pytestmark = [
    pytest.mark.skipif(
        bool(missing_tools()) and os.environ.get("CI") != "true", reason=missing_tools() or "-"
    ),
    # The live server needs committed data (tests/conftest.py puts back what the data
    # migrations load after each such test empties the tables).
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make around it are synchronous and safe, so Django's async guard is lifted here.
    database_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # Between its calls Playwright marks its event loop as running, and Django then
            # keeps connections per async context: fresh ones, unlike those the test's
            # database set-up and flush use. Keep the same ones.
            for alias, connection in database_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(transactional_db):
    """A small published record shaped like the real one."""
    Currency.objects.get_or_create(code="USD", defaults={"name": "US Dollar"})
    Currency.objects.get_or_create(code="KRW", defaults={"name": "Won"})
    Sector.objects.get_or_create(code=12191, defaults={"name": "Medical services", "category": 121})
    edcf = OrganizationFactory(
        slug="edcf", name="Economic Development Cooperation Fund", acronym="EDCF", kind="finance"
    )
    koica = OrganizationFactory(
        slug="koica",
        name="Korea International Cooperation Agency",
        acronym="KOICA",
        name_ko="한국국제협력단",
    )
    visit = EngagementFactory(
        title="State visit of President Mirziyoyev to Seoul",
        title_ko="미르지요예프 대통령 국빈 방한",
        kind="state_visit",
        started_on=datetime.date(2017, 11, 22),
        place="Seoul",
        country="KR",
    )
    agreement = AgreementFactory(
        slug="hospital-loan",
        title="Loan agreement for the children's hospital in Tashkent",
        title_ko="타슈켄트 어린이병원 차관 협정",
        kind="loan",
        status="in_force",
        signed_on=datetime.date(2017, 11, 23),
        entered_into_force_on=datetime.date(2018, 3, 1),
        engagement=visit,
    )
    hospital = ProjectFactory(
        slug="childrens-hospital",
        title="National children's medical centre in Tashkent",
        title_ko="타슈켄트 국립 어린이 의료센터",
        title_uz="Toshkentdagi milliy bolalar tibbiyot markazi",
        title_ru="Национальный детский медицинский центр в Ташкенте",
        summary="A 250-bed children's hospital: an EDCF loan builds it, a KOICA grant equips it.",
        location="Tashkent, Yunusabad district",
        budget=Decimal("120000000"),
        budget_currency_id="USD",
    )
    FundingFactory(project=hospital, funder=edcf, instrument=410, amount=Decimal("100000000"))
    FundingFactory(project=hospital, funder=koica, amount=Decimal("20000000"))
    ProjectSectorFactory(project=hospital)
    MilestoneFactory(
        project=hospital,
        title="Construction starts",
        due_on=datetime.date(2021, 5, 1),
        done_on=datetime.date(2021, 5, 20),
    )
    MilestoneFactory(project=hospital, title="Hospital opens", due_on=datetime.date(2027, 9, 1))
    StatusReportFactory(project=hospital, progress=65, narrative="The main building is complete.")
    hospital.agreements.add(agreement)
    hospital.engagements.add(visit)
    for slug, title, region, status in [
        ("kindergartens", "Korean-model kindergartens", Region.SAMARKAND, 2),
        ("aral-sea", "Aral Sea forest restoration", Region.KARAKALPAKSTAN, 2),
        ("ktx-trains", "High-speed trains for Uzbekistan Railways", Region.TASHKENT_CITY, 3),
        ("urgench-airport", "Urgench international airport", Region.KHOREZM, 1),
    ]:
        project = ProjectFactory(slug=slug, title=title, region=region, status=status)
        FundingFactory(project=project, funder=koica, amount=Decimal("5000000"))
    return hospital


def audit(page):
    """Serious and critical axe-core violations on the page, as (rule, targets)."""
    # Evaluated by the test, not added as an inline <script>, which the site's
    # Content-Security-Policy (script-src 'self') rightly refuses.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => [v.id, v.nodes.map(n => n.target.join(" "))])"""
    )
    return violations


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copyfile(path, SCREENSHOTS / f"{name}.png")


PAGE_TYPES = [
    ("/en/", "Korea–Uzbekistan cooperation at a glance"),
    ("/en/projects/", "Projects"),
    ("/en/projects/childrens-hospital/", "National children's medical centre in Tashkent"),
    ("/en/agreements/", "Agreements"),
    ("/en/agreements/hospital-loan/", "Loan agreement for the children's hospital in Tashkent"),
    ("/en/timeline/", "Timeline of the relationship"),
    ("/ko/", None),
    ("/uz/projects/childrens-hospital/", "Toshkentdagi milliy bolalar tibbiyot markazi"),
    ("/en/engagements/", "Engagements"),
    ("/en/officials/", "Officials"),
    ("/en/organizations/", "Organizations"),
    ("/en/organizations/koica/", "Korea International Cooperation Agency (KOICA)"),
    ("/en/sectors/", "Sectors"),
    ("/en/regions/", "Regions"),
    ("/en/search/?q=hospital+Ташкент", "Search"),
    ("/ru/search/?q=" + "+".join(["word"] * 11), None),  # refused, with its message
]


def test_it_loads_every_page_type_with_no_serious_accessibility_violation(site, page):
    for url, heading in PAGE_TYPES:
        response = page.goto(url)
        assert response.status == (400 if "word+" in url else 200), url
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert audit(page) == [], url


def test_it_screenshots_the_real_record_for_the_readme(page):
    """The README shows the overview and the children's hospital as the record has them."""
    call_command("load_record", verbosity=0)
    for url, heading, name in [
        ("/en/", "Korea–Uzbekistan cooperation at a glance", "overview"),
        (
            "/en/projects/childrens-hospital-tashkent/",
            "Multidisciplinary children's hospital in Tashkent",
            "project",
        ),
    ]:
        assert page.goto(url).status == 200, url
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert audit(page) == [], url
        screenshot(page, name)


def test_it_finds_every_file_a_page_asks_for_and_the_favicon(site, page):
    failures = []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    for url in ("/en/", "/en/projects/childrens-hospital/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    icon = page.goto("/favicon.ico")

    assert failures == []
    assert icon.status == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")


def test_it_switches_language_and_stays_on_the_page(site, page, live_server):
    page.goto("/en/projects/childrens-hospital/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="한국어").click()
    expect(page).to_have_url(f"{live_server.url}/ko/projects/childrens-hospital/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("타슈켄트 국립 어린이 의료센터")


def test_it_narrows_the_list_with_a_filter(site, page):
    page.goto("/en/projects/")
    results = page.locator(".result-list > li")
    expect(results).to_have_count(5)
    page.get_by_label("Region").select_option("UZ-SA")
    page.get_by_role("button", name="Apply filters").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Korean-model kindergartens")


def test_it_opens_a_project_from_the_list(site, page, live_server):
    page.goto("/en/projects/")
    page.get_by_role("link", name="National children's medical centre in Tashkent").click()
    expect(page).to_have_url(f"{live_server.url}/en/projects/childrens-hospital/")
    expect(page.get_by_role("heading", name="Funding")).to_be_visible()


def test_it_starts_keyboard_navigation_with_the_skip_link(site, page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_attribute("id", "main")


def test_it_fits_a_phone_screen(site, browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    for url in ("/en/", "/en/projects/", "/en/projects/childrens-hospital/"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
    context.close()


@pytest.fixture
def visit_site(site):
    """The site with the state visit's participants: a minister of a ministry."""
    visit = site.engagements.get()
    ministry = OrganizationFactory(
        slug="mfa-uz", name="Ministry of Foreign Affairs of Uzbekistan", kind="ministry"
    )
    minister = OfficialFactory(slug="abdulaziz-kamilov", name="Abdulaziz Kamilov")
    PositionFactory(official=minister, organization=ministry, started_on=datetime.date(2012, 1, 1))
    EngagementParticipant.objects.create(
        engagement=visit, official=minister, role="counterpart", capacity="Foreign Minister"
    )
    return visit


def follow(page, href):
    """Open the first link to `href` on the page and check what it opened."""
    page.locator(f'main a[href="{href}"]').first.click()
    page.wait_for_url(f"**{href}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["en", "ko", "uz", "ru"])
def test_it_walks_from_the_overview_to_a_visit_an_official_an_organization_and_back(
    visit_site, browser, live_server, language, width
):
    viewport = {"width": width, "height": 900}
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    walk = [
        f"/{language}/",
        f"/{language}/engagements/{visit_site.slug}/",
        f"/{language}/officials/abdulaziz-kamilov/",
        f"/{language}/organizations/mfa-uz/",
    ]
    page.goto(walk[0])
    for href in walk[1:]:
        follow(page, href)
        assert audit(page) == [], href
        assert overflow(page) <= 0, href
    expect(page.locator("main")).to_contain_text("Abdulaziz Kamilov")  # who held office there
    expect(page.locator("html")).to_have_attribute("lang", language)
    for href in reversed(walk[:-1]):
        page.go_back()
        page.wait_for_url(f"{live_server.url}{href}")
    assert audit(page) == [], walk[0]
    context.close()
