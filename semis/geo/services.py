"""Writes on establishments: one at a time from the form, or many at once from a CSV file."""

import csv
import io
import itertools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from semis.core.audit import record_bulk
from semis.core.models import AuditAction
from semis.geo import perms
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.models import Commune, Establishment


class EstablishmentChanged(ValidationError):
    """Someone saved the school after the form was opened; `current` is what is stored now."""

    def __init__(self, current: Establishment):
        super().__init__(
            _(
                "Quelqu'un d'autre a enregistré cet établissement pendant que vous le modifiiez. "
                "Vos saisies sont conservées ci-dessous : comparez-les aux valeurs enregistrées, "
                "puis enregistrez à nouveau pour les remplacer."
            ),
            code="establishment_changed",
        )
        self.current = current


def normalize_uai(value: str) -> str:
    return value.strip().upper()


def normalize_commune_code(value: str) -> str:
    """Spreadsheets drop the leading zero of codes such as 01004: give it back."""
    code = value.strip().upper()
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


def unknown_commune(code: str) -> ValidationError:
    return ValidationError(
        _("Aucune commune n'a le code INSEE %(code)s."), code="unknown_commune", params={"code": code}
    )


def outside_perimeter(commune: Commune) -> PermissionDenied:
    return PermissionDenied(_("La commune %(commune)s n'est pas dans votre périmètre.") % {"commune": commune})


def _commune_errors(error: ValidationError) -> dict:
    """A model's errors, with the commune's under the form's field name."""
    errors = error.update_error_dict({})
    if "commune" in errors:
        errors.setdefault("commune_code", []).extend(errors.pop("commune"))
    return errors


@transaction.atomic
def establishment_create(
    *, user, uai: str, name: str, kind: str, sector: str, priority_education: str, commune_code: str
) -> Establishment:
    """Create a school in a commune (given by its INSEE code) that lies in the user's perimeter."""
    if not perms.can_create_establishment(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de créer un établissement."))
    code = normalize_commune_code(commune_code)
    commune = Commune.objects.select_related("departement").filter(insee_code=code).first()
    if commune is not None and not perms.can_place_establishment_in(user, commune):
        raise outside_perimeter(commune)
    establishment = Establishment(
        uai=normalize_uai(uai),
        name=name.strip(),
        kind=kind,
        sector=sector,
        priority_education=priority_education,
        commune=commune,
    )
    errors = {} if commune else {"commune_code": [unknown_commune(code)]}
    try:
        establishment.full_clean(exclude=["commune"] if commune is None else None)
    except ValidationError as error:
        errors.update(_commune_errors(error))
    if errors:
        raise ValidationError(errors)
    establishment.save()
    return establishment


@transaction.atomic
def establishment_update(
    *,
    user,
    establishment: Establishment,
    version: int,
    name: str,
    kind: str,
    sector: str,
    priority_education: str,
    commune_code: str,
) -> Establishment:
    """Save a school edited from `version`; raises EstablishmentChanged if a newer save exists.

    Moving the school to another commune needs that commune to lie in the user's perimeter too.
    """
    if not perms.can_edit_establishment(user, establishment):
        raise PermissionDenied(_("Votre rôle ne permet pas de modifier cet établissement."))
    # The row lock makes two concurrent saves take turns, so the second one sees the first's version.
    current = (
        Establishment.objects.select_for_update(of=("self",))
        .select_related("commune__departement")
        .get(pk=establishment.pk)
    )
    if current.version != version:
        raise EstablishmentChanged(current)
    code = normalize_commune_code(commune_code)
    commune = current.commune
    if code != commune.insee_code:
        commune = Commune.objects.select_related("departement").filter(insee_code=code).first()
        if commune is None:
            raise ValidationError({"commune_code": [unknown_commune(code)]})
        if not perms.can_place_establishment_in(user, commune):
            raise outside_perimeter(commune)
    new_values = {
        "name": name.strip(),
        "kind": kind,
        "sector": sector,
        "priority_education": priority_education,
        "commune": commune,
    }
    if all(getattr(current, field_name) == value for field_name, value in new_values.items()):
        return current
    for field_name, value in new_values.items():
        setattr(current, field_name, value)
    current.version += 1
    try:
        current.full_clean()
    except ValidationError as error:
        raise ValidationError(_commune_errors(error)) from error
    current.save()
    return current


# ---------------------------------------------------------------------------------------------
# CSV import

IMPORT_COLUMNS = ("uai", "nom", "type", "secteur", "education_prioritaire", "code_commune")
COLUMN_OF_FIELD = {"uai": "uai", "name": "nom", "kind": "type", "sector": "secteur"}
# Rows are checked against the database this many at a time: queries grow with the file's
# size divided by this, never with each row.
CHUNK_SIZE = 2000
WRITE_BATCH_SIZE = 1000
# A file that is wrong throughout would give a report nobody reads; the rest is counted.
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True)
class RowError:
    line: int | None  # None when the whole file is at fault
    column: str  # "" when the whole line or file is at fault
    message: str


@dataclass
class EstablishmentImport:
    """What an import did, or why it wrote nothing (`errors`)."""

    errors: list[RowError] = field(default_factory=list)
    unreported_errors: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, line: int | None, column: str, message) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(line, column, str(message)))
        else:
            self.unreported_errors += 1


def _choice_lookup(choices) -> dict[str, str]:
    """Accepted spellings of each choice: its code and its French label, in any case."""
    lookup = {}
    with translation.override("fr"):
        for value, label in choices.choices:
            lookup[value.casefold()] = value
            lookup[str(label).casefold()] = value
    return lookup


def _accepted(choices) -> str:
    return ", ".join(value for value in choices.values if value)


def _read_rows(file, report: EstablishmentImport):
    """Yield (line number, values in IMPORT_COLUMNS order), one row at a time.

    The delimiter (";" or ",") is the one the header line uses; a UTF-8 byte-order mark is
    skipped. File-level problems are added to `report`.
    """
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = None
    try:
        header_line = text.readline()
        delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
        reader = csv.reader(itertools.chain([header_line], text), delimiter=delimiter)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in IMPORT_COLUMNS if name not in header]
        if missing:
            report.add_error(
                1,
                "",
                _("Colonnes manquantes : %(missing)s. La première ligne doit nommer les colonnes %(expected)s.")
                % {"missing": ", ".join(missing), "expected": ";".join(IMPORT_COLUMNS)},
            )
            return
        positions = [header.index(name) for name in IMPORT_COLUMNS]
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            values += [""] * (len(header) - len(values))
            yield reader.line_num, tuple(values[position].strip() for position in positions)
    except UnicodeDecodeError:
        # Decoding runs ahead of the rows by blocks: the line at fault is not known exactly.
        report.add_error(
            None, "", _("Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » et réessayez.")
        )
    except csv.Error:
        report.add_error(
            reader.line_num if reader else 1,
            "",
            _("Ligne illisible : un guillemet n'est pas refermé ou une valeur est démesurément longue."),
        )
    finally:
        # Leave the uploaded file open: it belongs to the request.
        text.detach()


class _ImportPlan:
    """Checks rows a chunk at a time and remembers, compactly, what to write once all are good."""

    def __init__(self, user, report: EstablishmentImport):
        self.user = user
        self.report = report
        self.kinds = _choice_lookup(EstablishmentKind)
        self.sectors = _choice_lookup(Sector)
        self.priorities = _choice_lookup(PriorityEducation)
        self.first_line_of_uai: dict[str, int] = {}
        # INSEE code -> (commune pk, commune may receive the user's schools), or None if unknown.
        self.communes: dict[str, tuple[int, bool] | None] = {}
        self.open_communes = perms.communes_open_to_new_schools(user)
        self.editable_schools = perms.editable_establishments(user)
        self.pending: list[tuple] = []
        self.to_create: list[tuple] = []
        self.to_update: list[tuple] = []

    def add(self, line: int, values: tuple[str, ...]) -> None:
        uai, name, kind, sector, priority, commune_code = values
        uai = normalize_uai(uai)
        commune_code = normalize_commune_code(commune_code)
        candidate = Establishment(uai=uai, name=name)
        try:
            candidate.clean_fields(exclude=["kind", "sector", "priority_education", "commune", "version"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    self.report.add_error(line, COLUMN_OF_FIELD[field_name], message)
        if uai and uai in self.first_line_of_uai:
            self.report.add_error(
                line,
                "uai",
                _("L'UAI %(uai)s figure déjà ligne %(line)s du fichier.")
                % {"uai": uai, "line": self.first_line_of_uai[uai]},
            )
        elif uai:
            self.first_line_of_uai[uai] = line
        kind_value = self._choice(line, "type", kind, self.kinds, EstablishmentKind, required=True)
        sector_value = self._choice(line, "secteur", sector, self.sectors, Sector, required=True)
        priority_value = self._choice(
            line, "education_prioritaire", priority, self.priorities, PriorityEducation, required=False
        )
        if not commune_code:
            self.report.add_error(line, "code_commune", _("Le code INSEE de la commune est obligatoire."))
        # Even a row already found wrong is checked against the database, so that its report is whole.
        self.pending.append((line, uai, name, kind_value, sector_value, priority_value, commune_code))
        if len(self.pending) >= CHUNK_SIZE:
            self.flush()

    def _choice(self, line, column, raw, lookup, choices, *, required):
        if not raw and not required:
            return ""
        value = lookup.get(raw.casefold())
        if value is None or (required and not value):
            message = (
                _("« %(value)s » n'est pas une valeur admise ; valeurs admises : %(accepted)s.")
                if raw
                else _("Cette colonne est obligatoire ; valeurs admises : %(accepted)s.")
            )
            self.report.add_error(line, column, message % {"value": raw, "accepted": _accepted(choices)})
        return value

    def flush(self) -> None:
        """Check the pending rows' communes and existing schools against the database."""
        rows, self.pending = self.pending, []
        if not rows:
            return
        self._resolve_communes({row[6] for row in rows if row[6]} - self.communes.keys())
        uais = [row[1] for row in rows]
        existing = {
            values[0]: values[1:]
            for values in Establishment.objects.filter(uai__in=uais).values_list(
                "uai", "pk", "version", "name", "kind", "sector", "priority_education", "commune_id"
            )
        }
        editable = set(self.editable_schools.filter(uai__in=uais).values_list("uai", flat=True))
        keep = self.report.ok
        for line, uai, name, kind, sector, priority, commune_code in rows:
            commune = self.communes.get(commune_code)
            if commune is None and commune_code:  # a missing code is reported already
                self.report.add_error(line, "code_commune", unknown_commune(commune_code).messages[0])
            elif commune is not None and not commune[1]:
                self.report.add_error(
                    line,
                    "code_commune",
                    _("La commune de code INSEE %(code)s n'est pas dans votre périmètre.") % {"code": commune_code},
                )
            if uai in existing and uai not in editable:
                self.report.add_error(
                    line, "uai", _("L'établissement %(uai)s existe hors de votre périmètre.") % {"uai": uai}
                )
            # Once a row is bad nothing will be written: stop keeping rows, keep checking.
            keep = keep and self.report.ok
            if not keep:
                continue
            new = (name, kind, sector, priority, commune[0])
            if uai not in existing:
                self.to_create.append((uai, *new))
                continue
            pk, version, *old = existing[uai]
            if tuple(old) == new:
                self.report.unchanged += 1
            else:
                self.to_update.append((pk, uai, version, tuple(old), new))

    def _resolve_communes(self, codes: set[str]) -> None:
        found = Commune.objects.filter(insee_code__in=codes)
        open_codes = set(self.open_communes.filter(insee_code__in=codes).values_list("insee_code", flat=True))
        self.communes.update(dict.fromkeys(codes))
        for code, pk in found.values_list("insee_code", "pk"):
            self.communes[code] = (pk, code in open_codes)

    def write(self, actor) -> None:
        for start in range(0, len(self.to_create), WRITE_BATCH_SIZE):
            batch = [
                Establishment(
                    uai=uai, name=name, kind=kind, sector=sector, priority_education=priority, commune_id=commune_id
                )
                for uai, name, kind, sector, priority, commune_id in self.to_create[start : start + WRITE_BATCH_SIZE]
            ]
            Establishment.objects.bulk_create(batch)
            record_bulk(AuditAction.CREATE, batch, actor=actor)
        fields = ["name", "kind", "sector", "priority_education", "commune_id"]
        statement = _update_statement([*fields, "version"])
        for start in range(0, len(self.to_update), WRITE_BATCH_SIZE):
            batch, changes, parameters = [], [], []
            for pk, uai, version, old, new in self.to_update[start : start + WRITE_BATCH_SIZE]:
                batch.append(Establishment(pk=pk, uai=uai, version=version + 1, **dict(zip(fields, new, strict=True))))
                diff = {f: [o, n] for f, o, n in zip(fields, old, new, strict=True) if o != n}
                changes.append({**diff, "version": [version, version + 1]})
                parameters.append((*new, version + 1, pk))
            with connection.cursor() as cursor:
                cursor.executemany(statement, parameters)
            record_bulk(AuditAction.UPDATE, batch, changes=changes, actor=actor)
        self.report.created = len(self.to_create)
        self.report.updated = len(self.to_update)


def _update_statement(fields: list[str]) -> str:
    """UPDATE of `fields` by primary key, for executemany.

    bulk_update() builds a CASE expression per field and row in Python: about 3 ms a row, so
    minutes for a national file. One prepared UPDATE run over all rows costs a few µs each.
    """
    quote = connection.ops.quote_name
    meta = Establishment._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 — names from the model


@transaction.atomic
def establishments_import(*, user, file) -> EstablishmentImport:
    """Create or update (by UAI) the schools of a CSV file, all or nothing.

    Every row is checked first; if any is wrong nothing is written and the report lists each
    bad row (line, column, message). The file is read as a stream, and the database is asked
    about rows in chunks, so the query count does not grow with each row.
    """
    if not perms.can_import_establishments(user):
        raise PermissionDenied(_("Votre rôle ne permet pas d'importer des établissements."))
    report = EstablishmentImport()
    plan = _ImportPlan(user, report)
    for line, values in _read_rows(file, report):
        report.rows += 1
        plan.add(line, values)
    plan.flush()
    if report.rows == 0 and report.ok:
        report.add_error(1, "", _("Le fichier ne contient aucune ligne d'établissement."))
    if report.ok:
        plan.write(actor=user)
    # Rows are checked field by field as read and against the database by chunks: show by line.
    report.errors.sort(key=lambda error: error.line or 0)
    return report
