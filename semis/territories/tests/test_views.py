import datetime
import io

import openpyxl
import pytest
import shapely
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EpciFactory
from semis.library.tests.factories import pdf_text
from semis.territories.enums import Lever, Setting, SheetStatus
from semis.territories.models import Action, CapitalisationSheet, Stakeholder, Territory
from semis.territories.tests.factories import (
    ActionFactory,
    MeetingFactory,
    SheetFactory,
    StakeholderFactory,
    TerritoryFactory,
    skills_by_code,
)


def square(lon: float, lat: float, size: float = 0.05) -> bytes:
    return shapely.to_wkb(shapely.box(lon, lat, lon + size, lat + size))


def action_form(**fields) -> dict:
    """What a lead posts for an action at school aiming at E1.2 and E2.1, with `fields` changed."""
    return {**ACTION_FORM, "skills": [skill.pk for skill in skills_by_code("E1.2", "E2.1")], **fields}


ACTION_FORM = {
    "title": "Ateliers émotions",
    "setting": Setting.ECOLE,
    "date": "2023-03-14",
    "audience": "children",
    "age_min": "6",
    "age_max": "8",
    "hours": "8",
    "people_reached": "48",
    "adults_trained": "3",
    "lever": Lever.PERSONAL_SKILLS,
    "determinant_level": "individual",
}


def test_lead_creates_a_territory_from_an_epci_and_two_communes_and_sees_its_population(client, territory, lead):
    epci = EpciFactory(name="CC des Monts")
    departement = DepartementFactory(academie=AcademieFactory(region=territory.programme.region))
    in_epci = [
        CommuneFactory(epci=epci, departement=departement, population=p, geometry=square(4.0 + i / 10, 45.0))
        for i, p in enumerate((1000, 2000))
    ]
    unieux = CommuneFactory(name="Unieux", insee_code="42316", population=8597, geometry=square(4.3, 45.4))
    other = CommuneFactory(name="Fraisses", insee_code="42099", population=3700)
    sign_in(client, lead)
    response = client.post(
        reverse("territories:territory_create", args=[territory.programme_id]),
        {"name": "Ondaine", "kind": "bassin_de_vie", "epcis": [epci.pk], "communes": "42316\nFraisses"},
    )
    created = Territory.objects.get(name="Ondaine")
    assert response.status_code == 302 and response["Location"] == reverse(
        "territories:territory_detail", args=[created.pk]
    )
    assert set(created.communes.all()) == {*in_epci, unieux, other}
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "15 297" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert "<svg" in html and "Carte du territoire Ondaine" in html


def test_territory_without_commune_gets_a_french_message_and_nothing_is_written(client, territory, lead):
    sign_in(client, lead)
    response = client.post(
        reverse("territories:territory_create", args=[territory.programme_id]),
        {"name": "Vide", "kind": "commune", "communes": ""},
    )
    assert response.status_code == 200
    assert (
        "Un territoire compte au moins une commune : choisissez un EPCI ou des communes." in response.content.decode()
    )
    assert not Territory.objects.filter(name="Vide").exists()


def test_unknown_or_ambiguous_communes_are_reported_line_by_line(client, territory, lead):
    CommuneFactory(name="Saint-Denis", insee_code="01344")
    CommuneFactory(name="Saint-Denis", insee_code="93066")
    sign_in(client, lead)
    response = client.post(
        reverse("territories:territory_create", args=[territory.programme_id]),
        {"name": "T", "kind": "commune", "communes": "Saint-Denis\nNullepart\n99999"},
    )
    html = response.content.decode()
    assert "« Saint-Denis » : plusieurs communes portent ce nom, donnez le code INSEE : 01344" in html
    assert "« Nullepart » : aucune commune de ce nom ; essayez son code INSEE." in html
    assert "« 99999 » : aucune commune n&#x27;a ce code INSEE." in html
    assert not Territory.objects.filter(name="T").exists()


def test_action_dated_outside_the_programme_is_refused_next_to_its_date(client, territory, lead):
    sign_in(client, lead)
    response = client.post(reverse("territories:action_create", args=[territory.pk]), action_form(date="2027-01-04"))
    assert response.status_code == 200
    assert "La date doit tomber pendant le programme (2019–2026), entre le 01/01/2019 et le 31/12/2026." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not Action.objects.exists()
    response = client.post(reverse("territories:action_create", args=[territory.pk]), action_form())
    assert response.status_code == 302
    assert sorted(Action.objects.get().skills.values_list("code", flat=True)) == ["E1.2", "E2.1"]


def test_stakeholder_email_already_used_in_the_territory_is_refused_next_to_the_field(client, territory, lead):
    StakeholderFactory(territory=territory, name="École Jules-Ferry", email="ecole@exemple.fr")
    sign_in(client, lead)
    response = client.post(
        reverse("territories:stakeholder_create", args=[territory.pk]),
        {"kind": "organisation", "name": "École", "category": "education", "email": "ECOLE@exemple.fr"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Cette adresse e-mail est déjà celle de « École Jules-Ferry », acteur de ce territoire."]
    }
    assert "déjà celle de « École Jules-Ferry »" in response.content.decode()
    assert Stakeholder.objects.count() == 1


def test_coordinator_sees_every_territory_and_a_lead_only_hers(client, programme, territory, coordinator, lead):
    others = [TerritoryFactory(programme=programme) for _ in range(3)]
    url = reverse("territories:programme_detail", args=[programme.pk])
    html = sign_in(client, coordinator).get(url).content.decode()
    assert all(t.name in html for t in [territory, *others])
    client.logout()
    html = sign_in(client, lead).get(url).content.decode()
    assert territory.name in html and not any(t.name in html for t in others)
    assert client.get(reverse("territories:territory_detail", args=[others[0].pk])).status_code == 404
    assert client.get(reverse("territories:action_create", args=[others[0].pk])).status_code == 404


def test_partner_reads_but_cannot_write(client, territory):
    partner = user_with_role(Role.PARTNER, territory)
    sign_in(client, partner)
    assert client.get(reverse("territories:territory_detail", args=[territory.pk])).status_code == 200
    assert client.get(reverse("territories:action_create", args=[territory.pk])).status_code == 403


def queries(client, url) -> int:
    """Queries of a second request: the first fills the per-process caches (commune boxes, département outlines)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(programme, n):
    for _ in range(n):
        territory = TerritoryFactory(programme=programme)
        StakeholderFactory.create_batch(2, territory=territory)
        ActionFactory.create_batch(2, territory=territory, setting=Setting.CENTRE_SOCIAL)
        SheetFactory(territory=territory, status=SheetStatus.PUBLISHED)
        MeetingFactory(programme=programme).territories.set([territory])


@pytest.mark.parametrize(
    "page",
    [
        "territories:programme_list",
        "territories:programme_detail",
        "territories:programme_map",
        "territories:programme_export_csv",
        "territories:programme_export_xlsx",
        "territories:meeting_list",
        "territories:sheet_list",
    ],
)
def test_programme_pages_make_as_many_queries_for_two_territories_as_for_six(client, programme, coordinator, page):
    url = reverse(page, args=[] if page.endswith(("_list",)) and "meeting" not in page else [programme.pk])
    sign_in(client, coordinator)
    grow(programme, 2)
    few = queries(client, url)
    grow(programme, 4)
    assert queries(client, url) == few


@pytest.mark.parametrize(
    "page",
    ["territories:territory_detail", "territories:action_list", "territories:stakeholder_list"],
)
def test_territory_pages_make_as_many_queries_for_two_rows_as_for_twenty(client, territory, lead, page):
    url = reverse(page, args=[territory.pk])
    sign_in(client, lead)
    ActionFactory.create_batch(2, territory=territory, commune=territory.communes.get())
    StakeholderFactory.create_batch(2, territory=territory)
    few = queries(client, url)
    ActionFactory.create_batch(18, territory=territory, commune=territory.communes.get())
    StakeholderFactory.create_batch(18, territory=territory)
    assert queries(client, url) == few


def test_comparison_exports_one_row_per_territory_in_csv_and_xlsx(client, programme, territory, coordinator):
    ActionFactory(territory=territory, setting=Setting.ECOLE, people_reached=30, adults_trained=4)
    ActionFactory(territory=territory, setting=Setting.FAMILLE, lever=Lever.COMMUNITY_ACTION, people_reached=12)
    sign_in(client, coordinator)
    response = client.get(reverse("territories:programme_export_csv", args=[programme.pk]))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    header, row = lines[0].split(";"), lines[1].split(";")
    assert response["Content-Type"].startswith("text/csv") and len(lines) == 2
    values = dict(zip(header, row, strict=True))
    assert values["Territoire"] == "Unieux"
    assert (values["Actions"], values["Actions à l'école"], values["Actions hors de l'école"]) == ("2", "1", "1")
    assert (values["Personnes touchées"], values["Adultes formés"]) == ("42", "6")
    assert values["Levier : Action communautaire"] == "1" and values["Milieu : Famille"] == "1"
    response = client.get(reverse("territories:programme_export_xlsx", args=[programme.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(header) and rows[1][0] == "Unieux" and rows[1][6] == 2


def test_coherence_view_shows_worked_skills_and_the_gaps(client, territory, lead):
    ActionFactory(territory=territory, setting=Setting.ECOLE, skills=["E1.2"], age_min=6, age_max=8)
    ActionFactory(territory=territory, setting=Setting.CLUB_SPORTIF, skills=["E1.2", "C2.1"], age_min=12, age_max=14)
    sign_in(client, lead)
    response = client.get(reverse("territories:territory_coherence", args=[territory.pk]))
    coherence = response.context["coherence"]
    row = next(r for r in coherence.rows if r.code == "E1.2")
    settings = coherence.settings
    assert row.cells[settings.index(Setting.ECOLE)].actions == 1
    assert row.cells[settings.index(Setting.CLUB_SPORTIF)].actions == 1
    assert row.bands == [False, False, True, True, False, False]
    assert len(coherence.rows) == 21
    assert "S3.3 Savoir résoudre des conflits de façon constructive" in coherence.skills_missing
    assert "Famille" in coherence.settings_missing and "École" not in coherence.settings_missing
    assert coherence.bands_missing == ["0–2 ans", "3–5 ans", "16–18 ans", "19–25 ans"]
    young = client.get(reverse("territories:territory_coherence", args=[territory.pk]), {"ages": "2"})
    assert young.context["coherence"].action_count == 1


def test_sheet_is_written_sent_to_review_published_and_printed(client, territory, lead, coordinator):
    sign_in(client, lead)
    fields = {name: "Du texte." for name in SheetFactory._meta.declarations if name not in ("territory", "title")}
    response = client.post(
        reverse("territories:sheet_create", args=[territory.pk]), {"title": "Une expérience", **fields}
    )
    sheet = CapitalisationSheet.objects.get()
    assert response["Location"] == reverse("territories:sheet_detail", args=[sheet.pk])
    client.post(reverse("territories:sheet_submit", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.IN_REVIEW
    assert client.post(reverse("territories:sheet_publish", args=[sheet.pk])).status_code == 403
    client.logout()
    sign_in(client, coordinator)
    client.post(reverse("territories:sheet_publish", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    found = client.get(reverse("territories:sheet_list"), {"q": "expérience"}).context["page_obj"]
    missing = client.get(reverse("territories:sheet_list"), {"q": "introuvable"}).context["page_obj"]
    assert list(found) == [sheet] and list(missing) == []
    pdf = client.get(reverse("territories:sheet_pdf", args=[sheet.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_sheet_pdf_prints_the_territory_name_as_written_in_its_header(client, programme, coordinator):
    territory = TerritoryFactory(programme=programme, name="Crest et Aouste-sur-Sye, l'Écho")
    sheet = SheetFactory(territory=territory)
    sign_in(client, coordinator)
    text = pdf_text(client.get(reverse("territories:sheet_pdf", args=[sheet.pk])).content)
    # The header's first line, then the territory's name printed on the top right of the page.
    assert text.splitlines()[:3] == ["Fiche de capitalisation — méthode CAPS", "", "Crest et Aouste-sur-Sye, l'Écho"]
    assert "\\u00" not in text


def test_incomplete_sheet_is_not_sent_to_review_and_says_which_sections_are_missing(client, territory, lead):
    sheet = SheetFactory(territory=territory, obstacles="")
    sign_in(client, lead)
    response = client.post(reverse("territories:sheet_submit", args=[sheet.pk]), follow=True)
    assert "Complétez d&#x27;abord ces rubriques : obstacles rencontrés." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_meeting_records_the_territories_and_their_participants(client, programme, territory, coordinator):
    stakeholder = StakeholderFactory(territory=territory, name="Nadia Élue")
    sign_in(client, coordinator)
    response = client.post(
        reverse("territories:meeting_create", args=[programme.pk]),
        {
            "title": "Rencontre de printemps",
            "date": "2024-04-11",
            "territories": [territory.pk],
            "participants": [stakeholder.pk],
            "lessons": "Associer les parents dès le diagnostic.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Nadia Élue" in page and "Associer les parents dès le diagnostic." in page


def test_stage_is_updated_and_keeps_its_documents(client, territory, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    stage = territory.stages.first()
    sign_in(client, lead)
    response = client.post(
        reverse("territories:stage_edit", args=[stage.pk]),
        {"status": "done", "start_date": "2020-01-06", "end_date": "2019-12-01"},
    )
    assert "La date de fin ne peut pas précéder la date de début." in response.content.decode()
    client.post(reverse("territories:stage_edit", args=[stage.pk]), {"status": "done", "start_date": "2020-01-06"})
    stage.refresh_from_db()
    assert (stage.status, stage.start_date) == ("done", datetime.date(2020, 1, 6))
    upload = SimpleUploadedFile("restitution.pdf", b"%PDF-1.4 restitution", content_type="application/pdf")
    client.post(reverse("territories:stage_document_add", args=[stage.pk]), {"title": "Restitution", "file": upload})
    document = stage.documents.get()
    download = client.get(reverse("territories:stage_document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 restitution"
    bad = SimpleUploadedFile("script.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("territories:stage_document_add", args=[stage.pk]), {"title": "X", "file": bad})
    assert response.status_code == 400 and stage.documents.count() == 1


def test_maps_draw_departement_borders_with_a_legend_and_name_the_departements(client, programme, coordinator):
    region = programme.region
    ain = DepartementFactory(name="Ain", academie=AcademieFactory(region=region))
    rhone = DepartementFactory(name="Rhône", academie=ain.academie)
    communes = [
        CommuneFactory(name="Miribel", departement=ain, geometry=square(5.0, 45.8)),
        CommuneFactory(name="Neuville", departement=rhone, geometry=square(4.95, 45.8)),
    ]
    CommuneFactory(departement=rhone, geometry=square(4.95, 45.85))  # a neighbour
    territory = TerritoryFactory(programme=programme, name="Côtière", communes=communes)
    sign_in(client, coordinator)
    page = client.get(reverse("territories:programme_map", args=[programme.pk])).content.decode()
    assert page.count("limite de département</text>") == 2  # the map by type and the coverage map
    assert "ses 2 départements séparés par des tirets" in page
    assert "<td>Ain, Rhône</td>" in page
    page = client.get(reverse("territories:territory_detail", args=[territory.pk])).content.decode()
    assert "2 communes, dont 0 avec au moins une action localisée, sur 2 départements : Ain, Rhône." in page
    assert "limite de département</text>" in page and 'id="carte-territoire-' in page
