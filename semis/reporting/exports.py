"""The dashboard table as CSV, XLSX and ODS: the perimeter, then one row per sub-perimeter, one column per
indicator (semis.reporting.selectors.export_rows).

CSV and XLSX keep memory flat as rows grow: CSV is streamed line by line; XLSX is written by openpyxl's
write-only mode into a temporary file that is then streamed. ODS is built in memory by odfpy (it has no
streaming writer): fine for the size of a département, the largest export.
"""

import csv
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def filename(perimeter, year: int, extension: str) -> str:
    return f"indicateurs-{perimeter.key}-{year}-{year + 1}.{extension}"


def _number(value):
    """Whole numbers as integers, others as floats: what a spreadsheet sums."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    # French spreadsheets read "12,5" as a number; "12.5" as text.
    if isinstance(value, Decimal):
        value = _number(value)
        return str(value).replace(".", ",") if isinstance(value, float) else value
    return "" if value is None else value


def export_csv(rows, name: str) -> StreamingHttpResponse:
    """Semicolon-separated UTF-8 with a byte-order mark and decimal commas: what spreadsheets in French open
    as is."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_response(write, name: str, content_type: str) -> FileResponse:
    """`write(file)` into a temporary file, then streamed from disk (it goes when the response is closed)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    write(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=name, content_type=content_type)


def export_xlsx(rows, name: str, title: str) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "D2"
    header = next(rows)
    bold = Font(bold=True)
    cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([_number(value) for value in row])
    return _file_response(workbook.save, name, XLSX_TYPE)


def export_ods(rows, name: str, title: str) -> FileResponse:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])
    for row in rows:
        line = TableRow()
        for value in row:
            value = _number(value)
            if value is None:
                cell = TableCell()
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value).replace(".", ",")))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    return _file_response(document.write, name, ODS_TYPE)
