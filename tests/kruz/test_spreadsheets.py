"""Spreadsheet import and export of projects, funding and agreements: export follows the
changelist's filters; import previews, reports errors per row and per field, and writes
nothing when any row fails."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diplomacy.models import Agreement
from kruz.records import Publication
from projects.models import Funding, Project, Region
from tests.factories import AgreementFactory, OrganizationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "1", "0"  # positions in SpreadsheetAdminMixin.formats
PROJECT_HEADER = "slug,title,kind,status,summary,planned_start,planned_end,budget,budget_currency"


def export(session, app_model, query="", file_format=CSV_FORMAT):
    url = reverse(f"admin:{app_model}_export") + query
    form = session.get(url).context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith(form_prefix(form))})
    response = session.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response


def form_prefix(form):
    """The export form names a checkbox per column: <resource name>_<column>."""
    return form.resources[0].__name__.lower() + "_"


def upload(session, app_model, text, name="projects.csv"):
    return session.post(
        reverse(f"admin:{app_model}_import"),
        {
            "format": CSV_FORMAT,
            "resource": "0",
            "import_file": SimpleUploadedFile(name, text.encode(), "text/csv"),
        },
    )


def test_it_exports_only_what_the_filtered_changelist_shows(bob, client_for):
    ProjectFactory(title="Samarkand water supply", region=Region.SAMARKAND)
    ProjectFactory(title="Tashkent hospital", region=Region.TASHKENT_CITY)

    response = export(client_for(bob), "projects_project", "?region__exact=UZ-SA")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Samarkand water supply"]
    assert rows[0]["publication"] == "Published"


def test_it_exports_projects_as_xlsx(bob, client_for):
    ProjectFactory(title="KTX trains")

    response = export(client_for(bob), "projects_project", file_format=XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("title") + 1).value == "KTX trains"


def test_it_exports_funding_and_agreements(bob, client_for):
    AgreementFactory(title="Joint declaration on strategic partnership")
    session = client_for(bob)

    agreements = export(session, "diplomacy_agreement").content.decode("utf-8-sig")
    funding = export(session, "projects_funding").content.decode("utf-8-sig")

    assert "Joint declaration on strategic partnership" in agreements
    assert funding.startswith("id,project,funder,instrument")


def test_it_previews_an_import_without_writing(alice, client_for):
    text = f"{PROJECT_HEADER}\nurgench-airport,Urgench airport,ppp,2,Airport,2021-01-01,,,\n"

    response = upload(client_for(alice), "projects_project", text)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not Project.objects.exists()


def test_it_reports_errors_per_row_and_field_and_offers_no_confirmation(alice, client_for):
    text = (
        f"{PROJECT_HEADER}\n"
        "good,A good row,development,2,Fine,2021-01-01,2022-01-01,,\n"
        "bad-status,Bad status,development,99,Fine,2021-01-01,,,\n"
        "bad-dates,Bad dates,development,2,Fine,2022-01-01,2021-01-01,,\n"
        "bad-money,Bad money,development,2,Fine,,,-5,USD\n"
    )

    response = upload(client_for(alice), "projects_project", text)

    result = response.context["result"]
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {2, 3, 4}
    assert "status" in errors[2]
    assert "planned_end" in errors[3]
    assert "budget" in errors[4]
    assert response.context.get("confirm_form") is None
    assert "This date cannot be before planned start." in response.content.decode()
    assert not Project.objects.exists()


def test_it_writes_nothing_when_a_row_fails_at_confirmation(alice, client_for):
    OrganizationFactory(slug="koica", name="KOICA")
    ProjectFactory(slug="hospital", publication=Publication.DRAFT)
    ProjectFactory(slug="airport", publication=Publication.DRAFT)
    text = (
        "project,funder,instrument,amount,currency\n"
        "hospital,koica,110,500000,USD\n"
        "airport,koica,421,1000000,USD\n"
    )
    session = client_for(alice)
    confirm = upload(session, "projects_funding", text, name="funding.csv").context["confirm_form"]
    # Between preview and confirmation a Publisher publishes the airport: an Editor may
    # no longer change its funding, so the second row now fails.
    Project.objects.filter(slug="airport").publish()

    response = session.post(reverse("admin:projects_funding_process_import"), confirm.initial)

    assert response.status_code == 302
    assert not Funding.objects.exists()  # not even the hospital's valid row


def test_it_refuses_a_missing_related_record_per_row(alice, client_for):
    ProjectFactory(slug="hospital", publication=Publication.DRAFT)
    text = "project,funder,instrument,amount,currency\nhospital,nobody,110,5,USD\n"

    response = upload(client_for(alice), "projects_funding", text, name="funding.csv")

    errors = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert "funder" in errors[1]


def test_it_imports_a_valid_file_after_confirmation(alice, client_for):
    text = f"{PROJECT_HEADER}\nurgench-airport,Urgench airport,ppp,2,Airport,2021-01-01,,,\n"
    session = client_for(alice)
    confirm = upload(session, "projects_project", text).context["confirm_form"]

    session.post(reverse("admin:projects_project_process_import"), confirm.initial)

    project = Project.objects.get(slug="urgench-airport")
    assert project.publication == Publication.DRAFT
    assert project.history.first().history_user == alice


def test_it_refuses_an_editor_changing_a_published_project_by_import(alice, client_for):
    ProjectFactory(slug="hospital", title="Hospital", publication=Publication.PUBLISHED)
    text = f"{PROJECT_HEADER}\nhospital,Renamed,development,2,Fine,2021-01-01,,,\n"

    response = upload(client_for(alice), "projects_project", text)

    errors = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert "publication" in errors[1]
    assert Project.objects.get().title == "Hospital"


def test_it_never_imports_the_publication_column(bob, client_for):
    text = f"{PROJECT_HEADER},publication\nnew,New,development,2,Fine,2021-01-01,,,,published\n"
    session = client_for(bob)
    confirm = upload(session, "projects_project", text).context["confirm_form"]

    session.post(reverse("admin:projects_project_process_import"), confirm.initial)

    assert Project.objects.get().publication == Publication.DRAFT


def test_it_refuses_imports_to_viewers(charlie, client_for):
    response = upload(client_for(charlie), "diplomacy_agreement", "slug,title\nx,X\n")

    assert response.status_code == 403
    assert not Agreement.objects.exists()
