"""The list filters in a real browser: behind one control on a 390-pixel phone, so the
list starts on the first screen; in view beside the list on a wide screen. Same tools and
skips as test_browser.py."""

import pytest
from playwright.sync_api import expect

from tests.public.test_browser import audit, browser, page, pytestmark, site  # noqa: F401

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):  # noqa: F811 (a fixture)
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.mark.usefixtures("site")
def test_the_filters_fold_behind_one_control_on_a_phone(phone):
    phone.goto("/en/projects/")
    region = phone.get_by_label("Region")
    expect(region).to_be_hidden()
    toggle = phone.locator(".filter-toggle > summary")
    expect(toggle).to_be_visible()
    assert phone.locator(".result-list").bounding_box()["y"] < PHONE["height"]
    assert audit(phone) == []

    toggle.click()
    expect(region).to_be_visible()
    region.select_option("UZ-SA")
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone.locator(".result-list > li")).to_have_count(1)
    # The filter in use stays in view, so the reader sees what narrowed the list.
    expect(phone.get_by_label("Region")).to_be_visible()
    expect(toggle).to_contain_text("(1 in use)")


@pytest.mark.usefixtures("site")
def test_the_filters_stay_in_view_beside_the_list_on_a_wide_screen(page):  # noqa: F811
    page.goto("/en/projects/")
    expect(page.get_by_label("Region")).to_be_visible()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    page.goto("/en/agreements/")
    expect(page.get_by_label("Kind")).to_be_visible()


@pytest.mark.usefixtures("site")
def test_a_planned_milestone_shows_its_label(page):  # noqa: F811
    page.goto("/en/projects/childrens-hospital/")
    planned = page.locator(".milestones li.planned")
    expect(planned).to_have_count(1)
    expect(planned).to_contain_text("Hospital opens")
    expect(planned.locator(".badge.plan")).to_have_text("Planned")
