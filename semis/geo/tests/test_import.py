import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.models import AuditAction, AuditEvent
from semis.geo.models import Establishment
from semis.geo.services import IMPORT_COLUMNS, MAX_REPORTED_ERRORS, establishments_import
from semis.geo.tests.factories import valid_uai

HEADER = ";".join(IMPORT_COLUMNS)


def csv_file(*lines: str, header: str = HEADER, delimiter: str = ";", bom: bool = False, encoding="utf-8"):
    text = "\n".join([header, *lines]).replace(";", delimiter) + "\n"
    return io.BytesIO(("\ufeff" if bom else "").encode() + text.encode(encoding))


def row(uai, name="École du Port", kind="ecole_elementaire", sector="public", priority="", commune="44109"):
    return ";".join([uai, name, kind, sector, priority, commune])


@pytest.fixture
def pilot(home):
    return user_with_role(Role.ACADEMIE_PILOT, home.academie)


def errors_of(report) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in report.errors]


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_import_creates_new_schools_and_updates_existing_ones_by_uai(home, pilot, delimiter, bom):
    file = csv_file(
        row(valid_uai(4410001), name="École des Mouettes", priority="REP+"),
        row(valid_uai(4410002), name="Collège Anne-de-Bretagne", kind="Collège", sector="Privé sous contrat"),
        row(home.school.uai, name="Nouveau nom", kind=home.school.kind),
        delimiter=delimiter,
        bom=bom,
    )
    report = establishments_import(user=pilot, file=file)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 2, 1, 0)
    mouettes = Establishment.objects.get(uai=valid_uai(4410001))
    assert (mouettes.commune, mouettes.priority_education) == (home.commune, "rep_plus")
    college = Establishment.objects.get(uai=valid_uai(4410002))
    assert (college.kind, college.sector) == ("college", "private")
    home.school.refresh_from_db()
    assert (home.school.name, home.school.version) == ("Nouveau nom", 2)


def test_a_second_import_of_the_same_file_changes_nothing(home, pilot):
    lines = [row(valid_uai(4410001)), row(valid_uai(4410002), name="École du Quai")]
    establishments_import(user=pilot, file=csv_file(*lines))
    report = establishments_import(user=pilot, file=csv_file(*lines))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_import_records_each_created_and_updated_school_in_the_audit_log(home, pilot):
    establishments_import(
        user=pilot, file=csv_file(row(valid_uai(4410001)), row(home.school.uai, name="Renommée", kind=home.school.kind))
    )
    created = AuditEvent.objects.for_object(Establishment.objects.get(uai=valid_uai(4410001))).get()
    assert (created.action, created.actor) == (AuditAction.CREATE, pilot)
    updated = AuditEvent.objects.for_object(home.school).filter(action=AuditAction.UPDATE).get()
    assert updated.changes["name"][1] == "Renommée"
    assert updated.changes["version"] == [1, 2]


def test_import_with_bad_rows_writes_nothing_and_reports_every_bad_row(home, away, pilot):
    before = set(Establishment.objects.values_list("uai", "name", "version"))
    file = csv_file(
        row(valid_uai(4410001)),  # line 2: good
        row("0441234D"),  # line 3: wrong check letter
        row(valid_uai(4410003), commune="99999"),  # line 4: unknown commune
        row(valid_uai(4410004), kind="lycée agricole"),  # line 5: unknown type
        row(valid_uai(4410001), name="Doublon"),  # line 6: same UAI as line 2
        row(valid_uai(4410006), commune=away.commune.insee_code),  # line 7: outside the perimeter
        row(away.school.uai, commune="44109"),  # line 8: takes over a school outside the perimeter
        row(valid_uai(4410008), name="", sector="", commune=""),  # line 9: three empty columns
        row("123", kind="", commune="99999"),  # line 10: every check of a row is reported
    )
    report = establishments_import(user=pilot, file=file)
    assert not report.ok
    assert errors_of(report) == [
        (3, "uai"),
        (4, "code_commune"),
        (5, "type"),
        (6, "uai"),
        (7, "code_commune"),
        (8, "uai"),
        (9, "nom"),
        (9, "secteur"),
        (9, "code_commune"),
        (10, "uai"),
        (10, "type"),
        (10, "code_commune"),
    ]
    messages = {(error.line, error.column): error.message for error in report.errors}
    assert messages[(3, "uai")] == "La lettre de contrôle de l'UAI « 0441234D » est fausse (attendue : C)."
    assert messages[(4, "code_commune")] == "Aucune commune n'a le code INSEE 99999."
    assert messages[(6, "uai")] == f"L'UAI {valid_uai(4410001)} figure déjà ligne 2 du fichier."
    assert messages[(7, "code_commune")] == "La commune de code INSEE 69123 n'est pas dans votre périmètre."
    assert messages[(8, "uai")] == f"L'établissement {away.school.uai} existe hors de votre périmètre."
    assert "ecole_maternelle" in messages[(5, "type")]
    assert set(Establishment.objects.values_list("uai", "name", "version")) == before
    assert report.created == report.updated == 0


def test_import_with_only_an_unknown_commune_code_writes_nothing(home, pilot):
    before = Establishment.objects.count()
    report = establishments_import(
        user=pilot, file=csv_file(row(valid_uai(4410001)), row(valid_uai(4410002), commune="99999"))
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (3, "code_commune", "Aucune commune n'a le code INSEE 99999.")
    ]
    assert Establishment.objects.count() == before


def test_import_without_the_expected_columns_says_which_are_missing(home, pilot):
    report = establishments_import(user=pilot, file=csv_file(row(valid_uai(4410001)), header="uai;nom;type"))
    assert len(report.errors) == 1
    assert report.errors[0].line == 1
    assert "secteur, education_prioritaire, code_commune" in report.errors[0].message


def test_import_of_a_file_not_in_utf8_asks_for_utf8(home, pilot):
    report = establishments_import(user=pilot, file=csv_file(row(valid_uai(4410001), name="École"), encoding="cp1252"))
    assert [(e.line, e.column) for e in report.errors] == [(None, "")]
    assert "UTF-8" in report.errors[0].message
    assert not Establishment.objects.filter(uai=valid_uai(4410001)).exists()


def test_import_of_an_unreadable_line_says_which_and_writes_nothing(home, pilot):
    unreadable = row(valid_uai(4410002), name="x" * 200_000)
    report = establishments_import(user=pilot, file=csv_file(row(valid_uai(4410001)), unreadable))
    assert [(e.line, e.column) for e in report.errors] == [(3, "")]
    assert report.errors[0].message.startswith("Ligne illisible")
    assert not Establishment.objects.filter(uai=valid_uai(4410001)).exists()


def test_import_of_a_file_without_rows_says_so(home, pilot):
    report = establishments_import(user=pilot, file=csv_file())
    assert [e.message for e in report.errors] == ["Le fichier ne contient aucune ligne d'établissement."]


def test_import_report_lists_a_bounded_number_of_errors_and_counts_the_rest(home, pilot):
    lines = [row(valid_uai(4410000 + n), kind="inconnu") for n in range(MAX_REPORTED_ERRORS + 7)]
    report = establishments_import(user=pilot, file=csv_file(*lines))
    assert len(report.errors) == MAX_REPORTED_ERRORS
    assert report.unreported_errors == 7


def test_import_is_denied_to_roles_that_do_not_keep_schools(home):
    with pytest.raises(PermissionDenied):
        establishments_import(user=user_with_role(Role.TEACHER, home.school), file=csv_file(row(valid_uai(4410001))))


def count_import_queries(user, lines) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = establishments_import(user=user, file=csv_file(*lines))
    assert report.ok, report.errors
    return len(queries)


def test_import_query_count_does_not_grow_with_rows(home, pilot, django_assert_num_queries):
    count_import_queries(pilot, [row(valid_uai(4410000))])  # warms the content-type cache
    few = count_import_queries(pilot, [row(valid_uai(4420000 + n)) for n in range(3)])
    many = [row(valid_uai(4430000 + n)) for n in range(60)]
    with django_assert_num_queries(few):
        establishments_import(user=pilot, file=csv_file(*many))
    # Updates too: renaming 3 schools costs what renaming 60 does.
    renamed_few = count_import_queries(pilot, [line.replace("Port", "Phare") for line in many[:3]])
    with django_assert_num_queries(renamed_few):
        establishments_import(user=pilot, file=csv_file(*[line.replace("Port", "Môle") for line in many]))
