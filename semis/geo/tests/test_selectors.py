import pytest

from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.models import Establishment
from semis.geo.selectors import establishments_filtered
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


def filtered(**filters):
    return set(establishments_filtered(Establishment.objects.all(), **filters))


def test_each_filter_of_the_establishment_list_narrows_it_in_one_query(django_assert_num_queries):
    nantes = CommuneFactory(name="Nantes", departement=DepartementFactory(code="44"))
    college = EstablishmentFactory(
        name="Collège Jules Verne",
        kind=EstablishmentKind.COLLEGE,
        sector=Sector.PRIVATE,
        priority_education=PriorityEducation.REP,
        commune=nantes,
    )
    school = EstablishmentFactory(name="École des Plantes")
    everyone = {college, school}

    assert filtered() == everyone
    assert filtered(q="jules") == filtered(q="nantes") == filtered(q=college.uai.lower()) == {college}
    assert filtered(kind=EstablishmentKind.COLLEGE) == {college}
    assert filtered(sector=Sector.PRIVATE) == {college}
    assert filtered(priority=PriorityEducation.REP) == {college}
    assert filtered(academie=nantes.departement.academie.code) == {college}
    assert filtered(departement="44") == {college}
    # A value outside its choices, or empty, filters nothing: the page ignores it, the API refused it before.
    assert filtered(kind="chateau", sector="", priority="", academie="", q="") == everyone
    with django_assert_num_queries(1):
        assert filtered(q="verne", kind=EstablishmentKind.COLLEGE, departement="44") == {college}
