import csv
import io

import pytest
from django.conf import settings

from kruz.records import Publication
from tests.factories import AgreementFactory, ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


def text(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")


def test_it_shows_headline_figures_and_the_region_map_on_the_overview(client, record):
    response = client.get("/en/")
    assert response.status_code == 200
    page = text(response)
    assert "Implementation" in page and "Pipeline/identification" in page
    assert "USD 300,000,000" in page  # two grants of 150 million, same currency
    assert "Korea International Cooperation Agency" in page
    assert 'href="/en/projects/?region=UZ-SA"' in page
    assert "Samarkand: 1 project" in page
    assert "State visit to Seoul" in page


def test_it_counts_agreements_by_status_on_the_overview(client, record):
    AgreementFactory(status="signed")
    response = client.get("/en/")
    counts = {status.value: count for status, count in response.context["agreement_status_counts"]}
    assert counts == {"signed": 1, "in_force": 1}


def test_it_lists_published_projects_with_a_csv_link(client, record):
    page = text(client.get("/en/projects/"))
    assert "Children&#x27;s hospital in Tashkent" in page
    assert "Korean-model kindergartens" in page
    assert 'href="/en/projects.csv"' in page


def test_it_narrows_the_list_with_the_shared_filterset(client, record):
    response = client.get("/en/projects/", {"region": "UZ-SA"})
    assert [project.slug for project in response.context["page"]] == ["kindergartens"]
    assert 'href="/en/projects.csv?region=UZ-SA"' in text(response)


def test_it_searches_the_list(client, record):
    response = client.get("/en/projects/", {"q": "kindergarten"})
    assert [project.slug for project in response.context["page"]] == ["kindergartens"]


def test_it_shows_a_field_error_for_a_bad_filter_instead_of_failing(client, record):
    response = client.get("/en/projects/", {"year": "soon", "status": "99"})
    assert response.status_code == 200
    form = response.context["filterset"].form
    assert "year" in form.errors and "status" in form.errors
    assert 'aria-invalid="true"' in text(response)


def test_it_paginates_the_list(client, record):
    ProjectFactory.create_batch(30)
    response = client.get("/en/projects/", {"page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 7
    assert client.get("/en/projects/", {"page": "last-but-one"}).status_code == 200


def test_it_exports_the_filtered_list_as_csv(client, record):
    response = client.get("/en/projects.csv", {"region": "UZ-SA"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [row["slug"] for row in rows] == ["kindergartens"]
    assert rows[0]["url"] == f"{settings.SITE_URL}/en/projects/kindergartens/"


def test_it_refuses_a_bad_csv_filter_with_the_field_error(client, record):
    response = client.get("/en/projects.csv", {"year": "soon"})
    assert response.status_code == 400
    assert "year" in text(response)


def test_it_shows_a_project_with_funding_totals_progress_and_milestones(client, record):
    page = text(client.get("/en/projects/childrens-hospital/"))
    assert "Total in USD" in page and "USD 155,000,000" in page
    assert 'value="60"' in page  # progress of the latest public report
    assert "ground broken" in page
    assert "the walls are up." in page
    assert 'href="/en/agreements/hospital-loan/"' in page
    assert "State visit to Seoul" in page
    assert "Last updated on" in page


def test_it_takes_progress_from_the_latest_public_report_only(client, record):
    hospital = record["hospital"]
    StatusReportFactory(project=hospital, reported_on="2025-03-01", progress=75)
    StatusReportFactory(project=hospital, reported_on="2025-04-01", progress=90, is_internal=True)
    page = text(client.get(hospital.get_absolute_url()))
    assert 'value="75"' in page
    assert 'value="90"' not in page


def test_it_shows_record_content_in_the_readers_language_with_english_fallback(client, record):
    page = text(client.get("/ko/projects/"))
    assert "타슈켄트 어린이병원" in page
    assert "Korean-model kindergartens" in page  # no Korean title: English
    assert '<html lang="ko">' in page


def test_it_links_each_language_to_the_same_page(client, record):
    page = text(client.get("/en/projects/childrens-hospital/?x=1"))
    for code in ("ko", "uz", "ru"):
        assert f'href="/{code}/projects/childrens-hospital/?x=1"' in page


def test_it_answers_404_for_a_draft_project_and_a_draft_agreement(client, record):
    draft = ProjectFactory(publication=Publication.DRAFT)
    agreement = AgreementFactory(publication=Publication.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(agreement.get_absolute_url()).status_code == 404


def test_it_shows_an_agreement_with_its_projects(client, record):
    page = text(client.get("/en/agreements/hospital-loan/"))
    assert "In force" in page
    assert 'href="/en/projects/childrens-hospital/"' in page


def test_it_filters_agreements(client, record):
    AgreementFactory(slug="old-memorandum", status="expired")
    response = client.get("/en/agreements/", {"status": "expired"})
    assert [agreement.slug for agreement in response.context["page"]] == ["old-memorandum"]


def test_it_orders_the_timeline_by_year(client, record):
    response = client.get("/en/timeline/")
    years = [year for year, _events in response.context["years"]]
    assert years == [2017, 2022]
    assert (1991, False) in response.context["all_years"]
    page = text(response)
    assert "State visit to Seoul" in page and "ground broken" in page


def test_it_formats_dates_for_the_locale(client, record):
    page = text(client.get("/ru/timeline/"))
    assert "22 ноября 2017" in page
