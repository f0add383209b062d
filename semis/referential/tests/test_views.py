from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory


def teacher_client(client):
    client.force_login(user_with_role(Role.TEACHER, EstablishmentFactory()))
    return client


def test_tree_lists_every_skill_of_the_current_version_in_constant_queries(
    client, referential, django_assert_max_num_queries
):
    teacher_client(client)
    with django_assert_max_num_queries(15):
        response = client.get("/referentiel/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Avoir conscience de soi" in content
    assert "/referentiel/spf-2022/S3.3/" in content
    assert content.count("/referentiel/spf-2022/") >= 21


def test_tree_without_loaded_referential_says_how_to_load_it(client):
    teacher_client(client)
    response = client.get("/referentiel/")
    assert response.status_code == 200
    assert "load_referential" in response.content.decode()


def test_skill_page_shows_its_definition_and_who_life_skills(client, referential):
    teacher_client(client)
    response = client.get("/referentiel/spf-2022/E2.2/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gérer ses émotions" in content
    assert "retrouver un état de calme" in content
    assert "Savoir gérer ses émotions" in content


def test_unknown_skill_or_version_is_a_404(client, referential):
    teacher_client(client)
    assert client.get("/referentiel/spf-2022/Z9.9/").status_code == 404
    assert client.get("/referentiel/inconnu/").status_code == 404


def test_life_skills_page_maps_each_who_skill(client, referential):
    teacher_client(client)
    response = client.get("/referentiel/oms-1993/")
    content = response.content.decode()
    assert "Avoir une pensée critique" in content
    assert "C1.2" in content


def test_anonymous_visitor_is_sent_to_login(client, referential):
    response = client.get("/referentiel/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]
