"""A sheet exported from the admin imports back unchanged, in XLSX and CSV; its columns
hold labels a clerk reads, and import takes labels or codes; each mistake is reported
once, on its row and column, with what to type instead."""

import datetime
from decimal import Decimal

import pytest

from kruz.records import DatePrecision, Publication
from projects.models import Funding, Project
from tests.factories import FundingFactory, OrganizationFactory, ProjectFactory
from tests.kruz.sheets import (
    CSV_FORMAT,
    XLSX_FORMAT,
    confirm,
    csv_rows,
    errors_of,
    export,
    upload,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

HEADER = "slug,title,kind,status,summary,region,planned_start,planned_end,budget,budget_currency"


@pytest.fixture
def projects():
    hospital = ProjectFactory(slug="hospital", description="", region="", budget=None)
    ProjectFactory(
        slug="airport",
        title="=Airport",  # formula-like text survives the CSV escape and comes back
        description="Runway and terminal",
        planned_start=datetime.date(2021, 1, 1),
        planned_start_precision=DatePrecision.YEAR,
        planned_end=datetime.date(2024, 10, 1),
        planned_end_precision=DatePrecision.MONTH,
        budget=Decimal("4500000000.50"),
        budget_currency_id="USD",
    )
    FundingFactory(project=hospital, amount=Decimal("1234567.89"), editorial_note="")


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
@pytest.mark.parametrize("app_model", ["projects_project", "projects_funding"])
def test_an_unchanged_export_imports_as_no_change(
    bob, client_for, projects, file_format, app_model
):
    session = client_for(bob)
    content = export(session, app_model, file_format=file_format)

    preview = upload(session, app_model, content, file_format=file_format)

    assert errors_of(preview) == {}
    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"]) == (0, 0)
    assert totals["skip"] == (2 if app_model == "projects_project" else 1)


def test_an_export_with_empty_text_cells_imports_as_new_records(bob, client_for, projects):
    """The reported failure: NOT NULL on description for every empty text cell in XLSX."""
    session = client_for(bob)
    content = export(session, "projects_project", file_format=XLSX_FORMAT)
    Project.objects.all().delete()

    response = confirm(
        session,
        "projects_project",
        upload(session, "projects_project", content, file_format=XLSX_FORMAT),
    )

    assert response.status_code == 302
    hospital = Project.objects.get(slug="hospital")
    assert (hospital.description, hospital.region, hospital.location) == ("", "", "")
    airport = Project.objects.get(slug="airport")
    assert airport.title == "=Airport"
    assert airport.budget == Decimal("4500000000.50")
    assert (airport.planned_start, airport.planned_start_precision) == (
        datetime.date(2021, 1, 1),
        DatePrecision.YEAR,
    )
    assert airport.planned_end_precision == DatePrecision.MONTH


def test_columns_carry_labels_and_dates_at_their_precision(bob, client_for, projects):
    session = client_for(bob)

    csv_airport = next(
        row for row in csv_rows(export(session, "projects_project")) if row["slug"] == "airport"
    )
    xlsx_airport = next(
        row
        for row in xlsx_rows(export(session, "projects_project", file_format=XLSX_FORMAT))
        if row["slug"] == "airport"
    )

    for row in (csv_airport, xlsx_airport):
        assert row["status"] == "Implementation"
        assert row["region"] == "Tashkent"
        assert row["kind"] == "Development cooperation"
        assert row["planned_start"] == "2021"
        assert row["planned_end"] == "2024-10"
        assert row["publication"] == "Published"
        assert "planned_start_precision" not in row
    assert csv_airport["title"] == "'=Airport"  # a spreadsheet shows it, never runs it
    assert csv_airport["budget"] == "4500000000.50"
    assert xlsx_airport["budget"] == 4500000000.5  # a number a clerk can add up


def test_import_takes_labels_in_any_language_or_codes(alice, client_for):
    text = (
        f"{HEADER}\n"
        "by-label,By label,Public-private partnership,Implementation,S,Tashkent,2021,,,\n"
        "by-code,By code,ppp,2,S,UZ-TK,2021-03,,,\n"
        "in-russian,In Russian,ppp,Реализация,S,,2021-03-04,,,\n"
    )
    session = client_for(alice)

    confirm(session, "projects_project", upload(session, "projects_project", text))

    by_label, by_code, russian = (
        Project.objects.get(slug=slug) for slug in ("by-label", "by-code", "in-russian")
    )
    assert (by_label.kind, by_label.status, by_label.region) == ("ppp", 2, "UZ-TK")
    assert (by_code.kind, by_code.status, by_code.region) == ("ppp", 2, "UZ-TK")
    assert russian.status == 2
    assert by_label.planned_start_precision == DatePrecision.YEAR
    assert by_code.planned_start == datetime.date(2021, 3, 1)
    assert by_code.planned_start_precision == DatePrecision.MONTH
    assert russian.planned_start_precision == DatePrecision.DAY


def test_each_mistake_is_named_once_with_what_to_type(alice, client_for):
    text = (
        f"{HEADER}\n"
        "negative,Negative,ppp,Implementation,S,,,,-5,USD\n"
        "bad-status,Bad status,ppp,Ongoing,S,,,,,\n"
        "bad-date,Bad date,ppp,2,S,,14.10.2021,,,\n"
        "bad-money,Bad money,ppp,2,S,,,,lots,USD\n"
    )

    errors = errors_of(upload(client_for(alice), "projects_project", text))

    assert errors[1] == {"budget": ["Enter an amount greater than zero."]}
    assert errors[2] == {
        "status": [
            "“Ongoing” is not one of the choices. Type one of: Pipeline/identification, "
            "Implementation, Finalisation, Closed, Cancelled, Suspended."
        ]
    }
    assert list(errors[3]) == ["planned_start"]
    assert "2021, 2021-10 or 2021-10-14" in errors[3]["planned_start"][0]
    assert list(errors[4]) == ["budget"]
    assert "e.g. 1500000.50" in errors[4]["budget"][0]


def test_the_preview_names_row_column_and_message(alice, client_for):
    text = f"{HEADER}\nnegative,Negative,ppp,Implementation,S,,,,-5,USD\n"

    page = upload(client_for(alice), "projects_project", text).content.decode()

    assert "Row 1, column budget: Enter an amount greater than zero." in page


def test_an_unknown_funder_says_what_to_type(alice, client_for):
    ProjectFactory(slug="hospital", publication=Publication.DRAFT)
    OrganizationFactory(slug="koica")
    text = "project,funder,instrument,amount,currency\nhospital,kocia,Grant,5,USD\n"

    errors = errors_of(upload(client_for(alice), "projects_funding", text))

    message = "There is no organization “kocia”. Type the slug of one in KRUZ."
    assert errors == {1: {"funder": [message]}}
    assert not Funding.objects.exists()
