from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo.models import Establishment
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.territories.models import Territory


def two_academies():
    nantes = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="44")))
    lyon = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="69")))
    return nantes, lyon


def visible(user):
    return set(Establishment.objects.visible_to(user))


def test_academie_pilot_sees_only_schools_of_their_academie():
    nantes, _lyon = two_academies()
    pilot = user_with_role(Role.ACADEMIE_PILOT, nantes.commune.departement.academie)
    assert visible(pilot) == {nantes}


def test_regional_coordinator_sees_schools_of_every_academie_of_the_region():
    _nantes, lyon = two_academies()
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, lyon.commune.departement.region)
    assert visible(coordinator) == {lyon}


def test_national_role_sees_everything_and_nobody_without_a_role_sees_nothing():
    nantes, lyon = two_academies()
    assert visible(user_with_role(Role.NATIONAL_ADMIN)) == {nantes, lyon}
    assert visible(UserFactory()) == set()


def test_school_perimeter_and_territory_perimeter():
    nantes, lyon = two_academies()
    territory = Territory.objects.create(name="Quartier", kind="quartier", region=lyon.commune.departement.region)
    territory.communes.set([lyon.commune])
    assert visible(user_with_role(Role.TEACHER, nantes)) == {nantes}
    assert visible(user_with_role(Role.TERRITORIAL_LEAD, territory)) == {lyon}


def test_holder_of_two_assignments_sees_the_union_without_duplicates():
    nantes, lyon = two_academies()
    user = user_with_role(Role.TEACHER, nantes)
    user.role_assignments.create(role=Role.TEACHER, perimeter_kind="establishment", establishment=lyon)
    territory = Territory.objects.create(name="T", kind="commune", region=lyon.commune.departement.region)
    territory.communes.set([lyon.commune])
    user.role_assignments.create(role=Role.TERRITORIAL_LEAD, perimeter_kind="territory", territory=territory)
    user = type(user).objects.get(pk=user.pk)
    assert sorted(e.pk for e in Establishment.objects.visible_to(user)) == sorted([nantes.pk, lyon.pk])


def test_object_outside_perimeter_is_a_404(client):
    nantes, lyon = two_academies()
    client.force_login(user_with_role(Role.TEACHER, nantes))
    assert client.get(f"/geo/etablissements/{nantes.uai}/").status_code == 200
    assert client.get(f"/geo/etablissements/{lyon.uai}/").status_code == 404
