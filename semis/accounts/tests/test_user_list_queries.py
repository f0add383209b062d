from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import DepartementFactory, EstablishmentFactory


def test_user_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    departement = DepartementFactory()
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, departement.region)
    sign_in(client, coordinator)
    url = reverse("accounts:users")
    user_with_role(Role.ACADEMIE_PILOT, departement.academie)
    client.get(url)  # warms per-process caches, as on a running server
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # People with perimeters of every kind, each assignment's perimeter shown in the list.
    for _ in range(8):
        school = EstablishmentFactory(commune__departement=departement)
        user_with_role(Role.TEACHER, school)
        user_with_role(Role.SCHOOL_HEAD, school).role_assignments.create(
            role=Role.TRAINER, perimeter_kind="departement", departement=departement
        )
        user_with_role(Role.PARTNER, departement.region)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 2 + 8 * 3
