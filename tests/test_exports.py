"""One export writer for every CSV and XLSX: formula-safe cells, a byte-order mark for
Excel, XLSX with no formula, dates at the precision the record knows them."""

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from kruz import exports
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_it_neutralises_a_cell_a_spreadsheet_would_run(text):
    assert exports.cell_text(text) == f"'{text}"
    assert exports.unescape(exports.cell_text(text)) == text


def test_it_writes_csv_in_utf8_with_a_byte_order_mark():
    text = exports.csv_text(["title"], [["타슈켄트"], ["Ташкент"]])
    assert text.startswith("\ufefftitle\r\n")
    assert "타슈켄트" in text and "Ташкент" in text


def test_it_writes_xlsx_cells_as_text_never_as_formulas():
    workbook = load_workbook(
        io.BytesIO(exports.xlsx_bytes(["title", "budget"], [[FORMULAS[0], 5]]))
    )
    title, budget = workbook.active[2]
    assert (title.value, title.data_type) == (FORMULAS[0], "s")
    assert budget.value == 5


@pytest.mark.parametrize(
    ("precision", "written"),
    [("year", "2021"), ("month", "2020-10"), ("day", "2020-10-14")],
)
def test_it_writes_dates_at_their_precision(precision, written):
    day = {"year": datetime.date(2021, 1, 1), "month": datetime.date(2020, 10, 1)}.get(
        precision, datetime.date(2020, 10, 14)
    )
    assert exports.partial_date(day, precision) == written


def project_csv(path):
    response = Client().get(path)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize("path", ["/en/projects.csv", "/api/v1/projects/export/"])
def test_every_project_csv_is_safe_and_dated_at_its_precision(path):
    ProjectFactory(
        title='=HYPERLINK("http://evil")',
        planned_start=datetime.date(2021, 1, 1),
        planned_start_precision="year",
        planned_end=datetime.date(2024, 6, 1),
        planned_end_precision="month",
    )
    text = project_csv(path)
    assert text.startswith("\ufeff")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert ",2021,2024-06," in text and "2021-01-01" not in text
