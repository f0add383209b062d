from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory

USERS = reverse("accounts:users")


def listed(client, **params):
    return {user.email for user in client.get(USERS, params).context["page_obj"]}


def test_academie_pilot_sees_the_users_whose_roles_lie_in_the_academie_and_no_one_else(client):
    nantes = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="44")))
    lyon = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="69")))
    academie = nantes.commune.departement.academie
    pilot = user_with_role(Role.ACADEMIE_PILOT, academie)
    teacher = user_with_role(Role.TEACHER, nantes)
    inside = {
        teacher.email,
        user_with_role(Role.TRAINER, nantes.commune.departement).email,
        user_with_role(Role.EVALUATOR, academie).email,
        pilot.email,
    }
    user_with_role(Role.TEACHER, lyon)
    user_with_role(Role.ACADEMIE_PILOT, lyon.commune.departement.academie)
    user_with_role(Role.NATIONAL_ADMIN)
    user_with_role(Role.REGIONAL_COORDINATOR, nantes.commune.departement.region)

    sign_in(client, pilot)

    assert listed(client) == inside
    assert listed(client, role=Role.TEACHER) == {teacher.email}


def test_national_admin_sees_everyone(client):
    school = EstablishmentFactory()
    admin = user_with_role(Role.NATIONAL_ADMIN)
    teacher = user_with_role(Role.TEACHER, school)
    sign_in(client, admin)
    assert listed(client) == {admin.email, teacher.email}


def test_search_by_name_or_email(client):
    school = EstablishmentFactory()
    head = user_with_role(Role.SCHOOL_HEAD, school)
    user_with_role(Role.TEACHER, school, last_name="Rousseau")
    user_with_role(Role.TEACHER, school, email="bernard@exemple.fr")
    sign_in(client, head)
    assert {u.last_name for u in client.get(USERS, {"q": "rouss"}).context["page_obj"]} == {"Rousseau"}
    assert listed(client, q="BERNARD") == {"bernard@exemple.fr"}


def test_teachers_may_not_open_the_users_list(client):
    sign_in(client, user_with_role(Role.TEACHER, EstablishmentFactory()))
    assert client.get(USERS).status_code == 403


def test_users_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    school = EstablishmentFactory()
    sign_in(client, user_with_role(Role.SCHOOL_HEAD, school))
    user_with_role(Role.TEACHER, school)
    client.get(USERS)  # the first request of a session stores what later ones reuse
    with CaptureQueriesContext(connection) as few:
        client.get(USERS)
    for _ in range(10):
        user = user_with_role(Role.TEACHER, school)
        user.role_assignments.create(role=Role.TRAINER, perimeter_kind="establishment", establishment=school)

    with django_assert_num_queries(len(few)):
        response = client.get(USERS)
    assert len(response.context["page_obj"]) == 12
