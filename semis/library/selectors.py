"""Reads for the library home: search, filters, facet counts."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from semis.library import search
from semis.library.enums import Cycle, DurationBand, Setting
from semis.library.models import ActivitySheet, SheetCycle, SheetSetting
from semis.referential.models import ReferentialVersion, SpecificSkill

PAGE_SIZE = 20
# Query-string names of the filters (French, they show in the address bar).
FILTER_PARAMS = {"skill": "competence", "cycle": "cycle", "setting": "milieu", "duration": "duree"}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass
class Facet:
    name: str
    param: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class LibrarySearch:
    text: str
    filters: dict[str, str]
    page: Page
    facets: list[Facet]

    @property
    def is_filtered(self) -> bool:
        return bool(self.text or any(self.filters.values()))


class RankedIds(Sequence):
    """The ranked ids of the matching sheets, read a page at a time (slicing runs one ranking query), with
    their number known beforehand (from the facet counts), so that the paginator never counts them again."""

    def __init__(self, queryset, text: str, count: int):
        self.queryset, self.text, self.count = queryset, text, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("RankedIds is read a page (a slice) at a time")
        start, stop, _step = index.indices(self.count)
        return search.ranked_ids(self.queryset, self.text, start, max(start, stop))


def _read_filters(params: QueryDict, skill_codes: set[str]) -> dict[str, str]:
    allowed = {"skill": skill_codes, "cycle": set(Cycle.values), "setting": set(Setting.values)}
    allowed["duration"] = set(DurationBand.values)
    filters = {}
    for name, param in FILTER_PARAMS.items():
        value = params.get(param, "")
        filters[name] = value if value in allowed[name] else ""
    return filters


def _apply(queryset, filters: dict[str, str], skip: str | None = None):
    if filters["skill"] and skip != "skill":
        links = ActivitySheet.skills.through.objects.filter(
            specificskill__code=filters["skill"], specificskill__version__is_current=True
        )
        queryset = queryset.filter(pk__in=links.values("activitysheet"))
    if filters["cycle"] and skip != "cycle":
        queryset = queryset.filter(pk__in=SheetCycle.objects.filter(cycle=filters["cycle"]).values("sheet"))
    if filters["setting"] and skip != "setting":
        queryset = queryset.filter(pk__in=SheetSetting.objects.filter(setting=filters["setting"]).values("sheet"))
    if filters["duration"] and skip != "duration":
        queryset = queryset.in_duration_band(DurationBand(filters["duration"]))
    return queryset


def _toggle_url(kept: dict[str, str], param: str, value: str) -> str:
    """The address that adds this filter value to the current search, or removes it when it is on."""
    query = dict(kept)
    if query.get(param) == value:
        del query[param]
    else:
        query[param] = value
    return "?" + urlencode(query)


def _facet_counts(matched, filters: dict[str, str], skills: list[SpecificSkill]):
    """Counts per facet value among the matched sheets that pass every *other* filter (so that each count
    says what choosing that value would give), and the number of sheets passing every filter.

    One grouped query over an index: the matched sheets' facet keys (search.facet_key), counted per
    distinct key, which gives a few hundred rows at most; the filters and facets are worked out here.
    (One grouped join per facet repeated the full-text match and the visibility rule four times and cost
    5 to 10 times the full-text query itself on 20,000 sheets.)
    """
    codes = {skill.pk: skill.code for skill in skills}
    counts: dict[str, Counter] = {name: Counter() for name in FILTER_PARAMS}
    total = 0
    with search.index_scans():
        keys = list(matched.order_by().values_list("facet_key").annotate(n=Count("*")))
    for key, n in keys:
        facets = search.read_facet_key(key)
        values = {
            "skill": {codes[pk] for pk in facets.skill_ids if pk in codes},
            "cycle": facets.cycles,
            "setting": facets.settings,
            "duration": {band.value for band in DurationBand if band.contains(facets.minutes)},
        }
        passes = {name: not wanted or wanted in values[name] for name, wanted in filters.items()}
        if all(passes.values()):
            total += n
        for name in FILTER_PARAMS:
            if all(ok for other, ok in passes.items() if other != name):
                counts[name].update(dict.fromkeys(values[name], n))
    return counts, total


def _facets(counts, filters, params, skills: list[SpecificSkill]) -> list[Facet]:
    choices = {
        "skill": (_("Compétence"), [(s.code, f"{s.code} {s.name}") for s in skills]),
        "cycle": (_("Cycle ou public"), Cycle.choices),
        "setting": (_("Milieu"), Setting.choices),
        "duration": (_("Durée"), DurationBand.choices),
    }
    kept = {key: value for key, value in params.items() if key != "page"}
    facets = []
    for name, (title, options) in choices.items():
        param = FILTER_PARAMS[name]
        facet = Facet(name=str(title), param=param)
        for value, label in options:
            count = counts[name].get(value, 0)
            active = filters[name] == value
            if count or active:
                facet.values.append(FacetValue(value, str(label), count, active, _toggle_url(kept, param, value)))
        facets.append(facet)
    return facets


def library_search(user, params: QueryDict) -> LibrarySearch:
    """The published sheets the user may see, matching the query text and filters, ranked and paginated.

    Queries: one for the facet counts and the total, one ranking the matches to give the page's ids, then
    the page's 20 sheets with their skills and cycles, and the snippets of those 20.
    """
    current = ReferentialVersion.objects.current()
    skills = list(SpecificSkill.objects.filter(version=current).order_by("position"))
    text = params.get("q", "").strip()[:200]
    filters = _read_filters(params, {s.code for s in skills})
    visible = ActivitySheet.objects.visible_to(user).published()
    counts, total = _facet_counts(search.matching(visible, text), filters, skills)
    ranked_ids = RankedIds(_apply(visible, filters), text, count=total)
    page = Paginator(ranked_ids, PAGE_SIZE).get_page(params.get("page"))
    page.object_list = _results(list(page.object_list), text)
    return LibrarySearch(text=text, filters=filters, page=page, facets=_facets(counts, filters, params, skills))


@dataclass
class SheetResult:
    """One sheet of a results page: what library/_partials/sheet_result.html shows, read as plain values
    (building 20 model instances and their prefetch managers cost as much as the queries themselves)."""

    slug: str
    title: str
    summary: str
    duration_minutes: int
    cycle_list: list[Cycle] = field(default_factory=list)
    skill_list: list[SpecificSkill] = field(default_factory=list)
    snippet: SafeString | None = None


def _results(ids: list[int], text: str) -> list[SheetResult]:
    """The sheets of these ids, in that order, with their snippets. The ids were read through `visible`
    (search.ranked_ids), which is not applied again: on SQLite that would read each row up to its status,
    past the long texts stored before it."""
    rows = ActivitySheet.objects.filter(pk__in=ids).values_list("pk", "slug", "title", "summary", "duration_minutes")
    results = {pk: SheetResult(*values) for pk, *values in rows}
    cycles = defaultdict(set)
    for sheet_id, cycle in SheetCycle.objects.filter(sheet__in=ids).values_list("sheet_id", "cycle"):
        cycles[sheet_id].add(cycle)
    links = ActivitySheet.skills.through.objects.filter(activitysheet__in=ids).select_related("specificskill")
    for link in links.order_by("specificskill__position"):
        if link.activitysheet_id in results:
            results[link.activitysheet_id].skill_list.append(link.specificskill)
    for pk, snippet in search.snippets(ids, text).items():
        if pk in results:
            results[pk].snippet = snippet
    for pk, result in results.items():
        result.cycle_list = [cycle for cycle in Cycle if cycle in cycles[pk]]
    return [results[pk] for pk in ids if pk in results]


@dataclass
class CoverageRow:
    skill: SpecificSkill
    cells: list[tuple[str, int]]  # (cycle, published sheets) in cycle order


def coverage_matrix(user) -> list[CoverageRow]:
    """Published sheets per specific skill (current referential) and cycle, in one grouped query."""
    current = ReferentialVersion.objects.current()
    skills = list(SpecificSkill.objects.filter(version=current).select_related("version").order_by("position"))
    published = ActivitySheet.objects.visible_to(user).published()
    counts = {
        (skill_id, cycle): n
        for skill_id, cycle, n in ActivitySheet.skills.through.objects.filter(
            activitysheet__in=published.values("pk"), specificskill__version=current
        )
        .values_list("specificskill_id", "activitysheet__cycle_entries__cycle")
        .annotate(n=Count("activitysheet", distinct=True))
        .order_by()
    }
    return [
        CoverageRow(skill, [(cycle, counts.get((skill.pk, cycle), 0)) for cycle in Cycle.values]) for skill in skills
    ]
