"""Imports check what each row changes, and files are bounded before they are parsed."""

import io
import time
import zipfile

import pytest
from django.test import override_settings

from kruz.records import Publication
from projects.models import Funding
from tests.factories import FundingFactory, OrganizationFactory, ProjectFactory
from tests.kruz.sheets import CSV_FORMAT, XLSX_FORMAT, errors_of, export, upload

pytestmark = pytest.mark.django_db

FUNDING_HEADER = "id,project,funder,instrument,amount,currency"


@pytest.fixture
def funding_of_a_published_project():
    published = ProjectFactory(slug="published", publication=Publication.PUBLISHED)
    ProjectFactory(slug="draft", publication=Publication.DRAFT)
    OrganizationFactory(slug="koica")
    return FundingFactory(project=published, funder__slug="edcf", currency_id="USD")


def test_an_editor_cannot_move_funding_off_a_published_project(
    alice, client_for, funding_of_a_published_project
):
    funding = funding_of_a_published_project
    text = f"{FUNDING_HEADER}\n{funding.pk},draft,edcf,110,1000000,USD\n"

    preview = upload(client_for(alice), "projects_funding", text)

    errors = errors_of(preview)
    assert list(errors[1]) == ["publication"]
    assert "“Project" in errors[1]["publication"][0]
    assert preview.context.get("confirm_form") is None
    assert Funding.objects.get().project.slug == "published"


def test_a_publisher_may_move_it(bob, client_for, funding_of_a_published_project):
    funding = funding_of_a_published_project
    text = f"{FUNDING_HEADER}\n{funding.pk},draft,edcf,110,1000000,USD\n"

    preview = upload(client_for(bob), "projects_funding", text)

    assert errors_of(preview) == {}
    assert preview.context["result"].totals["update"] == 1


def test_an_editor_may_still_move_funding_between_drafts(alice, client_for):
    first = ProjectFactory(slug="first", publication=Publication.DRAFT)
    ProjectFactory(slug="second", publication=Publication.DRAFT)
    funding = FundingFactory(project=first, funder__slug="edcf", currency_id="USD")
    text = f"{FUNDING_HEADER}\n{funding.pk},second,edcf,110,1000000,USD\n"

    assert errors_of(upload(client_for(alice), "projects_funding", text)) == {}


def bomb(ref="A1:XFD3000"):
    """A tiny XLSX whose sheet declares a huge range: its size says nothing of its shape."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData><row r="1">'
            '<c r="A1" t="inlineStr"><is><t>slug</t></is></c></row></sheetData></worksheet>',
        )
    return buffer.getvalue()


def test_a_small_xlsx_declaring_a_huge_sheet_is_refused_at_once(alice, client_for):
    content = bomb()
    assert len(content) < 5_000
    session = client_for(alice)

    started = time.monotonic()
    response = upload(session, "projects_project", content, "bomb.xlsx", XLSX_FORMAT)

    assert time.monotonic() - started < 5
    message = str(response.context["form"].errors["import_file"])
    assert "16384 columns; KRUZ reads up to 100" in message


@override_settings(IMPORT_MAX_ROWS=3)
def test_a_sheet_with_too_many_rows_is_refused(bob, client_for):
    for number in range(4):
        ProjectFactory(slug=f"project-{number}")
    session = client_for(bob)

    for file_format, name in ((CSV_FORMAT, "p.csv"), (XLSX_FORMAT, "p.xlsx")):
        content = export(session, "projects_project", file_format=file_format)
        response = upload(session, "projects_project", content, name, file_format)

        message = str(response.context["form"].errors["import_file"])
        assert "more than 3 rows; import it in parts of up to 3" in message


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_file_too_large_is_refused_before_it_is_read(alice, client_for):
    text = "slug,title\n" + "x,y\n" * 400

    response = upload(client_for(alice), "projects_project", text)

    assert "KRUZ imports files up to 0.0 MB" in str(response.context["form"].errors)
