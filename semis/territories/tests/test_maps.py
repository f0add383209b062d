import math
import re

import shapely

from semis.territories import maps


def squares():
    return [shapely.box(4.0, 45.0, 4.1, 45.1), shapely.box(4.1, 45.0, 4.2, 45.1)]


def drawing(**kwargs):
    one, two = squares()
    defaults = {
        "areas": [maps.Area(one, "#08519c", "Alpha : 3 actions"), maps.Area(two, None, "Bêta : 0 action")],
        "title": "Carte du territoire Test",
        "description": "Deux communes.",
        "legend": [(None, "aucune action"), ("#08519c", "3 actions")],
        "css_id": "carte-test",
    }
    return maps.MapDrawing(**{**defaults, **kwargs})


def test_map_has_a_title_a_description_a_titled_area_per_commune_and_a_legend():
    svg = maps.render(drawing())
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="carte-test-titre carte-test-description"' in svg
    assert '<title id="carte-test-titre">Carte du territoire Test</title>' in svg
    assert '<desc id="carte-test-description">Deux communes.</desc>' in svg
    assert "<title>Alpha : 3 actions</title>" in svg and "<title>Bêta : 0 action</title>" in svg
    # "None" is hatched, in the map and in its legend.
    assert 'fill="url(#carte-test-hachures)"' in svg and 'fill="url(#carte-test-hachures-legende)"' in svg
    assert ">aucune action</text>" in svg and "km</text>" in svg


def test_longitudes_are_scaled_by_the_cosine_of_the_middle_latitude():
    projection = maps.Projection((4.0, 45.0, 5.0, 46.0))
    (left, top), (right, bottom) = projection.points(shapely.get_coordinates(shapely.points([[4, 46], [5, 45]])))
    assert math.isclose((right - left) / (bottom - top), math.cos(math.radians(45.5)), rel_tol=1e-6)


def test_text_is_escaped_and_a_map_without_geometry_is_empty():
    svg = maps.render(drawing(title="<script>alert(1)</script>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert maps.render(drawing(areas=[maps.Area(None, "#fff", "sans contour")])) == ""


def test_place_names_that_would_overlap_give_way_to_the_first():
    labels = [maps.Label(4.05, 45.05, "Grande-Commune"), maps.Label(4.051, 45.05, "Petite")]
    svg = maps.render(drawing(labels=labels))
    assert "Grande-Commune" in svg and ">Petite<" not in svg


def test_choropleth_classes_keep_zero_apart_and_cover_the_maximum():
    assert maps.choropleth_classes(0) == [(0, 0)]
    assert maps.choropleth_classes(3) == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert maps.choropleth_classes(13) == [(0, 0), (1, 4), (5, 8), (9, 12), (13, 13)]
    classes = maps.choropleth_classes(13)
    assert maps.class_fill(0, classes) is None
    assert maps.class_fill(13, classes) == maps.CHOROPLETH[-1]
    assert len({maps.class_fill(n, classes) for n in range(1, 14)}) == 4


def test_paths_are_drawn_in_the_svg_frame_in_tenths_of_a_pixel():
    svg = maps.render(drawing())
    width, height = (float(v) for v in re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    assert '<g transform="scale(0.1)"' in svg
    numbers = [int(n) for path in re.findall(r'<path d="(M[^"]+)"', svg) for n in re.findall(r"-?\d+", path)]
    assert numbers and min(numbers) >= 0 and max(numbers) <= 10 * max(width, height)


def test_visible_bounds_hold_the_areas_and_their_margin():
    projection = maps.Projection((4.0, 45.0, 4.2, 45.1), margin=maps.CONTEXT_MARGIN)
    min_lon, min_lat, max_lon, max_lat = projection.visible_bounds
    assert min_lon < 4.0 - 0.2 * maps.CONTEXT_MARGIN and max_lon > 4.2 + 0.2 * maps.CONTEXT_MARGIN
    assert min_lat < 45.0 and max_lat > 45.1
    corners = projection.points(shapely.get_coordinates(shapely.points([[min_lon, max_lat], [max_lon, min_lat]])))
    assert abs(corners[0][0]) < 1e-6 and abs(corners[0][1]) < 1e-6
    assert abs(corners[1][0] - projection.width) < 1e-6 and abs(corners[1][1] - projection.height) < 1e-6
