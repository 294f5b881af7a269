"""Helpers for the spreadsheet tests: export from and upload to the admin as staff do."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

CSV_FORMAT, XLSX_FORMAT = "1", "0"  # positions in SpreadsheetAdminMixin.formats
CONTENT_TYPES = {
    CSV_FORMAT: "text/csv",
    XLSX_FORMAT: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export(session, app_model, query="", file_format=CSV_FORMAT):
    """Every column, as the export page offers them."""
    url = reverse(f"admin:{app_model}_export") + query
    form = session.get(url).context["form"]
    prefix = form.resources[0].__name__.lower() + "_"
    data = {"format": file_format, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith(prefix)})
    response = session.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def upload(session, app_model, content, name="sheet.csv", file_format=CSV_FORMAT):
    if isinstance(content, str):
        content = content.encode()
    return session.post(
        reverse(f"admin:{app_model}_import"),
        {
            "format": file_format,
            "resource": "0",
            "import_file": SimpleUploadedFile(name, content, CONTENT_TYPES[file_format]),
        },
    )


def confirm(session, app_model, preview):
    form = preview.context["confirm_form"]
    assert form is not None, errors_of(preview)
    return session.post(reverse(f"admin:{app_model}_process_import"), form.initial)


def errors_of(response):
    """{row number: {column: [messages]}} of a preview."""
    result = response.context["result"]
    found = {row.number: row.error_dict for row in result.invalid_rows}
    for number, row_errors in result.row_errors():
        found.setdefault(number, {})["(row)"] = [str(error.error) for error in row_errors]
    return found


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
