"""SVG maps drawn offline from the simplified commune geometries (semis.geo.models.Commune.geometry).

Longitude and latitude are projected with an equirectangular projection whose x axis is scaled by
the cosine of the map's middle latitude: at the size of a territory or a région the distortion is
invisible, and no projection library is needed. Every map carries a <title> and a <desc>, each
area its own <title> (read on hover and by screen readers), and a legend drawn inside the SVG so
that a downloaded or printed map stays readable; the pages add a table with the same figures.
"""

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 720
MAX_HEIGHT = 720
MIN_WIDTH = 480
PADDING = 12
LEGEND_ROW = 22
SUBPIXEL = 10
# Room left around a territory for its surroundings, as a share of its larger side.
CONTEXT_MARGIN = 0.08
KM_PER_DEGREE = 111.32

# Colour-blind-safe sequential blues (ColorBrewer "Blues", 5 classes); "none" is a neutral grey.
CHOROPLETH = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
# No fill colour (None) means "none": hatched, so that it reads without colour vision too.
NONE_FILL = None
CONTEXT_FILL = "#f4f4f4"
BACKGROUND_FILL = "#e5e5e5"
# Département borders: dashed, darker than any commune edge. In a legend, this "colour" draws a line.
BORDER = "border"
BORDER_STROKE = 'stroke="#4d4d4d" stroke-width="{width:g}" stroke-dasharray="{dash:g} {gap:g}" fill="none"'


def _border_stroke(scale: float = 1) -> str:
    return BORDER_STROKE.format(width=1.4 * scale, dash=7 * scale, gap=3 * scale)


# A territory map shows at least this many kilometres across: a small commune is seen among its neighbours.
MIN_SPAN_KM = 14
HATCH = (
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45) scale({scale})">'
    '<rect width="6" height="6" fill="#fbfbfb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.6"/>'
    "</pattern>"
)


@dataclass(frozen=True)
class Area:
    """One shape on the map: a commune, filled with one colour."""

    geometry: shapely.Geometry
    fill: str | None
    title: str


@dataclass(frozen=True)
class Label:
    lon: float
    lat: float
    text: str
    # "place" (a commune's name), "region" (a wide area), "neighbour" (a commune around the map's
    # subject, drawn quieter), "marker" (a numbered disc)
    kind: str = "place"
    colour: str | None = None  # a marker's ring


@dataclass
class MapDrawing:
    areas: list[Area]
    title: str
    description: str
    legend: list[tuple[str | None, str]]
    # Drawn first, in grey, without titles: surroundings that situate the map.
    context: list[shapely.Geometry] = field(default_factory=list)
    background: list[shapely.Geometry] = field(default_factory=list)
    background_fill: str = BACKGROUND_FILL
    # Lines drawn over everything but the labels: département borders.
    borders: list[shapely.Geometry] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    css_id: str = "carte"
    # What the map frames (min lon, min lat, max lon, max lat); by default its areas and background.
    bounds: tuple[float, float, float, float] | None = None


def from_wkb(values) -> np.ndarray:
    return shapely.from_wkb([bytes(v) if v is not None else None for v in values])


def choropleth_classes(maximum: int) -> list[tuple[int, int]]:
    """Count classes (low, high) for a choropleth: 0 apart, then at most 4 classes of equal width."""
    if maximum <= 0:
        return [(0, 0)]
    if maximum <= 4:
        return [(0, 0)] + [(n, n) for n in range(1, maximum + 1)]
    step = math.ceil(maximum / 4)
    return [(0, 0)] + [(low, min(low + step - 1, maximum)) for low in range(1, maximum + 1, step)]


def class_fill(value: int, classes: list[tuple[int, int]]) -> str | None:
    if value <= 0:
        return NONE_FILL
    for index, (low, high) in enumerate(classes[1:]):
        if low <= value <= high:
            return CHOROPLETH[index + (len(CHOROPLETH) - len(classes) + 1)]
    return CHOROPLETH[-1]


def choropleth_legend(classes: list[tuple[int, int]]) -> list[tuple[str | None, str]]:
    """The legend of a count of actions: "aucune action", "1 action", "2 à 4 actions"…"""
    legend = [(NONE_FILL, _("aucune action"))]
    for low, high in classes[1:]:
        if low == high:
            text = ngettext("%(count)s action", "%(count)s actions", low) % {"count": low}
        else:
            text = _("%(low)s à %(high)s actions") % {"low": low, "high": high}
        legend.append((class_fill(low, classes), text))
    return legend


def framed_bounds(geometries, min_span_km: float = 0) -> tuple[float, float, float, float]:
    """The bounds of these geometries, widened about their middle to at least `min_span_km` each way."""
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in shapely.total_bounds(geometries))
    half_lat = min_span_km / KM_PER_DEGREE / 2
    half_lon = half_lat / math.cos(math.radians((min_lat + max_lat) / 2))
    mid_lon, mid_lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return (
        min(min_lon, mid_lon - half_lon),
        min(min_lat, mid_lat - half_lat),
        max(max_lon, mid_lon + half_lon),
        max(max_lat, mid_lat + half_lat),
    )


class Projection:
    """Equirectangular, x scaled by cos(middle latitude), fitted into WIDTH × at most MAX_HEIGHT.

    A tall area narrows the map (down to MIN_WIDTH, room for the legend) rather than leave empty sides.
    """

    def __init__(self, bounds: tuple[float, float, float, float], width: int = WIDTH, margin: float = 0.0):
        min_lon, min_lat, max_lon, max_lat = bounds
        # A margin (a share of the larger side) leaves room around the areas for their surroundings.
        extra = max(max_lon - min_lon, max_lat - min_lat) * margin
        min_lon, min_lat, max_lon, max_lat = min_lon - extra, min_lat - extra, max_lon + extra, max_lat + extra
        self.min_lon, self.max_lat = min_lon, max_lat
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = max((max_lon - min_lon) * self.kx, 1e-6)
        span_y = max(max_lat - min_lat, 1e-6)
        inner = width - 2 * PADDING
        self.scale = min(inner / span_x, (MAX_HEIGHT - 2 * PADDING) / span_y)
        self.width = width = max(MIN_WIDTH, min(width, math.ceil(span_x * self.scale + 2 * PADDING)))
        self.offset_x = (width - span_x * self.scale) / 2
        self.height = math.ceil(span_y * self.scale + 2 * PADDING)

    def points(self, coords: np.ndarray) -> np.ndarray:
        x = (coords[:, 0] - self.min_lon) * self.kx * self.scale + self.offset_x
        y = (self.max_lat - coords[:, 1]) * self.scale + PADDING
        return np.column_stack([x, y])

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.points(np.array([[lon, lat]]))[0]
        return round(float(x), 1), round(float(y), 1)

    @property
    def visible_bounds(self) -> tuple[float, float, float, float]:
        """Longitudes and latitudes the map shows, padding included (min lon, min lat, max lon, max lat)."""
        per_x, per_y = self.kx * self.scale, self.scale
        return (
            self.min_lon - self.offset_x / per_x,
            self.max_lat - (self.height - PADDING) / per_y,
            self.min_lon + (self.width - self.offset_x) / per_x,
            self.max_lat + PADDING / per_y,
        )

    @property
    def km_per_pixel(self) -> float:
        return KM_PER_DEGREE / self.scale


def _paths(geometries, projection: Projection, tolerance: float = 0.5, exact: bool = True) -> list[str]:
    """SVG path data for each geometry, simplified to `tolerance` pixels once projected.

    `exact=False` skips the topology checks of the simplification (four times faster): for backdrops,
    where a sliver turned into a line or dropped does not matter.

    Coordinates are written as integers in tenths of a pixel (the paths sit in a group scaled by
    1/SUBPIXEL): as precise as one decimal, and formatting integers is several times faster.
    """
    projected = shapely.transform(np.asarray(geometries, dtype=object), projection.points)
    projected = shapely.simplify(projected, tolerance, preserve_topology=exact)
    parts, part_owner = shapely.get_parts(projected, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    values = np.rint(coords * SUBPIXEL).astype(np.int64)
    ends = np.cumsum(np.bincount(coord_ring, minlength=len(rings)))
    paths = [[] for _ in range(len(projected))]
    start = 0
    for ring, end in enumerate(ends.tolist()):
        if end - start > 3:  # a ring repeats its first point last: at least 3 distinct points
            points = values[start : end - 1].ravel().tolist()
            paths[part_owner[ring_part[ring]]].append("M" + " ".join(map(str, points)) + "Z")
        start = end
    return ["".join(rings_of) for rings_of in paths]


def _line_paths(geometries, projection: Projection, tolerance: float = 0.5) -> str:
    """SVG path data of lines (département borders), in tenths of a pixel like the areas."""
    projected = shapely.transform(np.asarray(geometries, dtype=object), projection.points)
    lines = shapely.get_parts(shapely.line_merge(shapely.simplify(projected, tolerance)))
    lines = shapely.get_parts(lines)  # a merge may give multi-lines again
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    values = np.rint(coords * SUBPIXEL).astype(np.int64)
    ends = np.cumsum(np.bincount(owner, minlength=len(lines)))
    paths, start = [], 0
    for end in ends.tolist():
        if end - start >= 2:
            paths.append("M" + " ".join(map(str, values[start:end].ravel().tolist())))
        start = end
    return "".join(paths)


def _scale_bar(projection: Projection, y: float) -> str:
    target_km = projection.km_per_pixel * projection.width / 5
    nice = max((n for n in (0.5, 1, 2, 5, 10, 20, 50, 100, 200) if n <= target_km), default=0.5)
    length = nice / projection.km_per_pixel
    x = projection.width - PADDING - length
    label = f"{nice:g} km"
    return (
        f'<g class="scale" aria-hidden="true"><path d="M{x:.1f} {y - 4:.1f}V{y:.1f}H{x + length:.1f}V{y - 4:.1f}" '
        f'fill="none" stroke="#161616" stroke-width="1.5"/>'
        f'<text x="{x + length / 2:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="12">{label}</text></g>'
    )


def _legend(legend: list[tuple[str | None, str]], top: float, width: int, hatch: str) -> tuple[str, float]:
    """Legend swatches laid out in rows below the map; returns the SVG and its height."""
    items, x, y = [], PADDING, top
    for colour, text in legend:
        fill = colour or hatch
        item_width = (30 if colour == BORDER else 26) + 7.6 * len(text)
        if x + item_width > width - PADDING and x > PADDING:
            x, y = PADDING, y + LEGEND_ROW
        if colour == BORDER:
            swatch = f'<path d="M{x} {y + 7}h20" {_border_stroke()}/>'
        else:
            swatch = f'<rect x="{x}" y="{y}" width="16" height="14" fill="{fill}" stroke="#666" stroke-width=".5"/>'
        text_x = x + (26 if colour == BORDER else 22)
        items.append(swatch + f'<text x="{text_x}" y="{y + 12}" font-size="13">{escape(text)}</text>')
        x += item_width + 16
    return '<g class="legend">' + "".join(items) + "</g>", y + LEGEND_ROW - top


# Drawing order of labels, and the order they claim their room in (markers first).
LABEL_ORDER = {"marker": 0, "region": 1, "place": 2, "neighbour": 3}
# (font size, weight, colour) of each kind of name.
LABEL_STYLES = {
    "region": (13, "normal", "#3a3a3a"),
    "place": (11, "bold", "#161616"),
    "neighbour": (11, "normal", "#666"),
}
MARKER_RADIUS = 10
# Where a label may go when its own spot is taken, in pixels from it. A commune's name stays on its
# commune; a marker moved aside keeps a leader line to its spot.
_AROUND = [(math.cos(a * math.pi / 4), math.sin(a * math.pi / 4)) for a in (6, 2, 4, 0, 5, 7, 3, 1)]
NUDGES = {
    "marker": [(0, 0)] + [(round(r * cx), round(r * cy)) for r in (23, 46) for cx, cy in _AROUND],
    "region": [(0, 0)]
    + [(dx, dy) for r in (1, 2, 3) for dx, dy in ((0, -16 * r), (0, 16 * r), (-30 * r, 0), (30 * r, 0))],
    "place": [(0, 0)],
    "neighbour": [(0, 0), (0, -13), (0, 13)],
}


def _box(label: Label, x: float, y: float) -> tuple[float, float, float, float]:
    if label.kind == "marker":
        r = MARKER_RADIUS + 1
        return (x - r, y - r, x + r, y + r)
    half = 0.31 * LABEL_STYLES[label.kind][0] * len(label.text) + 2
    return (x - half, y - 11, x + half, y + 4)


def _fits(box, projection: Projection) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= projection.width and box[3] <= projection.height


def _overlaps(box, others) -> bool:
    return any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in others)


def _labels(labels: list[Label], projection: Projection, obstacles=()) -> list[str]:
    """Markers first, then names, each where it overlaps nothing already placed; drawn names under markers.

    A marker always shows, moved aside if its spot is taken. The name of a wide area or of a
    neighbour first looks for a spot off the `obstacles` (boxes of the map's areas, in pixels); a
    name that finds no room is left out (the page's table lists every place).
    """
    placed, taken = [], []
    for label in sorted(labels, key=lambda label: LABEL_ORDER[label.kind]):
        x, y = projection.point(label.lon, label.lat)
        # A neighbour's name never covers the areas; a wide area's name may, when nowhere else is free.
        avoid = {"region": [[*taken, *obstacles], taken], "neighbour": [[*taken, *obstacles]]}.get(label.kind, [taken])
        spot = next(
            (
                (dx, dy)
                for others in avoid
                for dx, dy in NUDGES[label.kind]
                if _fits(_box(label, x + dx, y + dy), projection) and not _overlaps(_box(label, x + dx, y + dy), others)
            ),
            (0, 0) if label.kind == "marker" else None,
        )
        if spot is None:
            continue
        dx, dy = spot
        taken.append(_box(label, x + dx, y + dy))
        placed.append((label, x, y, dx, dy))
    placed.sort(key=lambda item: -LABEL_ORDER[item[0].kind])
    return [_label(*item) for item in placed]


def _label(label: Label, x: float, y: float, dx: float = 0, dy: float = 0) -> str:
    text = escape(label.text)
    if label.kind == "marker":
        ring = label.colour or "#161616"
        leader = (
            f'<path d="M{x} {y}l{dx} {dy}" stroke="{ring}" stroke-width="1.5"/>'
            f'<circle cx="{x}" cy="{y}" r="2.5" fill="{ring}"/>'
            if (dx, dy) != (0, 0)
            else ""
        )
        x, y = round(x + dx, 1), round(y + dy, 1)
        return (
            f'<g class="marker">{leader}<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" fill="#fff" stroke="{ring}" '
            f'stroke-width="3.5"/><text x="{x}" y="{y + 4}" text-anchor="middle" font-size="11" '
            f'font-weight="bold">{text}</text></g>'
        )
    size, weight, colour = LABEL_STYLES[label.kind]
    return (
        f'<text x="{x + dx}" y="{y + dy}" text-anchor="middle" font-size="{size}" font-weight="{weight}" '
        f'fill="{colour}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{text}</text>'
    )


def render(drawing: MapDrawing) -> str:
    """The SVG document of a map (a string ready to inline in a page or to serve as image/svg+xml)."""
    shapes = [area.geometry for area in drawing.areas if area.geometry is not None]
    if not shapes:
        return ""
    # The map frames its areas, or the whole background when there is one (a région around its territories).
    margin = CONTEXT_MARGIN if drawing.context else 0.0
    bounds = drawing.bounds or tuple(shapely.total_bounds(shapes + list(drawing.background)))
    projection = Projection(bounds, margin=margin)
    areas = [area for area in drawing.areas if area.geometry is not None]
    area_paths = _paths([a.geometry for a in areas], projection)
    # Surroundings are only a backdrop: drawn coarser, as are the fill-only background shapes.
    context_paths = _paths(drawing.context, projection, tolerance=2.0, exact=False) if drawing.context else []
    background = drawing.background
    background_paths = _paths(background, projection, tolerance=1.0, exact=False) if background else []
    # One hatch for the map, drawn in tenths of a pixel, one for the legend, drawn in pixels.
    hatch_id = f"{drawing.css_id}-hachures"
    hatch, legend_hatch = f"url(#{hatch_id})", f"url(#{hatch_id}-legende)"
    legend_svg, legend_height = _legend(drawing.legend, projection.height + 30, projection.width, legend_hatch)
    height = math.ceil(projection.height + 30 + legend_height)
    title_id, desc_id = f"{drawing.css_id}-titre", f"{drawing.css_id}-description"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {projection.width} {height}" '
        f'width="{projection.width}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="Marianne, Arial, sans-serif" class="semis-map" id="{drawing.css_id}">',
        f'<title id="{title_id}">{escape(drawing.title)}</title>',
        f'<desc id="{desc_id}">{escape(drawing.description)}</desc>',
        "<defs>"
        + HATCH.format(id=hatch_id, scale=SUBPIXEL)
        + HATCH.format(id=f"{hatch_id}-legende", scale=1)
        + "</defs>",
        f'<clipPath id="{drawing.css_id}-cadre">'
        f'<rect width="{projection.width}" height="{projection.height}"/></clipPath>',
        f'<rect width="{projection.width}" height="{height}" fill="#fff"/>',
        f'<g clip-path="url(#{drawing.css_id}-cadre)">',
    ]
    parts.append(f'<g transform="scale({1 / SUBPIXEL:g})" stroke-linejoin="round">')
    if background_paths:
        # Stroked in its own colour: outlines drawn from simplified communes may keep hairline cracks.
        parts.append(
            f'<path d="{"".join(background_paths)}" fill="{drawing.background_fill}" '
            f'stroke="{drawing.background_fill}" stroke-width="14"/>'
        )
    if context_paths:
        parts.append(f'<path d="{"".join(context_paths)}" fill="{CONTEXT_FILL}" stroke="#c8c8c8" stroke-width="6"/>')
    parts.append('<g stroke="#3a3a3a" stroke-width="7">')
    for area, path in zip(areas, area_paths, strict=True):
        parts.append(f'<path d="{path}" fill="{area.fill or hatch}"><title>{escape(area.title)}</title></path>')
    parts.append("</g>")
    if drawing.borders:
        # A white casing keeps the dashes visible over the darkest fills.
        border_id = f"{drawing.css_id}-limites"
        parts.append(
            f'<defs><path id="{border_id}" d="{_line_paths(drawing.borders, projection)}"/></defs>'
            f'<use href="#{border_id}" fill="none" stroke="#fff" stroke-width="{3.4 * SUBPIXEL:g}" '
            f'stroke-opacity=".85"/><use href="#{border_id}" {_border_stroke(SUBPIXEL)}/>'
        )
    parts.append("</g>")
    # Names of wide areas and of neighbours keep off the areas the map is about, when they can.
    area_boxes = shapely.bounds(np.asarray([a.geometry for a in areas], dtype=object))
    corners = projection.points(area_boxes[:, [0, 3, 2, 1]].reshape(-1, 2)).reshape(-1, 4)
    parts.extend(_labels(drawing.labels, projection, obstacles=[tuple(box) for box in corners.tolist()]))
    parts.append("</g>")
    parts.append(_scale_bar(projection, projection.height + 14))
    parts.append(legend_svg)
    parts.append("</svg>")
    return "".join(parts)
