"""Reads that a page or an export needs in more than one query chain: comparison, coherence, maps."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import shapely
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from semis.geo.models import Commune, Departement
from semis.referential.models import SpecificSkill
from semis.territories import maps, outlines
from semis.territories.enums import AGE_BANDS, SCHOOL_SETTINGS, Lever, Setting, TerritoryKind
from semis.territories.models import Action, Territory


@dataclass
class TerritoryComparison:
    territory: Territory
    by_setting: dict[str, int]
    by_lever: dict[str, int]

    @property
    def in_school(self) -> int:
        return sum(n for setting, n in self.by_setting.items() if setting in SCHOOL_SETTINGS)

    @property
    def out_of_school(self) -> int:
        return self.territory.action_count - self.in_school

    @property
    def settings_summary(self) -> list[tuple[str, int]]:
        """Settings with at least one action, most frequent first."""
        counts = Counter(self.by_setting)
        return [(Setting(s).label, n) for s, n in counts.most_common() if n]

    def lever_counts(self) -> list[int]:
        return [self.by_lever.get(lever, 0) for lever in Lever]

    def setting_counts(self) -> list[int]:
        return [self.by_setting.get(setting, 0) for setting in Setting]


def programme_comparison(territories) -> list[TerritoryComparison]:
    """Side-by-side figures of the given territories, in 4 queries whatever their number."""
    territories = list(territories.with_comparison_data())
    ids = [t.pk for t in territories]
    by_setting, by_lever = defaultdict(dict), defaultdict(dict)
    actions = Action.objects.filter(territory_id__in=ids).order_by()
    for row in actions.values("territory_id", "setting").annotate(n=Count("pk")):
        by_setting[row["territory_id"]][row["setting"]] = row["n"]
    for row in actions.values("territory_id", "lever").annotate(n=Count("pk")):
        by_lever[row["territory_id"]][row["lever"]] = row["n"]
    return [TerritoryComparison(t, by_setting[t.pk], by_lever[t.pk]) for t in territories]


@dataclass
class CoherenceCell:
    actions: int = 0
    bands: set[int] = field(default_factory=set)


@dataclass
class CoherenceRow:
    code: str
    name: str
    category: str  # the code of its category (C, E, S)
    cells: list[CoherenceCell]  # one per setting
    bands: list[bool]  # age band covered or not

    @property
    def missing(self) -> bool:
        return not any(cell.actions for cell in self.cells)


@dataclass
class Coherence:
    settings: list[Setting]
    rows: list[CoherenceRow]
    categories: dict[str, str]
    action_count: int
    skills_missing: list[str]
    settings_missing: list[str]
    bands_missing: list[str]
    band_labels: list[str] = field(default_factory=lambda: [str(label) for label, _low, _high in AGE_BANDS])


def bands_of(age_min: int, age_max: int) -> set[int]:
    return {i for i, (_label, low, high) in enumerate(AGE_BANDS) if age_min <= high and age_max >= low}


def territory_coherence(territory: Territory, band: int | None = None) -> Coherence:
    """Which skills are worked in which settings, for which ages: the gaps of the educational community.

    Rows are the specific skills of the referential in force, and any other skill an action names.
    `band` (an index of AGE_BANDS) keeps only the actions for that age band. Three queries.
    """
    actions = list(Action.objects.filter(territory=territory).values_list("pk", "setting", "age_min", "age_max"))
    if band is not None:
        actions = [a for a in actions if band in bands_of(a[2], a[3])]
    skills_of = defaultdict(list)
    links = Action.skills.through.objects.filter(action__territory=territory).order_by()
    for action_id, skill_id in links.values_list("action_id", "specificskill_id"):
        skills_of[action_id].append(skill_id)
    used = {skill_id for ids in skills_of.values() for skill_id in ids}
    skills = list(
        SpecificSkill.objects.filter(Q(version__is_current=True) | Q(pk__in=used))
        .select_related("general_skill__category")
        .order_by("version_id", "position")
    )
    settings = list(Setting)
    cells = {skill.pk: {s: CoherenceCell() for s in settings} for skill in skills}
    for action_id, setting, age_min, age_max in actions:
        for skill_id in skills_of[action_id]:
            cell = cells[skill_id][setting]
            cell.actions += 1
            cell.bands |= bands_of(age_min, age_max)
    rows = []
    for skill in skills:
        covered = set().union(*(cell.bands for cell in cells[skill.pk].values()))
        bands = [i in covered for i in range(len(AGE_BANDS))]
        category = skill.general_skill.category
        rows.append(CoherenceRow(skill.code, skill.name, category.code, [cells[skill.pk][s] for s in settings], bands))
    return Coherence(
        settings=settings,
        rows=rows,
        categories={skill.general_skill.category.code: skill.general_skill.category.name for skill in skills},
        action_count=len(actions),
        skills_missing=[f"{row.code} {row.name}" for row in rows if row.missing],
        settings_missing=[str(s.label) for i, s in enumerate(settings) if not any(r.cells[i].actions for r in rows)],
        bands_missing=[
            str(label) for i, (label, _low, _high) in enumerate(AGE_BANDS) if not any(r.bands[i] for r in rows)
        ],
    )


# Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
KIND_FILLS = {
    TerritoryKind.QUARTIER: "#D55E00",
    TerritoryKind.COMMUNE: "#0072B2",
    TerritoryKind.COMMUNAUTE_DE_COMMUNES: "#009E73",
    TerritoryKind.BASSIN_DE_VIE: "#E69F00",
}
# Commune names are written on a territory map up to this many communes; beyond, hover shows them.
MAX_NAMED_COMMUNES = 25


@dataclass
class CommuneRow:
    pk: int
    insee_code: str
    name: str
    population: int
    departement_id: int
    actions: int
    geometry: shapely.Geometry | None


def _commune_rows(communes, action_counts: dict[int, int] | None = None) -> list[CommuneRow]:
    """`communes`: a Commune queryset, or pks."""
    if not isinstance(communes, QuerySet):
        communes = Commune.objects.filter(pk__in=communes)
    rows = list(communes.values_list("pk", "insee_code", "name", "population", "departement_id", "geometry"))
    geometries = maps.from_wkb([r[-1] for r in rows])
    counts = action_counts or {}
    return [
        CommuneRow(pk, code, name, population, departement_id, counts.get(pk, 0), geometry)
        for (pk, code, name, population, departement_id, _wkb), geometry in zip(rows, geometries, strict=True)
    ]


def _action_counts(actions) -> dict[int, int]:
    counts = actions.filter(commune__isnull=False).order_by().values("commune_id").annotate(n=Count("pk"))
    return {row["commune_id"]: row["n"] for row in counts}


def _surroundings(communes: list[CommuneRow], bounds, shapes: outlines.CommuneShapes) -> list[CommuneRow]:
    """The communes around a territory, of whatever département, that its map shows."""
    # Exactly what the map will show: what lies beyond would be cut off by its frame.
    min_x, min_y, max_x, max_y = maps.Projection(bounds, margin=maps.CONTEXT_MARGIN).visible_bounds
    pks, boxes = shapes.commune_bounds()
    near = (boxes[:, 0] <= max_x) & (boxes[:, 2] >= min_x) & (boxes[:, 1] <= max_y) & (boxes[:, 3] >= min_y)
    own = {c.pk for c in communes}
    rows = _commune_rows([pk for pk in pks[near].tolist() if pk not in own])
    seen = shapely.intersects([r.geometry for r in rows], shapely.box(min_x, min_y, max_x, max_y))
    return [row for row, shown in zip(rows, seen, strict=True) if shown]


def _actions_titles():
    """ "Name : n actions" for each commune, translating the wording once per distinct count."""
    wordings = {}

    def title(name: str, count: int) -> str:
        if count not in wordings:
            wordings[count] = ngettext("%(name)s : %(count)s action", "%(name)s : %(count)s actions", count)
        return wordings[count] % {"name": name, "count": count}

    return title


# Around a territory, the most populous neighbours are named to situate it.
NAMED_NEIGHBOURS = 6


def territory_map(territory: Territory) -> tuple[str, list[CommuneRow]]:
    """The territory's communes coloured by number of actions, over their surroundings and département borders."""
    communes = sorted(
        _commune_rows(territory.communes.all(), _action_counts(Action.objects.filter(territory=territory))),
        key=lambda c: (c.name, c.insee_code),
    )
    geometries = [c.geometry for c in communes if c.geometry is not None]
    if not geometries:
        return "", communes
    bounds = maps.framed_bounds(geometries, maps.MIN_SPAN_KM)
    cached = outlines.shapes()
    around = _surroundings(communes, bounds, cached)
    departements = cached.departement_outlines({c.departement_id for c in communes + around})
    # Under the neighbours, their départements (crack-free) hide the slivers simplification leaves between
    # communes; lakes and foreign land stay white. Cut to the frame, they weigh little.
    frame = maps.Projection(bounds, margin=maps.CONTEXT_MARGIN).visible_bounds
    underlay = [shapely.clip_by_rect(d.outline, *frame) for d in departements]
    own_ids = {c.departement_id for c in communes}
    own_departements = sorted(d.name for d in departements if d.pk in own_ids)
    borders = cached.departement_borders(departements)
    classes = maps.choropleth_classes(max((c.actions for c in communes), default=0))
    title = _actions_titles()
    areas = [maps.Area(c.geometry, maps.class_fill(c.actions, classes), title(c.name, c.actions)) for c in communes]
    labels = []
    if len(communes) <= MAX_NAMED_COMMUNES:
        # The largest communes are named first: a smaller neighbour's name gives way when they collide.
        for c in sorted((c for c in communes if c.geometry is not None), key=lambda c: -c.geometry.area):
            point = shapely.point_on_surface(c.geometry)
            labels.append(maps.Label(point.x, point.y, c.name))
    for c in sorted(around, key=lambda c: -c.population)[:NAMED_NEIGHBOURS]:
        point = shapely.point_on_surface(c.geometry)
        labels.append(maps.Label(point.x, point.y, c.name, kind="neighbour"))
    legend = [*maps.choropleth_legend(classes), (maps.CONTEXT_FILL, _("communes voisines"))]
    if borders:
        legend.append((maps.BORDER, _("limite de département")))
    with_actions = sum(1 for c in communes if c.actions)
    description = ngettext(
        "%(communes)s commune, dont %(active)s avec au moins une action localisée",
        "%(communes)s communes, dont %(active)s avec au moins une action localisée",
        len(communes),
    ) % {"communes": len(communes), "active": with_actions}
    description += ngettext(
        ", dans le département : %(names)s.", ", sur %(count)s départements : %(names)s.", len(own_departements)
    ) % {"count": len(own_departements), "names": ", ".join(own_departements)}
    description += " " + _(
        "Les communes voisines sont en gris clair, les limites de département en tirets. "
        "Le tableau qui suit la carte donne les mêmes chiffres."
    )
    drawing = maps.MapDrawing(
        areas=areas,
        title=_("Carte du territoire %(name)s") % {"name": territory.name},
        description=description,
        legend=legend,
        context=[c.geometry for c in around],
        background=underlay,
        background_fill=maps.CONTEXT_FILL,
        borders=borders,
        labels=labels,
        css_id=f"carte-territoire-{territory.pk}",
        bounds=bounds,
    )
    return maps.render(drawing), communes


@dataclass
class ProgrammeMaps:
    by_kind: str
    coverage: str
    territories: list[tuple[int, Territory, int, str]]  # number on the map, territory, actions, départements
    communes: list[CommuneRow]


def programme_maps(programme, territories) -> ProgrammeMaps:
    """Two maps of the programme's territories: coloured by type, and actions per commune."""
    territories = list(territories)
    links = Territory.communes.through.objects.filter(territory__in=[t.pk for t in territories])
    communes_of = defaultdict(list)
    for territory_id, commune_id in links.values_list("territory_id", "commune_id"):
        communes_of[territory_id].append(commune_id)
    actions = Action.objects.filter(territory__in=[t.pk for t in territories])
    rows = _commune_rows({c for ids in communes_of.values() for c in ids}, _action_counts(actions))
    by_pk = {row.pk: row for row in rows}
    action_totals = dict(actions.order_by().values_list("territory_id").annotate(n=Count("pk")))
    cached = outlines.shapes()
    departements = cached.departement_outlines(
        {*Departement.objects.filter(region_id=programme.region_id).values_list("pk", flat=True)}
        | {row.departement_id for row in rows}
    )
    background = [d.outline for d in departements]
    borders = cached.departement_borders(departements)
    region_labels = [maps.Label(d.label_at.x, d.label_at.y, d.name, kind="region") for d in departements]
    names = {d.pk: d.name for d in departements}
    border_legend = [(maps.BORDER, _("limite de département"))] if borders else []
    background_text = ngettext(
        "la région est en gris.",
        "la région est en gris, ses %(count)s départements séparés par des tirets.",
        len(departements),
    ) % {"count": len(departements)}

    numbered, kind_areas, markers = [], [], []
    for number, territory in enumerate(territories, start=1):
        in_departements = sorted({names.get(by_pk[c].departement_id, "") for c in communes_of[territory.pk]} - {""})
        numbered.append((number, territory, action_totals.get(territory.pk, 0), ", ".join(in_departements)))
        shapes = [by_pk[c].geometry for c in communes_of[territory.pk] if by_pk[c].geometry is not None]
        for commune_id in communes_of[territory.pk]:
            row = by_pk[commune_id]
            kind_areas.append(
                maps.Area(row.geometry, KIND_FILLS[territory.kind], f"{number}. {territory.name} — {row.name}")
            )
        if shapes:
            centre = shapely.multipolygons(shapely.get_parts(shapes)).centroid
            markers.append(
                maps.Label(centre.x, centre.y, str(number), kind="marker", colour=KIND_FILLS[territory.kind])
            )
    kinds_present = [kind for kind in TerritoryKind if any(t.kind == kind for t in territories)]
    by_kind = maps.MapDrawing(
        areas=kind_areas,
        title=_("Territoires du programme %(name)s") % {"name": programme.name},
        description=_(
            "%(count)s territoires, coloriés selon leur type et numérotés comme dans le tableau qui suit, "
            "qui donne aussi leurs départements ; %(background)s"
        )
        % {"count": len(territories), "background": background_text},
        legend=[(KIND_FILLS[kind], str(kind.label)) for kind in kinds_present] + border_legend,
        background=background,
        borders=borders,
        labels=region_labels + markers,
        css_id="carte-programme",
    )
    classes = maps.choropleth_classes(max((r.actions for r in rows), default=0))
    title = _actions_titles()
    coverage = maps.MapDrawing(
        areas=[maps.Area(r.geometry, maps.class_fill(r.actions, classes), title(r.name, r.actions)) for r in rows],
        title=_("Actions par commune — %(name)s") % {"name": programme.name},
        description=_(
            "Nombre d'actions localisées dans chaque commune des territoires du programme (%(active)s communes "
            "sur %(total)s en ont au moins une), sur le fond gris de la région et de ses départements."
        )
        % {"active": sum(1 for r in rows if r.actions), "total": len(rows)},
        legend=maps.choropleth_legend(classes) + border_legend,
        background=background,
        borders=borders,
        labels=region_labels,
        css_id="carte-couverture",
    )
    return ProgrammeMaps(
        by_kind=maps.render(by_kind),
        coverage=maps.render(coverage),
        territories=numbered,
        communes=sorted(rows, key=lambda r: (-r.actions, r.name)),
    )


def comparison_totals(comparison: list[TerritoryComparison]) -> dict[str, int]:
    return {
        "population": sum(row.territory.population for row in comparison),
        "stakeholders": sum(row.territory.stakeholder_count for row in comparison),
        "actions": sum(row.territory.action_count for row in comparison),
        "in_school": sum(row.in_school for row in comparison),
        "out_of_school": sum(row.out_of_school for row in comparison),
        "people_reached": sum(row.territory.people_reached for row in comparison),
        "adults_trained": sum(row.territory.adults_trained for row in comparison),
    }
