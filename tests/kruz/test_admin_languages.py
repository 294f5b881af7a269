"""The staff admin in Korean: KRUZ's own strings (dashboard, change form, history) are
translated, not only Django's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kruz.records import Publication
from tests.factories import FundingFactory, MilestoneFactory, ProjectFactory, StatusReportFactory
from tests.public.test_languages import VisibleText, untranslated_english

pytestmark = pytest.mark.django_db


def visible_texts(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser.texts


def korean(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ko"
    return response


def in_korean(message):
    with translation.override("ko"):
        return translation.gettext(message)


@pytest.fixture
def busy_project():
    today = timezone.localdate()
    project = ProjectFactory(
        title="Children's hospital", reporting_interval_days=30, publication=Publication.DRAFT
    )
    StatusReportFactory(project=project, reported_on=today - datetime.timedelta(days=40))
    MilestoneFactory(project=project, due_on=today - datetime.timedelta(days=3))
    MilestoneFactory(project=project, due_on=today + datetime.timedelta(days=2))
    FundingFactory(project=project)
    return project


@pytest.mark.parametrize(
    "english",
    [
        "Today’s work",
        "Overdue milestones",
        "Overdue status reports",
        "Milestones due this week",
        "Awaiting publication",
        "Recently changed",
    ],
)
def test_it_shows_the_dashboard_in_korean(bob, client_for, busy_project, english):
    texts = visible_texts(korean(client_for(bob), reverse("admin:index")))

    assert english not in texts
    assert in_korean(english) in texts
    assert in_korean(english) != english


def test_it_leaves_no_kruz_string_in_english_on_the_korean_dashboard(bob, client_for, busy_project):
    texts = visible_texts(korean(client_for(bob), reverse("admin:index")))

    assert untranslated_english("ko").isdisjoint(texts)


@pytest.mark.parametrize(
    "english",
    ["File a status report", "Publish", "Where", "When", "Related records", "Translations"],
)
def test_it_shows_the_project_change_form_in_korean(bob, client_for, busy_project, english):
    url = reverse("admin:projects_project_change", args=[busy_project.pk])
    texts = visible_texts(korean(client_for(bob), url))

    assert english not in texts
    assert in_korean(english) in texts


def test_it_leaves_no_kruz_string_in_english_on_the_korean_change_form(
    bob, client_for, busy_project
):
    url = reverse("admin:projects_project_change", args=[busy_project.pk])
    response = korean(client_for(bob), url)
    texts = visible_texts(response)

    assert untranslated_english("ko").isdisjoint(texts)
    draft_notice = "Draft: the public does not see this record until a Publisher publishes it."
    assert draft_notice not in response.content.decode()
    assert in_korean(draft_notice) in response.content.decode()


def test_it_shows_the_history_page_in_korean(bob, client_for, busy_project):
    url = reverse("admin:projects_project_history", args=[busy_project.pk])
    texts = visible_texts(korean(client_for(bob), url))

    assert untranslated_english("ko").isdisjoint(texts)
    assert in_korean("What changed") in texts
