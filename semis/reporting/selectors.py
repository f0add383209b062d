"""What the steering pages and exports read: a few rows of the summary table (semis.reporting.models)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.utils import timezone

from semis.reporting.indicators import INDICATORS, KEY_CODES, THEMES
from semis.reporting.models import IndicatorRefresh, IndicatorValue
from semis.reporting.perimeters import CHILD_LABELS, Perimeter
from semis.training.dates import school_year_label, school_year_of

ZERO = Decimal(0)


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_years() -> list[int]:
    """The years a user may choose: those computed, and the current one."""
    years = set(IndicatorRefresh.objects.values_list("school_year", flat=True)) | {current_school_year()}
    return sorted(years, reverse=True)


def _values(year: int, kind: str, ids, codes=None) -> dict:
    """{perimeter id: {indicator code: value}} of one kind (ids=[None] for national)."""
    rows = IndicatorValue.objects.filter(school_year=year, perimeter_kind=kind)
    rows = rows.filter(perimeter_id__isnull=True) if ids == [None] else rows.filter(perimeter_id__in=ids)
    if codes is not None:
        rows = rows.filter(indicator__in=codes)
    found = defaultdict(dict)
    for perimeter_id, code, value in rows.values_list("perimeter_id", "indicator", "value"):
        found[perimeter_id][code] = value
    return found


@dataclass
class Figure:
    indicator: object
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def unit(self) -> str:
        return self.indicator.unit_for(self.value)

    @property
    def magnitude(self) -> Decimal | None:
        return None if self.change is None else abs(self.change)


@dataclass
class Dashboard:
    perimeter: Perimeter
    year: int
    refresh: IndicatorRefresh | None
    previous_refresh: IndicatorRefresh | None
    themes: list = field(default_factory=list)  # (label, [Figure])

    @property
    def computed_at(self):
        return self.refresh.computed_at if self.refresh else None

    @property
    def figures(self) -> list[Figure]:
        return [figure for _theme, figures in self.themes for figure in figures]

    @property
    def year_label(self) -> str:
        return school_year_label(self.year)

    @property
    def previous_label(self) -> str:
        return school_year_label(self.year - 1)


def dashboard(perimeter: Perimeter, year: int) -> Dashboard:
    refreshes = {r.school_year: r for r in IndicatorRefresh.objects.filter(school_year__in=[year, year - 1])}
    board = Dashboard(perimeter, year, refreshes.get(year), refreshes.get(year - 1))
    if board.refresh is None:
        return board
    current = _values(year, perimeter.kind, [perimeter.id]).get(perimeter.id, {})
    previous = _values(year - 1, perimeter.kind, [perimeter.id]).get(perimeter.id, {})
    for theme, label in THEMES.items():
        figures = [
            Figure(
                indicator,
                current.get(indicator.code, ZERO),
                previous.get(indicator.code, ZERO) if board.previous_refresh else None,
            )
            for indicator in INDICATORS
            if indicator.theme == theme and indicator.applies_to(perimeter.kind)
        ]
        if figures:
            board.themes.append((label, figures))
    return board


@dataclass
class ChildRow:
    perimeter: Perimeter
    values: list  # in the order of the columns


def key_indicators(kind: str) -> list:
    return [i for i in INDICATORS if i.code in KEY_CODES and i.applies_to(kind)]


def child_rows(kind: str, objects, year: int, indicators) -> list[ChildRow]:
    """One row per sub-perimeter, its figures in the order of `indicators`: one query for all."""
    objects = list(objects)
    values = _values(year, kind, [obj.pk for obj in objects], [i.code for i in indicators])
    return [
        ChildRow(Perimeter(kind, obj), [values.get(obj.pk, {}).get(i.code, ZERO) for i in indicators])
        for obj in objects
    ]


def child_groups(perimeter: Perimeter) -> list[tuple[str, str, object, list]]:
    """(kind, label, queryset, key indicators) of each kind of sub-perimeter."""
    return [(kind, CHILD_LABELS[kind][0], queryset, key_indicators(kind)) for kind, queryset in perimeter.children()]


# The figures a funder's annual report opens with, where they apply.
HEADLINE_CODES = [
    "trained_adults",
    "schools_with_trained_adult",
    "pupils_reached",
    "sessions_logged",
    "projects_validated",
    "territories_active",
]


def headline(board: Dashboard) -> list[Figure]:
    by_code = {figure.indicator.code: figure for figure in board.figures}
    return [by_code[code] for code in HEADLINE_CODES if code in by_code]


def programmes_of(perimeter: Perimeter, year: int):
    """The territorial programmes (and so the funders) at work in the perimeter during the school year:
    those of its région (programmes are regional), of its territory, or all of them nationally."""
    from semis.territories.models import TerritorialProgramme

    programmes = TerritorialProgramme.objects.filter(year_start__lte=year + 1, year_end__gte=year)
    if perimeter.kind == "national":
        return programmes
    if perimeter.kind == "territory":
        return programmes.filter(territories=perimeter.obj)
    if perimeter.kind == "establishment":
        return programmes.filter(territories__communes=perimeter.obj.commune).distinct()
    region = next(p.obj for p in [perimeter, *perimeter.parents()] if p.kind == "region")
    return programmes.filter(region=region)


CHUNK = 500


def export_rows(perimeter: Perimeter, year: int):
    """The header, then the perimeter and each of its sub-perimeters with every indicator: a generator
    that reads the sub-perimeters by chunks, so memory stays flat however many schools there are.

    An indicator not computed for a kind of perimeter (courses of a school) is left empty; zero is zero.
    """
    from django.utils.translation import gettext as _

    yield [_("Type de périmètre"), _("Code"), _("Nom"), *[f"{i.label} ({i.unit})" for i in INDICATORS]]

    def row(p: Perimeter, values: dict):
        return [
            p.kind_label,
            p.code,
            p.name if p.kind != "establishment" else p.obj.name,
            *[values.get(i.code, ZERO) if i.applies_to(p.kind) else None for i in INDICATORS],
        ]

    yield row(perimeter, _values(year, perimeter.kind, [perimeter.id]).get(perimeter.id, {}))
    for kind, queryset in perimeter.children():
        objects = queryset.iterator(chunk_size=CHUNK)
        while chunk := list(islice(objects, CHUNK)):
            values = _values(year, kind, [obj.pk for obj in chunk])
            for obj in chunk:
                yield row(Perimeter(kind, obj), values.get(obj.pk, {}))
