"""The programme comparison as CSV (streamed) and XLSX: one row per territory, the same columns."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from semis.territories.enums import Lever, Setting

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def comparison_header() -> list[str]:
    return [
        _("Territoire"),
        _("Type"),
        _("Étape en cours"),
        _("Communes"),
        _("Population"),
        _("Acteurs"),
        _("Actions"),
        _("Actions à l'école"),
        _("Actions hors de l'école"),
        _("Personnes touchées"),
        _("Adultes formés"),
        *[_("Milieu : %(setting)s") % {"setting": setting.label} for setting in Setting],
        *[_("Levier : %(lever)s") % {"lever": lever.label} for lever in Lever],
    ]


def comparison_rows(comparison):
    for row in comparison:
        territory = row.territory
        stage = territory.current_stage
        yield [
            territory.name,
            territory.get_kind_display(),
            stage.get_kind_display() if stage else _("Pas commencé"),
            territory.commune_count,
            territory.population,
            territory.stakeholder_count,
            territory.action_count,
            row.in_school,
            row.out_of_school,
            territory.people_reached,
            territory.adults_trained,
            *row.setting_counts(),
            *row.lever_counts(),
        ]


def _filename(programme, extension: str) -> str:
    return f"comparaison-{slugify(programme.name)}.{extension}"


class _Echo:
    def write(self, value):
        return value


def comparison_csv(programme, comparison) -> StreamingHttpResponse:
    """Semicolon-separated UTF-8 with a byte-order mark: what spreadsheets in French open as is."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        yield writer.writerow(comparison_header())
        for row in comparison_rows(comparison):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "csv")}"'
    return response


def comparison_xlsx(programme, comparison) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comparaison")[:31]
    sheet.append(comparison_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in comparison_rows(comparison):
        sheet.append(row)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "xlsx")}"'
    return response
