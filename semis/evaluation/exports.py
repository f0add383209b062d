"""A campaign's results table as CSV and XLSX: the rows, columns and suppressions of the results
page, nothing more. A cell the page hides is exported as its label (« < 10 », « masqué ») and the
figures computed on it as « — »: selectors.campaign_results never computes them in the first place."""

import csv
import io

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from semis.core.disclosure import Cell
from semis.evaluation.selectors import CampaignResults, ResultRow

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_SHOWN = "—"


def results_header() -> list[str]:
    return [
        _("Groupe"),
        _("Répondants avant"),
        _("Score moyen avant"),
        _("Répondants après"),
        _("Score moyen après"),
        _("Élèves suivis avant et après"),
        _("Évolution moyenne"),
        _("Taille d'effet d_z"),
        _("IC 95 % approché : borne basse"),
        _("IC 95 % approché : borne haute"),
    ]


def _count(cell: Cell) -> int | str:
    return cell.n if cell.shown else cell.label


def _figure(value: float | None) -> float | None:
    # Two decimals, as on the page.
    return None if value is None else round(value, 2)


def result_values(row: ResultRow, label: str) -> list:
    """One row of the table: counts as numbers or their suppression label, figures rounded or None."""
    paired = row.paired
    d_z = paired and paired.d_z is not None
    return [
        label,
        _count(row.pre),
        _figure(row.mean_pre),
        _count(row.post),
        _figure(row.mean_post),
        _count(row.pairs),
        _figure(paired.mean_change) if paired else None,
        _figure(paired.d_z) if d_z else None,
        _figure(paired.ci_low) if d_z else None,
        _figure(paired.ci_high) if d_z else None,
    ]


def results_rows(results: CampaignResults):
    for row in results.rows:
        yield result_values(row, row.label)
    yield result_values(results.total, _("Ensemble"))


def _text(value, column: int) -> str:
    """A value as the page writes it: French decimals, a sign on the change, « — » when not shown."""
    if value is None:
        return NOT_SHOWN
    if isinstance(value, float):
        text = number_format(value, 2)
        return f"+{text}" if column == 6 and value > 0 else text
    return str(value)


def _filename(campaign, extension: str) -> str:
    return f"resultats-evaluation-{campaign.pk}.{extension}"


def results_csv(campaign, results: CampaignResults) -> HttpResponse:
    """Semicolon-separated UTF-8 with a byte-order mark: what spreadsheets in French open as is."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(results_header())
    for values in results_rows(results):
        writer.writerow([_text(value, column) for column, value in enumerate(values)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "csv")}"'
    return response


def results_xlsx(campaign, results: CampaignResults) -> HttpResponse:
    """Numbers as numbers (two decimals), suppressed cells as their label, figures not shown as « — »."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Résultats"))
    sheet.column_dimensions["A"].width = 32
    bold = Font(bold=True)
    header = []
    for text in results_header():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in results_rows(results):
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=NOT_SHOWN if value is None else value)
            if isinstance(value, float):
                cell.number_format = "0.00"
            row.append(cell)
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "xlsx")}"'
    return response
