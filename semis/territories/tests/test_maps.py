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


def test_action_legend_reads_in_french_with_plurals():
    legend = [text for _fill, text in maps.choropleth_legend(maps.choropleth_classes(13))]
    assert legend == ["aucune action", "1 à 4 actions", "5 à 8 actions", "9 à 12 actions", "13 actions"]
    assert [text for _fill, text in maps.choropleth_legend(maps.choropleth_classes(2))][1:] == ["1 action", "2 actions"]


def test_borders_are_dashed_over_a_white_casing_and_their_legend_is_a_dashed_line():
    border = shapely.LineString([(4.1, 45.0), (4.1, 45.1)])
    svg = maps.render(drawing(borders=[border], legend=[(maps.BORDER, "limite de département")]))
    assert '<defs><path id="carte-test-limites" d="M' in svg
    assert 'stroke="#fff"' in svg and 'stroke-dasharray="70 30"' in svg  # in tenths of a pixel
    assert re.search(r'<path d="M\S+ \S+h20" stroke="#4d4d4d" stroke-width="1.4" stroke-dasharray="7 3"', svg)
    assert ">limite de département</text>" in svg


def test_markers_on_the_same_spot_are_moved_apart_with_a_leader_line():
    markers = [maps.Label(4.1, 45.05, str(n), kind="marker", colour="#0072B2") for n in (1, 2)]
    svg = maps.render(drawing(labels=markers))
    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="10"', svg)
    assert len(centres) == 2 and centres[0] != centres[1]
    assert svg.count('r="2.5"') == 1  # the moved one points at its spot


def test_a_wide_area_name_moves_off_the_areas_when_it_can():
    one, two = squares()
    outside = maps.Area(shapely.box(4.0, 45.2, 4.2, 45.25), "#cccccc", "Au nord")
    label = maps.Label(4.1, 45.099, "Loire", kind="region")  # just inside the squares' top edge
    areas = [maps.Area(one, "#08519c", "A"), maps.Area(two, None, "B"), outside]
    svg = maps.render(drawing(areas=areas, labels=[label]))
    y = float(re.search(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>Loire<', svg).group(1))
    projection = maps.Projection((4.0, 45.0, 4.2, 45.25))
    top_of_squares = projection.point(4.0, 45.1)[1]
    assert y + 4 <= top_of_squares  # moved up, off the two squares


def test_a_small_territory_is_framed_with_some_kilometres_around_it():
    commune = shapely.box(4.25, 45.45, 4.28, 45.47)  # about 2.3 × 2.2 km
    min_lon, min_lat, max_lon, max_lat = maps.framed_bounds([commune], maps.MIN_SPAN_KM)
    assert (max_lat - min_lat) * maps.KM_PER_DEGREE >= maps.MIN_SPAN_KM - 1e-9
    assert min_lon < 4.25 and max_lon > 4.28 and math.isclose((min_lat + max_lat) / 2, 45.46)
    large = shapely.box(4.0, 45.0, 5.0, 46.0)
    assert maps.framed_bounds([large], maps.MIN_SPAN_KM) == (4.0, 45.0, 5.0, 46.0)
