from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.models import Invitation, User
from semis.accounts.tests.factories import UserFactory, sign_in, user_with_role
from semis.core.middleware import AuditActorMiddleware
from semis.core.models import AuditAction, AuditEvent
from semis.geo.models import Establishment
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory, valid_uai
from semis.territories.models import Territory

AUDIT = reverse("core:audit")


def as_request_of(user, work):
    """Runs `work` inside a POST request signed in as `user`, through the audit middleware."""
    request = RequestFactory().post("/")
    request.user = user
    return AuditActorMiddleware(lambda request: work())(request)


def events_of(obj):
    return list(AuditEvent.objects.for_object(obj).order_by("pk"))


def test_create_update_delete_are_recorded_with_the_actor_and_the_changes():
    actor = UserFactory()
    commune = CommuneFactory()

    school = as_request_of(
        actor, lambda: Establishment.objects.create(uai=valid_uai(4401234), name="École Jules-Verne", commune=commune)
    )

    def rename():
        loaded = Establishment.objects.get(pk=school.pk)
        loaded.name = "École Jules-Verne (Nantes)"
        loaded.save()

    as_request_of(actor, rename)
    as_request_of(actor, lambda: Establishment.objects.get(pk=school.pk).delete())

    created, updated, deleted = events_of(school)
    assert [e.action for e in (created, updated, deleted)] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    assert {e.actor for e in (created, updated, deleted)} == {actor}
    assert created.changes["name"] == "École Jules-Verne"
    assert created.changes["commune_id"] == commune.pk
    assert updated.changes == {"name": ["École Jules-Verne", "École Jules-Verne (Nantes)"]}
    assert deleted.changes["name"] == "École Jules-Verne (Nantes)"
    assert created.object_repr == f"École Jules-Verne ({school.uai})"


def test_an_update_that_changes_nothing_records_nothing():
    school = EstablishmentFactory()
    loaded = Establishment.objects.get(pk=school.pk)
    loaded.save()
    school.save()
    assert [e.action for e in events_of(school)] == [AuditAction.CREATE]


def test_writes_outside_a_request_have_no_actor():
    school = EstablishmentFactory()
    assert events_of(school)[0].actor is None


def test_a_signed_in_users_write_through_a_real_request_names_them(client):
    school = EstablishmentFactory()
    pilot = user_with_role(Role.ACADEMIE_PILOT, school.commune.departement.academie)
    sign_in(client, pilot)
    client.post(
        reverse("accounts:invitations"),
        {"email": "a@exemple.fr", "role": Role.TEACHER, "perimeter_kind": "establishment", "establishment": school.uai},
    )
    event = AuditEvent.objects.for_object(Invitation.objects.get()).get()
    assert (event.actor, event.action) == (pilot, AuditAction.CREATE)


def test_changes_to_a_territorys_communes_are_recorded_as_an_update():
    first, second = CommuneFactory(), CommuneFactory()
    territory = Territory.objects.create(name="Vallée", kind="bassin_de_vie", region=first.departement.region)
    territory.communes.add(first)
    territory.communes.add(second)
    territory.communes.remove(first)
    territory.communes.add(second)  # already there: nothing changes

    updates = [e.changes for e in events_of(territory) if e.action == AuditAction.UPDATE]
    assert updates == [
        {"communes": [[], [first.pk]]},
        {"communes": [[first.pk], sorted([first.pk, second.pk])]},
        {"communes": [sorted([first.pk, second.pk]), [second.pk]]},
    ]


# Pages


@pytest.fixture
def admin_client(client):
    return sign_in(client, user_with_role(Role.NATIONAL_ADMIN))


def shown(response):
    return [(e.action, e.object_repr) for e in response.context["page_obj"]]


@pytest.fixture
def history():
    """A school created by Alice on 1 March, renamed by Bob on 10 March; a territory deleted by Bob on 20 March."""
    alice = UserFactory(email="alice@exemple.fr")
    bob = UserFactory(email="bob@exemple.fr")
    commune = CommuneFactory()
    school = as_request_of(alice, lambda: EstablishmentFactory(name="École A", commune=commune))

    def rename():
        loaded = Establishment.objects.get(pk=school.pk)
        loaded.name = "École B"
        loaded.save()

    as_request_of(bob, rename)
    territory = Territory.objects.create(name="Quartier", kind="quartier", region=commune.departement.region)
    as_request_of(bob, territory.delete)
    tz = timezone.get_current_timezone()
    for action, day in [(AuditAction.CREATE, 1), (AuditAction.UPDATE, 10), (AuditAction.DELETE, 20)]:
        AuditEvent.objects.filter(action=action, actor__isnull=False).update(at=datetime(2025, 3, day, 12, tzinfo=tz))
    return school, territory


def test_audit_list_filters_by_action_type_actor_and_dates(admin_client, history):
    school, _territory = history
    establishment_type = ContentType.objects.get_for_model(Establishment).pk

    assert shown(admin_client.get(AUDIT, {"action": "delete"})) == [(AuditAction.DELETE, "Quartier")]
    assert shown(admin_client.get(AUDIT, {"type": establishment_type})) == [
        (AuditAction.UPDATE, f"École B ({school.uai})"),
        (AuditAction.CREATE, f"École A ({school.uai})"),
    ]
    assert shown(admin_client.get(AUDIT, {"actor": "ALICE"})) == [(AuditAction.CREATE, f"École A ({school.uai})")]
    assert shown(admin_client.get(AUDIT, {"actor": "bob", "since": "2025-03-05", "until": "2025-03-15"})) == [
        (AuditAction.UPDATE, f"École B ({school.uai})")
    ]
    assert shown(admin_client.get(AUDIT, {"since": "2025-03-15", "until": "2025-03-31"})) == [
        (AuditAction.DELETE, "Quartier")
    ]
    assert [a for a, _r in shown(admin_client.get(AUDIT, {"until": "2025-03-15"}))] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]


def test_audit_list_shows_types_by_their_french_name(admin_client, history):
    page = admin_client.get(AUDIT).content.decode()
    assert ">établissement</option>" in page
    assert "&lt;class" not in page


def test_object_history_lists_the_events_of_that_object_only(admin_client, history):
    school, _territory = history
    url = reverse("core:audit_object", args=[ContentType.objects.get_for_model(Establishment).pk, school.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert [e.action for e in response.context["page_obj"]] == [AuditAction.UPDATE, AuditAction.CREATE]
    assert "Quartier" not in response.content.decode()


def test_object_history_of_an_unaudited_type_or_unknown_object_is_a_404(admin_client, history):
    user_type = ContentType.objects.get_for_model(User).pk
    establishment_type = ContentType.objects.get_for_model(Establishment).pk
    assert admin_client.get(reverse("core:audit_object", args=[user_type, 1])).status_code == 404
    assert admin_client.get(reverse("core:audit_object", args=[establishment_type, 987654])).status_code == 404


@pytest.mark.parametrize("role", [r for r in Role if r != Role.NATIONAL_ADMIN], ids=str)
def test_only_national_admins_open_the_audit_pages(client, history, role):
    school, _territory = history
    sign_in(client, user_with_role(role, school))
    assert client.get(AUDIT).status_code == 403
    url = reverse("core:audit_object", args=[ContentType.objects.get_for_model(Establishment).pk, school.pk])
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(AUDIT)["Location"].startswith(reverse("accounts:login"))


def test_audit_list_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries):
    actor = UserFactory()
    as_request_of(actor, EstablishmentFactory)
    admin_client.get(AUDIT)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(AUDIT)
    for _ in range(15):
        as_request_of(UserFactory(), EstablishmentFactory)
    with django_assert_num_queries(len(few)):
        response = admin_client.get(AUDIT)
    assert len(response.context["page_obj"]) == AuditEvent.objects.count() > 15


def test_dates_filter_ignores_malformed_dates(admin_client, history):
    response = admin_client.get(AUDIT, {"since": "hier", "until": "2025-13-45"})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == AuditEvent.objects.count()


def test_old_events_stay_in_order_newest_first(admin_client, history):
    events = list(admin_client.get(AUDIT).context["page_obj"])
    assert events == sorted(events, key=lambda e: (e.at, e.pk), reverse=True)
    assert events[0].at > timezone.now() - timedelta(minutes=5)
