from dataclasses import dataclass

import pytest

from semis.geo.models import Commune, Establishment
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.territories.models import Territory


@dataclass
class Side:
    """One académie with a commune, a school and a territory over the commune."""

    commune: Commune
    school: Establishment
    territory: Territory

    @property
    def departement(self):
        return self.commune.departement

    @property
    def academie(self):
        return self.commune.departement.academie

    @property
    def region(self):
        return self.commune.departement.region


def make_side(departement_code: str, insee_code: str) -> Side:
    commune = CommuneFactory(insee_code=insee_code, departement=DepartementFactory(code=departement_code))
    school = EstablishmentFactory(commune=commune)
    territory = Territory.objects.create(
        name=f"Territoire {insee_code}", kind="commune", region=commune.departement.region
    )
    territory.communes.set([commune])
    return Side(commune=commune, school=school, territory=territory)


@pytest.fixture
def home():
    """The perimeter the tested users work in (a Loire-Atlantique-like académie)."""
    return make_side("44", "44109")


@pytest.fixture
def away():
    """Another région and académie, outside the tested users' perimeters."""
    return make_side("69", "69123")
