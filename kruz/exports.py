"""The one writer of every CSV and XLSX file KRUZ produces, public or staff.

- In CSV, a cell a spreadsheet would run as a formula (text starting with =, +, -, @, a
  tab or a carriage return) is written with a leading apostrophe, which spreadsheets show
  as text (OWASP's advice against CSV injection).
- XLSX cells are typed as text or numbers, never formulas.
- CSV is UTF-8 with a byte-order mark, so Excel opens Korean and Cyrillic correctly.
- Dates are ISO 8601 at the precision the record knows: 2021, 2020-10, 2020-10-14.
- Timestamps are ISO 8601 in UTC, ending in Z.
"""

import csv
import datetime
import decimal
import io

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from kruz.records import DatePrecision

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def partial_date(value, precision):
    """ "2021", "2020-10" or "2020-10-14": the date as precisely as it is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def timestamp(value):
    if value is None:
        return ""
    text = value.astimezone(datetime.UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def cell_text(value):
    """A value as the text of a cell that no spreadsheet will run."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timestamp(value)
    if isinstance(value, decimal.Decimal):
        return f"{value:f}"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def unescape(text):
    """What cell_text() wrote, read back (for imports of an exported file)."""
    if isinstance(text, str) and text[:1] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class _Echo:
    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV file, line by line: a byte-order mark, the header, then each row."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([cell_text(name) for name in header])
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def csv_text(header, rows):
    return "".join(csv_lines(header, rows))


def csv_response(filename, header, rows):
    """A streamed CSV download: rows may be a generator over a large queryset."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(header, rows, title="KRUZ"):
    """An XLSX workbook of one sheet: text cells typed as text, numbers as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in [header, *rows]:
        sheet.append([xlsx_value(value) for value in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_value(value):
    """Numbers stay numbers; everything else is text (typed as text by xlsx_bytes, so a
    leading = is shown, not run)."""
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        return timestamp(value)
    return "" if value is None else str(value)


def xlsx_response(filename, header, rows):
    response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
