"""The spreadsheet files of the admin's import and export: written by kruz.exports (the
one writer of every CSV and XLSX file), and read within bounds checked before parsing, so
that a small file declaring a huge sheet is refused at once rather than filling memory.

Bounds (settings): IMPORT_MAX_BYTES for the file, IMPORT_MAX_ROWS and IMPORT_MAX_COLUMNS
for the sheet, and for XLSX, IMPORT_MAX_XLSX_BYTES for the unpacked parts (a zip bomb)."""

import csv
import io
import re
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from kruz.exports import csv_text, unescape, xlsx_bytes


class SheetRefused(ValueError):
    """A file that is not read, with what the clerk can do about it."""


def check_size(data):
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise SheetRefused(
            _("The file is %(size)s MB; KRUZ imports files up to %(limit)s MB. Split it.")
            % {
                "size": round(len(data) / 1_000_000, 1),
                "limit": round(settings.IMPORT_MAX_BYTES / 1_000_000, 1),
            }
        )


def check_shape(rows, columns):
    if rows > settings.IMPORT_MAX_ROWS + 1:  # and the header
        raise SheetRefused(
            _("The sheet has more than %(limit)s rows; import it in parts of up to %(limit)s.")
            % {"limit": settings.IMPORT_MAX_ROWS}
        )
    if columns > settings.IMPORT_MAX_COLUMNS:
        raise SheetRefused(
            _(
                "The sheet has %(columns)s columns; KRUZ reads up to %(limit)s. Delete the "
                "empty or extra columns (or cells formatted far to the right) and save again."
            )
            % {"columns": columns, "limit": settings.IMPORT_MAX_COLUMNS}
        )


DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z0-9:$]+)\"")


def check_xlsx(data):
    """Refuse, from the zip's directory and the sheet's declared <dimension>, a workbook
    that would unpack or lay out too large, before openpyxl reads a cell."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SheetRefused(_("This is not an XLSX file. Save it as .xlsx or .csv.")) from None
    with archive:
        if sum(part.file_size for part in archive.infolist()) > settings.IMPORT_MAX_XLSX_BYTES:
            raise SheetRefused(
                _("The workbook unpacks to more than %(limit)s MB. Import it in parts.")
                % {"limit": settings.IMPORT_MAX_XLSX_BYTES // 1_000_000}
            )
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as sheet:
                    head = sheet.read(4096)  # <dimension> comes before the cells
                match = DIMENSION.search(head)
                if match:
                    first_column, first_row, last_column, last_row = range_boundaries(
                        match.group(1).decode().replace("$", "")
                    )
                    check_shape((last_row or 1) - (first_row or 1) + 1, last_column or 1)


class SheetXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        check_size(in_stream)
        check_xlsx(in_stream)
        workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = workbook.active.iter_rows(values_only=True)
            header = list(next(rows, ()))
            while header and header[-1] is None:
                header.pop()
            check_shape(1, len(header))
            return bounded_dataset(header, rows)
        finally:
            workbook.close()

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers, dataset, title=dataset.title or "KRUZ")


class SheetCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode()
        check_size(in_stream)
        text = in_stream.decode("utf-8-sig")
        rows = csv.reader(io.StringIO(text))
        header = next(rows, [])
        check_shape(1, len(header))
        return bounded_dataset(header, ([unescape(cell) for cell in row] for row in rows))

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers, dataset)


def bounded_dataset(header, rows):
    """The rows under the header, no wider than it; refused past IMPORT_MAX_ROWS. Blank
    rows (a sheet's formatted but empty tail) are left out."""
    dataset = tablib.Dataset(headers=[cell_name(cell) for cell in header])
    width = len(header)
    for count, row in enumerate(rows, 1):
        if count > settings.IMPORT_MAX_ROWS:
            check_shape(count + 1, width)
        values = list(row[:width]) + [None] * (width - len(row))
        if any(value not in (None, "") for value in values):
            dataset.append(values)
    return dataset


def cell_name(value):
    return "" if value is None else str(value).strip()
