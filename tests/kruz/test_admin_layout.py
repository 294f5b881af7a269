"""The admin at 1366×768 in a real browser (Debian's headless Chromium driven by
Playwright): changelists, the project form with inline rows and the import preview fit
the screen without sideways scrolling, and money is never cut off. In CI (CI=true) these
tests must run; elsewhere they skip when the browser is missing."""

import datetime
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from diplomacy.models import Currency
from kruz.records import Publication
from tests.factories import (
    AgreementFactory,
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.logins import verified_login
from tests.public.test_browser import CHROMIUM, browser  # noqa: F401 - the shared fixture

VIEWPORT = {"width": 1366, "height": 768}

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="Debian's chromium is not installed: run .ci/steps/20-browser.sh",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(browser, live_server, transactional_db):  # noqa: F811 - the imported fixture
    """A Publisher's verified session at 1366×768 (the login itself is tested elsewhere)."""
    user = UserFactory(username="bob")
    user.groups.add(Group.objects.get(name="Publishers"))
    session_key = verified_login(Client(), user).session.session_key
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_server.url}]
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def record(transactional_db):
    Currency.objects.get_or_create(code="USD", defaults={"name": "US Dollar"})
    Currency.objects.get_or_create(code="KRW", defaults={"name": "Won"})
    funder = OrganizationFactory(
        slug="edcf", name="Economic Development Cooperation Fund of the Republic of Korea"
    )
    project = ProjectFactory(
        slug="hospital",
        title="Construction and equipment of the republican children's multidisciplinary "
        "medical centre in Tashkent",
        budget=Decimal("4500000000000.00"),
        budget_currency_id="KRW",
        publication=Publication.DRAFT,
    )
    FundingFactory(
        project=project,
        funder=funder,
        amount=Decimal("4500000000000.00"),
        currency_id="KRW",
        committed_on=datetime.date(2017, 11, 23),
        editorial_note="Amount from the loan agreement, article 2; the press release rounds it.",
    )
    MilestoneFactory(project=project, title="Handover of the equipment to the ministry")
    AgreementFactory(value=Decimal("4500000000000.00"), value_currency_id="KRW")
    return project


def overflow(page):
    """How far the page, and any element of it, is wider than the window."""
    if os.environ.get("KRUZ_LAYOUT_SHOTS"):
        name = page.url.split("/admin/")[-1].replace("/", "-") or "index"
        page.screenshot(path=f"{os.environ['KRUZ_LAYOUT_SHOTS']}/{name}.png", full_page=True)
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter(el => el.getBoundingClientRect().right > width + 1
                        && getComputedStyle(el).visibility !== 'hidden'
                        && el.getClientRects().length)
          .map(el => el.tagName + '.' + el.className + '#' + el.id);
        return {page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
    }"""
    )


def cut_off(page, selector):
    """The cells matching selector whose content is wider than the cell shows."""
    return page.eval_on_selector_all(
        selector,
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/admin/projects/project/",
        "/admin/projects/funding/",
        "/admin/projects/milestone/",
        "/admin/diplomacy/agreement/",
        "/admin/diplomacy/organization/",
    ],
)
def test_changelists_fit_and_show_money_whole(page, record, path):
    page.goto(path)

    assert overflow(page) == {"page": 0, "wide": []}
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert cut_off(page, "#result_list td") == []


def test_the_project_form_with_inline_rows_fits(page, record):
    page.goto(f"/admin/projects/project/{record.pk}/change/")

    assert overflow(page) == {"page": 0, "wide": []}
    delete = page.locator("#fundings-group td.delete").first
    assert delete.is_visible()
    box = delete.bounding_box()
    assert box["x"] + box["width"] <= VIEWPORT["width"]


def test_the_import_preview_with_errors_fits(page, record):
    header = "slug,title,kind,status,summary,region,planned_start,planned_end,budget"
    rows = "".join(
        f"row-{n},{'A long title of a project ' * 4},Investment,Ongoing,{'Summary ' * 30},"
        f"Tashkent,2021,2020,-{n},\n"
        for n in range(5)
    )
    page.goto("/admin/projects/project/import/")
    page.select_option("#id_format", "1")
    page.set_input_files(
        "#id_import_file",
        {"name": "projects.csv", "mimeType": "text/csv", "buffer": (header + "\n" + rows).encode()},
    )
    page.click("input[type=submit]")
    page.wait_for_selector(".kruz-import-errors")

    assert page.locator(".kruz-import-errors li").first.is_visible()
    assert overflow(page) == {"page": 0, "wide": []}
