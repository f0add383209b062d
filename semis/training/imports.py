"""Reading enrolment lists from the files pilots exchange (XLSX, CSV), and the template they fill in.

Only reading and shaping happens here; what a row means is checked by services.enrolment_import.
"""

import csv
import io
import unicodedata
import zipfile

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from semis.training.services import ImportRow

MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024

# field -> (template header, other headers accepted, required)
COLUMNS = {
    "email": (gettext_lazy("Adresse e-mail"), {"email", "e-mail", "courriel", "mail", "adresse mail"}, True),
    "first_name": (gettext_lazy("Prénom"), {"prenom"}, True),
    "last_name": (pgettext_lazy("nom de famille", "Nom"), {"nom de famille"}, True),
    "uai": (gettext_lazy("UAI de l'établissement"), {"uai", "rne", "code uai"}, True),
    "organisation": (gettext_lazy("Structure (hors école)"), {"structure"}, False),
}


def _key(header) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("’", "'").split())


def _header_map(headers: list) -> dict[str, int]:
    keys = [_key(h) for h in headers]
    found = {}
    for field, (label, aliases, _required) in COLUMNS.items():
        accepted = {_key(label), *aliases}
        for index, key in enumerate(keys):
            if key in accepted:
                found[field] = index
                break
    missing = [str(label) for field, (label, _a, required) in COLUMNS.items() if required and field not in found]
    if missing:
        raise ValidationError(
            _("Colonnes manquantes dans la première ligne du fichier : %(columns)s. Partez du modèle à télécharger.")
            % {"columns": ", ".join(missing)}
        )
    return found


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows_from_table(table: list[list]) -> list[ImportRow]:
    if not table:
        raise ValidationError(_("Le fichier est vide."))
    columns = _header_map(table[0])
    rows = []
    for line, values in enumerate(table[1:], start=2):
        cells = {field: _cell(values[index]) if index < len(values) else "" for field, index in columns.items()}
        if not any(cells.values()):
            continue
        rows.append(ImportRow(line=line, **cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("Le fichier compte %(count)s personnes ; importez-en au plus %(max)s à la fois.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


def _read_xlsx(content: bytes) -> list[list]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        message = _("Ce fichier XLSX est illisible ; enregistrez-le à nouveau depuis le tableur.")
        raise ValidationError(message) from error
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return table


def _read_csv(content: bytes) -> list[list]:
    # Excel in French saves CSV in Windows-1252; Latin-1 decodes any byte, so the loop always ends with text.
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_enrolment_file(upload) -> list[ImportRow]:
    """The people listed in an uploaded XLSX or CSV file, with their line numbers in the file."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Le fichier dépasse 2 Mo."))
    name = upload.name.lower()
    content = upload.read()
    if name.endswith(".xlsx"):
        return _rows_from_table(_read_xlsx(content))
    if name.endswith(".csv"):
        return _rows_from_table(_read_csv(content))
    raise ValidationError(_("Format non reconnu : envoyez un fichier .xlsx ou .csv."))


def enrolment_template() -> bytes:
    """The XLSX template offered for download: one header row and one example line."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Inscriptions")
    sheet.append([str(label) for label, _aliases, _required in COLUMNS.values()])
    sheet.append(["prenom.nom@ac-exemple.fr", "Camille", "Exemple", "0440001M", ""])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="000091")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for column, width in zip("ABCDE", (34, 18, 22, 24, 28), strict=True):
        sheet.column_dimensions[column].width = width
    notes = workbook.create_sheet(_("Mode d'emploi"))
    for line in (
        _("Une personne par ligne, à partir de la ligne 2 ; remplacez la ligne d'exemple."),
        _("L'UAI est le code de l'établissement : 7 chiffres et une lettre (par exemple 0440001M)."),
        _("Pour un stage hors école, laissez l'UAI vide et indiquez la structure."),
        _("L'import est tout ou rien : si une ligne est fausse, personne n'est inscrit et chaque erreur est listée."),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
