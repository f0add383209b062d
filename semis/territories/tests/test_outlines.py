import shapely

from semis.geo.importers import import_geography
from semis.geo.models import Commune, Departement
from semis.geo.tests.factories import CommuneFactory, DepartementFactory
from semis.territories import outlines


def commune(departement, *box):
    return CommuneFactory(departement=departement, geometry=shapely.to_wkb(shapely.box(*box)))


def test_a_departement_outline_closes_the_cracks_between_its_communes():
    ain = DepartementFactory(name="Ain")
    commune(ain, 5.0, 46.0, 5.1, 46.1)
    commune(ain, 5.1005, 46.0, 5.2, 46.1)  # a 40 m crack left by simplification
    (outline,) = outlines.shapes().departement_outlines([ain.pk])
    assert outline.name == "Ain"
    assert shapely.get_num_geometries(outline.outline) == 1
    assert shapely.get_num_interior_rings(shapely.get_parts(outline.outline)[0]) == 0
    assert outline.outline.contains(outline.label_at)


def test_borders_are_the_lines_two_departements_share_drawn_once():
    ain, rhone = DepartementFactory(name="Ain"), DepartementFactory(name="Rhône")
    commune(ain, 5.0, 46.0, 5.2, 46.2)
    commune(rhone, 4.8, 46.0, 5.0, 46.2)
    empty = DepartementFactory(name="Sans contours")
    found = outlines.shapes().departement_outlines([ain.pk, rhone.pk, empty.pk])
    assert [d.name for d in found] == ["Ain", "Rhône"]
    (border,) = outlines.shapes().departement_borders(found)
    assert border.length < 0.25  # the shared edge (0.2°), not the outer edges
    assert border.hausdorff_distance(shapely.LineString([(5.0, 46.0), (5.0, 46.2)])) < 0.01


def test_a_reimport_that_only_redraws_outlines_refreshes_the_cached_ones():
    """The real importer (about a minute for two runs): an outline-only change adds no commune row."""
    import_geography()
    belfort = Departement.objects.get(code="90")
    # An earlier import had drawn the département's communes as one small square, and a map cached it.
    Commune.objects.filter(departement=belfort).update(geometry=shapely.to_wkb(shapely.box(6.8, 47.6, 6.9, 47.7)))
    outlines.forget()
    (before,) = outlines.shapes().departement_outlines([belfort.pk])
    assert before.outline.area < 0.011

    report = import_geography()
    assert report.counts["Communes"]["created"] == 0 and report.counts["Communes"]["updated"] > 0

    (after,) = outlines.shapes().departement_outlines([belfort.pk])
    assert after.outline.area > 0.05  # Territoire de Belfort spans about 0.08 square degrees
    assert not after.outline.equals(before.outline)
