import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from semis.accounts.tests.factories import sign_in
from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, SheetVersion
from semis.library.tests.factories import ActivitySheetFactory, sample_document
from semis.referential.models import SpecificSkill


def test_library_home_finds_gerer_ses_emotions_in_ce1_in_three_actions(client, library, teacher):
    """Type the words (1), pick cycle 2 — CP, CE1, CE2 — in the facets (2), open the sheet (3)."""
    client.force_login(teacher)
    results = client.get("/cartable/", {"q": "gérer ses émotions"})
    cycle2 = next(v for f in results.context["result"].facets for v in f.values if v.value == "cycle2")
    assert "CE1" in cycle2.label and cycle2.count == 1
    filtered = client.get("/cartable/" + cycle2.url)
    sheets = list(filtered.context["page_obj"])
    assert [s.slug for s in sheets] == ["baton-de-parole"]
    assert client.get(f"/cartable/fiches/{sheets[0].slug}/").status_code == 200


def test_search_keeps_the_query_in_the_field_and_highlights_matches(client, library, teacher):
    client.force_login(teacher)
    content = client.get("/cartable/", {"q": "émotions"}).content.decode()
    assert 'value="émotions"' in content
    assert "<mark>émotions</mark>" in content
    assert content.index("La météo des émotions") < content.index("Le bâton de parole")


def test_search_without_result_says_so(client, library, teacher):
    client.force_login(teacher)
    content = client.get("/cartable/", {"q": "astronomie"}).content.decode()
    assert "Aucune fiche ne correspond" in content


def test_facet_counts_and_filters(client, library, teacher):
    client.force_login(teacher)
    facets = {f.param: {v.value: v.count for v in f.values} for f in client.get("/cartable/").context["result"].facets}
    assert facets["cycle"] == {"cycle1": 1, "cycle2": 2, "cycle3": 1, "cycle4": 1, "lycee": 1, "16-25": 1}
    assert facets["milieu"]["classe"] == 3
    assert facets["duree"] == {"court": 2, "moyen": 1}
    assert facets["competence"]["S3.2"] == 1
    page = client.get("/cartable/", {"duree": "moyen"}).context["page_obj"]
    assert [s.slug for s in page] == ["dire-non-sans-blesser"]
    page = client.get("/cartable/", {"competence": "E1.2", "milieu": "classe"}).context["page_obj"]
    assert [s.slug for s in page] == ["meteo-des-emotions"]


def test_search_page_queries_do_not_grow_with_the_library(client, referential, teacher, django_assert_max_num_queries):
    skill = SpecificSkill.objects.get(version=referential, code="E2.2")
    client.force_login(teacher)
    ActivitySheetFactory.create_batch(2, skills=[skill])
    client.get("/cartable/", {"q": "fiche"})
    with django_assert_max_num_queries(17):
        client.get("/cartable/", {"q": "fiche", "cycle": "cycle2"})
    ActivitySheetFactory.create_batch(25, skills=[skill])
    with django_assert_max_num_queries(17):
        response = client.get("/cartable/", {"q": "fiche", "cycle": "cycle2"})
    assert response.context["page_obj"].paginator.count == 27
    assert len(response.context["page_obj"]) == 20


def test_drafts_are_not_in_the_library_home_even_for_their_author(client, library, teacher):
    ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT, title="Mon brouillon secret")
    client.force_login(teacher)
    assert "Mon brouillon secret" not in client.get("/cartable/").content.decode()
    assert "Mon brouillon secret" in client.get("/cartable/mes-fiches/").content.decode()


def test_skill_page_lists_its_published_sheets_only(client, library, teacher):
    ActivitySheetFactory(
        status=SheetStatus.DRAFT, title="Brouillon sur l'écoute", skills=[library["baton-de-parole"].skills.first()]
    )
    client.force_login(teacher)
    content = client.get("/referentiel/spf-2022/S1.1/").content.decode()
    assert "Le bâton de parole" in content
    assert "Brouillon sur l" not in content


def test_export_json_holds_the_published_library_in_the_import_format(client, library, teacher):
    ActivitySheetFactory(status=SheetStatus.DRAFT, slug="brouillon")
    client.force_login(teacher)
    response = client.get("/cartable/export.json")
    assert response["Content-Disposition"].startswith('attachment; filename="cartable-')
    document = json.loads(response.content)
    assert document["format"] == "semis-activity-sheets"
    assert [s["slug"] for s in document["sheets"]] == ["baton-de-parole", "dire-non-sans-blesser", "meteo-des-emotions"]


def test_export_csv_has_one_row_per_published_sheet(client, library, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    with django_assert_max_num_queries(13):
        response = client.get("/cartable/export.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["identifiant", "titre", "résumé"]
    assert len(rows) == 4
    meteo = next(r for r in rows if r[0] == "meteo-des-emotions")
    assert meteo[3] == "E1.2 | E2.1"


def upload(document) -> SimpleUploadedFile:
    return SimpleUploadedFile("fiches.json", json.dumps(document).encode(), content_type="application/json")


def test_import_with_an_unknown_skill_writes_nothing_and_lists_the_problem(client, referential, reviewer):
    document = sample_document()
    document["sheets"][2]["skills"] = ["Z9.9"]
    sign_in(client, reviewer)
    response = client.post("/cartable/import/", {"file": upload(document)})
    content = response.content.decode()
    assert "Fichier refusé : aucune fiche n’a été importée" in content
    assert "Fiche n° 3 (« dire-non-sans-blesser ») — skills : compétence inconnue" in content
    assert not ActivitySheet.objects.exists()


def test_import_publishes_the_sheets_of_a_valid_file(client, referential, reviewer):
    sign_in(client, reviewer)
    response = client.post("/cartable/import/", {"file": upload(sample_document())}, follow=True)
    assert "3 fiche(s) créée(s)" in response.content.decode()
    assert ActivitySheet.objects.published().count() == 3
    assert SheetVersion.objects.filter(published_by=reviewer).count() == 3


def test_import_of_a_file_that_is_not_json_is_refused(client, referential, reviewer):
    sign_in(client, reviewer)
    response = client.post("/cartable/import/", {"file": SimpleUploadedFile("x.json", b"\xff\xfe pas du json")})
    assert "pas un JSON valide" in response.content.decode()


def test_teachers_cannot_import(client, referential, teacher):
    client.force_login(teacher)
    assert client.get("/cartable/import/").status_code == 403


def test_an_author_deletes_a_draft_but_not_a_published_sheet(client, library, teacher):
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT)
    client.force_login(teacher)
    client.post(f"/cartable/fiches/{draft.slug}/supprimer/")
    assert not ActivitySheet.objects.filter(pk=draft.pk).exists()
    published = library["meteo-des-emotions"]
    client.post(f"/cartable/fiches/{published.slug}/supprimer/")
    assert ActivitySheet.objects.filter(pk=published.pk).exists()
