import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.models import Establishment
from semis.geo.services import IMPORT_COLUMNS
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory, valid_uai


@pytest.fixture
def pilot_client(client, home):
    return sign_in(client, user_with_role(Role.ACADEMIE_PILOT, home.academie))


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("geo:establishment_list"))
    assert response.status_code == 200
    return len(queries)


def test_establishment_list_query_count_does_not_grow_with_rows(pilot_client, home, django_assert_num_queries):
    EstablishmentFactory.create_batch(3, commune=home.commune)
    list_queries(pilot_client)  # warms per-process caches, as on a running server
    few = list_queries(pilot_client)
    for n in range(40):
        EstablishmentFactory(commune=CommuneFactory(departement=home.departement, name=f"Commune {n}"))
    with django_assert_num_queries(few):
        response = pilot_client.get(reverse("geo:establishment_list"))
    assert len(response.context["page_obj"].object_list) == 44


def test_list_offers_create_and_import_to_editors_only(client, pilot_client, home):
    page = pilot_client.get(reverse("geo:establishment_list")).content.decode()
    assert reverse("geo:establishment_create") in page and reverse("geo:establishment_import") in page
    client.force_login(user_with_role(Role.TEACHER, home.school))
    page = client.get(reverse("geo:establishment_list")).content.decode()
    assert reverse("geo:establishment_create") not in page


def test_home_offers_the_csv_import_to_those_who_may_import(client, pilot_client, home):
    label = "Importer des établissements depuis un fichier CSV"
    assert label in pilot_client.get(reverse("core:home")).content.decode()
    client.force_login(user_with_role(Role.TEACHER, home.school))
    assert label not in client.get(reverse("core:home")).content.decode()


def test_create_page_saves_a_school_and_shows_it(pilot_client, home):
    uai = valid_uai(4410001)
    response = pilot_client.post(
        reverse("geo:establishment_create"),
        {
            "uai": uai,
            "name": "École des Mouettes",
            "kind": "ecole_maternelle",
            "sector": "public",
            "priority_education": "",
            "commune_code": "44109",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:establishment_detail", args=[uai])
    assert Establishment.objects.get(uai=uai).commune == home.commune


def test_create_page_with_unknown_commune_keeps_the_input_and_explains(pilot_client, home):
    response = pilot_client.post(
        reverse("geo:establishment_create"),
        {
            "uai": "0441234D",
            "name": "École des Mouettes",
            "kind": "ecole_maternelle",
            "sector": "public",
            "priority_education": "",
            "commune_code": "99999",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aucune commune n&#x27;a le code INSEE 99999." in page
    assert "La lettre de contrôle de l&#x27;UAI « 0441234D » est fausse" in page
    assert 'value="École des Mouettes"' in page
    assert not Establishment.objects.filter(uai="0441234D").exists()


def test_create_page_outside_the_perimeter_shows_the_refusal_on_the_commune(pilot_client, home, away):
    response = pilot_client.post(
        reverse("geo:establishment_create"),
        {
            "uai": valid_uai(4410001),
            "name": "École",
            "kind": "ecole_maternelle",
            "sector": "public",
            "priority_education": "",
            "commune_code": away.commune.insee_code,
        },
    )
    assert "n&#x27;est pas dans votre périmètre" in response.content.decode()
    assert not Establishment.objects.filter(uai=valid_uai(4410001)).exists()


def edit_data(school, **overrides):
    return {
        "name": school.name,
        "kind": school.kind,
        "sector": school.sector,
        "priority_education": school.priority_education,
        "commune_code": school.commune.insee_code,
        "version": school.version,
        **overrides,
    }


def test_edit_page_answers_in_perimeter_other_perimeter_wrong_role_and_anonymous(client, home, away):
    url = reverse("geo:establishment_edit", args=[home.school.uai])
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(user_with_role(Role.TEACHER, home.school))
    assert client.get(url).status_code == 403
    head = user_with_role(Role.SCHOOL_HEAD, home.school)
    client.force_login(head)
    assert client.get(url).status_code == 200
    assert client.get(reverse("geo:establishment_edit", args=[away.school.uai])).status_code == 404


def test_detail_page_links_to_edit_for_those_who_may_edit(client, home):
    edit_url = reverse("geo:establishment_edit", args=[home.school.uai])
    client.force_login(user_with_role(Role.SCHOOL_HEAD, home.school))
    assert edit_url in client.get(reverse("geo:establishment_detail", args=[home.school.uai])).content.decode()
    client.force_login(user_with_role(Role.TEACHER, home.school))
    assert edit_url not in client.get(reverse("geo:establishment_detail", args=[home.school.uai])).content.decode()


def test_concurrent_edit_is_detected_keeps_what_was_typed_and_a_second_save_replaces(pilot_client, client, home):
    url = reverse("geo:establishment_edit", args=[home.school.uai])
    opened = pilot_client.get(url).context["form"].initial["version"]
    colleague = user_with_role(Role.SCHOOL_HEAD, home.school)
    client.force_login(colleague)
    assert client.post(url, edit_data(home.school, name="Nom du collègue")).status_code == 302

    response = pilot_client.post(url, edit_data(home.school, name="Mon nom", version=opened))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré cet établissement" in page
    assert 'value="Mon nom"' in page
    assert "Nom du collègue" in page  # what is stored now, shown beside the form
    home.school.refresh_from_db()
    assert home.school.name == "Nom du collègue"

    again = response.context["form"].data
    assert pilot_client.post(url, again).status_code == 302
    home.school.refresh_from_db()
    assert (home.school.name, home.school.version) == ("Mon nom", 3)


def upload(client, content: str):
    file = SimpleUploadedFile("etablissements.csv", content.encode(), content_type="text/csv")
    return client.post(reverse("geo:establishment_import"), {"file": file})


def test_import_page_with_bad_rows_shows_each_error_and_writes_nothing(pilot_client, home):
    content = ";".join(IMPORT_COLUMNS) + "\n0441234D;École;ecole_primaire;public;;44109\n"
    content += f"{valid_uai(4410002)};École;ecole_primaire;public;;99999\n"
    response = upload(pilot_client, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rien n’a été importé" in page
    assert "<td>2</td><td>uai</td>" in page
    assert "<td>3</td><td>code_commune</td>" in page
    assert "Aucune commune n&#x27;a le code INSEE 99999." in page
    assert not Establishment.objects.filter(uai=valid_uai(4410002)).exists()


def test_import_page_success_reports_counts(pilot_client, home):
    content = ";".join(IMPORT_COLUMNS) + f"\n{valid_uai(4410001)};École;ecole_primaire;public;;44109\n"
    response = upload(pilot_client, content)
    assert response.status_code == 302
    followed = pilot_client.get(response["Location"])
    assert "Import réussi : 1 établissement(s) créé(s), 0 mis à jour, 0 inchangé(s)." in followed.content.decode()


def test_downloaded_template_imports_as_it_is(pilot_client, home):
    template = pilot_client.get(reverse("geo:establishment_import_template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    content = template.content.decode("utf-8")
    assert content.startswith("\ufeff" + ";".join(IMPORT_COLUMNS))
    file = SimpleUploadedFile("modele.csv", template.content, content_type="text/csv")
    response = pilot_client.post(reverse("geo:establishment_import"), {"file": file})
    assert response.status_code == 302
    assert Establishment.objects.filter(commune=home.commune).count() == 2
