import csv
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from odf.opendocument import load as load_ods
from odf.table import TableCell, TableRow

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.projects.tests.factories import this_school_year
from semis.reporting.indicators import INDICATORS
from semis.reporting.models import IndicatorValue
from semis.reporting.services import indicators_refresh
from semis.reporting.tests.factories import steering_data
from semis.territories.models import TerritorialProgramme

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    year = this_school_year()
    a, b = steering_data(year)
    indicators_refresh(school_year=year)
    return a, b


def url(key: str, fmt: str | None = None) -> str:
    if fmt:
        return reverse("reporting:export", kwargs={"perimeter": key, "fmt": fmt})
    return reverse("reporting:dashboard", kwargs={"perimeter": key})


def test_home_opens_the_users_widest_perimeter(client, places):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    response = client.get(reverse("reporting:home"))

    assert response.status_code == 302 and response["Location"] == url(f"academie-{a.academie.code}")


def test_pilot_sees_their_academie_and_inside_it_not_outside(client, places):
    a, b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    page = client.get(url(f"academie-{a.academie.code}"))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Adultes formés" in content and "Définition" in content
    # Drill-down: the académie's départements, linked.
    assert url(f"departement-{a.departement.code}") in content
    assert client.get(url(f"departement-{a.departement.code}")).status_code == 200
    assert client.get(url(f"etablissement-{a.school.uai}")).status_code == 200
    assert client.get(url(f"territoire-{a.territory.pk}")).status_code == 200
    # Outside: another académie, the région around, national, and their exports.
    assert client.get(url(f"academie-{b.academie.code}")).status_code == 404
    assert client.get(url(f"academie-{b.academie.code}", "csv")).status_code == 404
    assert client.get(url(f"region-{a.region.code}")).status_code == 404
    assert client.get(url("national")).status_code == 404
    assert client.get(url("etablissement-0000000Z")).status_code == 404


def test_school_head_sees_their_school_and_teachers_are_refused(client, places):
    a, _b = places
    head = user_with_role(Role.SCHOOL_HEAD, a.school)
    sign_in(client, head)
    assert client.get(reverse("reporting:home"))["Location"] == url(f"etablissement-{a.school.uai}")
    assert client.get(url(f"etablissement-{a.other_school.uai}")).status_code == 404

    sign_in(client, user_with_role(Role.TEACHER, a.school))
    assert client.get(reverse("reporting:home")).status_code == 403
    assert client.get(url(f"etablissement-{a.school.uai}")).status_code == 403


def test_figures_and_previous_year(client, places):
    a, _b = places
    year = this_school_year()
    IndicatorValue.objects.create(
        school_year=year - 1,
        perimeter_kind="departement",
        perimeter_id=a.departement.pk,
        indicator="trained_adults",
        value=1,
    )
    indicators_refresh(school_year=year - 1)  # replaces the row above: the previous year had nothing
    sign_in(client, user_with_role(Role.REGIONAL_COORDINATOR, a.region))

    board = client.get(url(f"departement-{a.departement.code}")).context["board"]

    figures = {f.indicator.code: f for _theme, rows in board.themes for f in rows}
    assert figures["trained_adults"].value == 4 and figures["trained_adults"].previous == 0
    assert figures["training_hours"].value == 12
    assert figures["trained_adults"].change == 4
    assert "courses_held" in figures and "territories_active" in figures


def test_units_agree_with_their_figure(client, places):
    a, _b = places
    projects = next(i for i in INDICATORS if i.code == "projects")
    hours = next(i for i in INDICATORS if i.code == "training_hours")
    assert [projects.unit_for(n) for n in (1, 3)] == ["projet", "projets"]
    assert hours.unit_for(Decimal("1.5")) == "heure" and hours.unit == "heures"
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    board = client.get(url(f"academie-{a.academie.code}")).context["board"]

    figures = {f.indicator.code: f for f in board.figures}
    assert figures["trained_adults"].value == 4 and figures["trained_adults"].unit == "personnes"


def test_empty_state_before_any_refresh(client):
    from semis.geo.tests.factories import AcademieFactory

    academie = AcademieFactory()
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, academie))

    response = client.get(url(f"academie-{academie.code}"))

    assert response.status_code == 200
    assert "ne sont pas encore calculés" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_sub_perimeters(client, places, django_assert_max_num_queries):
    a, _b = places
    from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory

    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))
    client.get(url(f"departement-{a.departement.code}"))
    EstablishmentFactory.create_batch(5, commune=CommuneFactory(departement=a.departement))
    with django_assert_max_num_queries(20):
        response = client.get(url(f"departement-{a.departement.code}"))
    assert len(response.context["groups"][0][2]) == 7


def test_csv_export(client, places):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    response = client.get(url(f"academie-{a.academie.code}", "csv"))

    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    header, academie, departement = rows
    assert header[:3] == ["Type de périmètre", "Code", "Nom"]
    assert academie[1] == a.academie.code and departement[1] == a.departement.code
    assert academie[header.index("Adultes formés (personnes)")] == "4"
    assert academie[header.index("Heures de stage dispensées (heures)")] == "12"


def test_csv_export_of_a_departement_lists_its_schools(client, places):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    content = b"".join(client.get(url(f"departement-{a.departement.code}", "csv")).streaming_content).decode()

    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    trained = rows[0].index("Adultes formés (personnes)")
    courses = rows[0].index("Stages tenus (stages)")
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code[a.school.uai][trained] == "2" and by_code[a.other_school.uai][trained] == "1"
    # Courses are not counted per school: empty, not zero.
    assert by_code[a.school.uai][courses] == ""


def test_xlsx_export(client, places):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    response = client.get(url(f"academie-{a.academie.code}", "xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert rows[1][header.index("Adultes formés (personnes)")] == 4
    assert rows[1][header.index("Élèves ou jeunes touchés (élèves)")] == 24
    assert rows[2][1] == a.departement.code


def test_ods_export(client, places):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    response = client.get(url(f"academie-{a.academie.code}", "ods"))

    document = load_ods(io.BytesIO(b"".join(response.streaming_content)))
    rows = [
        [cell.getAttribute("value") or str(cell) for cell in row.getElementsByType(TableCell)]
        for row in document.spreadsheet.getElementsByType(TableRow)
    ]
    header = rows[0]
    assert rows[1][header.index("Adultes formés (personnes)")] == "4"
    assert rows[1][header.index("Séances menées (séances)")] == "2"


def test_pdf_export(client, places, tmp_path):
    a, _b = places
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    response = client.get(url(f"academie-{a.academie.code}", "pdf"))

    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "pilotage.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Adultes formés" in text and a.academie.name in text and a.departement.name in text


@pytest.mark.usefixtures("places")
def test_unknown_format_or_perimeter_is_404(client):
    sign_in(client, user_with_role(Role.NATIONAL_ADMIN))
    assert client.get(url("national")).status_code == 200
    assert client.get(url("national", "docx")).status_code == 404
    assert client.get(url("planete-1")).status_code == 404
    assert client.get(url("territoire-abc")).status_code == 404


def test_api_gives_the_figures_of_a_perimeter_in_reach(client, places):
    a, b = places
    year = this_school_year()
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, a.academie))

    data = client.get(f"/api/v1/indicators/academie-{a.academie.code}/").json()

    assert data["perimeter"] == f"academie-{a.academie.code}" and data["school_year"] == year
    assert data["computed_at"]
    figures = {f["indicator"]: f for f in data["figures"]}
    assert figures["trained_adults"] == {"indicator": "trained_adults", "value": 4, "previous": None}
    assert figures["training_hours"]["value"] == 12
    assert client.get(f"/api/v1/indicators/academie-{b.academie.code}/").status_code == 404
    bad = client.get(f"/api/v1/indicators/academie-{a.academie.code}/?school_year=deux")
    assert bad.status_code == 400 and "school_year" in bad.json()
    definitions = client.get("/api/v1/indicators/").json()
    assert {d["code"] for d in definitions} >= {"trained_adults", "pupils_reached", "territories_active"}
    courses = next(d for d in definitions if d["code"] == "courses_held")
    assert "establishment" not in courses["perimeter_kinds"]


def test_annual_report_names_the_funder_and_the_years_figures(client, places, tmp_path):
    a, b = places
    year = this_school_year()
    TerritorialProgramme.objects.filter(pk=a.territory.programme_id).update(
        funder="ARS Région A", year_start=year - 2, year_end=year + 1
    )
    sign_in(client, user_with_role(Role.REGIONAL_COORDINATOR, a.region))

    response = client.get(reverse("reporting:annual_report", kwargs={"perimeter": f"region-{a.region.code}"}))

    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ARS Région A" in text and "RAPPORT ANNUEL" in text.upper()
    assert "Adultes formés" in text and "Définitions des indicateurs" in text
    assert a.academie.name in text and b.academie.name not in text
    other = reverse("reporting:annual_report", kwargs={"perimeter": f"region-{b.region.code}"})
    assert client.get(other).status_code == 404
