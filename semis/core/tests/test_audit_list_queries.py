from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.core.audit import current_actor
from semis.core.models import AuditEvent
from semis.geo.tests.factories import EstablishmentFactory


def test_audit_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    sign_in(client, admin)
    EstablishmentFactory()
    client.get(reverse("core:audit"))  # warms the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:audit"))
    token = current_actor.set(admin)
    try:
        for school in EstablishmentFactory.create_batch(15):
            school.name = f"{school.name} (renommée)"
            school.save()
            user_with_role(Role.TEACHER, school)
    finally:
        current_actor.reset(token)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("core:audit"))
    assert len(response.context["page_obj"].object_list) == min(50, AuditEvent.objects.count())
    assert AuditEvent.objects.count() > 40
