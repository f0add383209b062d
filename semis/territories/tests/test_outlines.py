import shapely

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
