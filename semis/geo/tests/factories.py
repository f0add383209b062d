import factory

from semis.geo.enums import EstablishmentKind
from semis.geo.models import Academie, Commune, Departement, Epci, Establishment, Region, uai_check_letter


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{50 + n % 40}")
    name = factory.Sequence(lambda n: f"Région {n}")


class AcademieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academie
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"academie-{n}")
    name = factory.Sequence(lambda n: f"Académie {n}")
    region = factory.SubFactory(RegionFactory)


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{10 + n % 80}")
    name = factory.Sequence(lambda n: f"Département {n}")
    academie = factory.SubFactory(AcademieFactory)
    region = factory.SelfAttribute("academie.region")


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    name = factory.Sequence(lambda n: f"Communauté de communes {n}")
    kind = "CC"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    insee_code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    population = 1000
    departement = factory.SubFactory(DepartementFactory)


def valid_uai(number: int) -> str:
    digits = f"{number:07d}"
    return digits + uai_check_letter(digits)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    uai = factory.Sequence(lambda n: valid_uai(4400000 + n))
    name = factory.Sequence(lambda n: f"École {n}")
    kind = EstablishmentKind.ELEMENTAIRE
    commune = factory.SubFactory(CommuneFactory)
