"""Reads for the library home: search, filters, facet counts."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import QueryDict
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


class CountedPaginator(Paginator):
    """A paginator told its count: counting the ranked queryset would repeat the full-text join, which
    SQLite plans badly (seconds on 20,000 sheets), while the unranked filter counts in milliseconds."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


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


def _toggle_url(params: QueryDict, param: str, value: str) -> str:
    query = params.copy()
    query.pop("page", None)
    if query.get(param) == value:
        query.pop(param)
    else:
        query[param] = value
    return "?" + query.urlencode()


def _facets(base, filters, params, skills: list[SpecificSkill]) -> list[Facet]:
    """Counts for each facet value among the sheets that match every *other* filter, so that each count
    says what choosing that value would give."""
    skill_counts = dict(
        ActivitySheet.skills.through.objects.filter(activitysheet__in=_apply(base, filters, skip="skill").values("pk"))
        .values_list("specificskill__code")
        .annotate(n=Count("activitysheet"))
    )
    cycle_counts = dict(
        SheetCycle.objects.filter(sheet__in=_apply(base, filters, skip="cycle").values("pk"))
        .values_list("cycle")
        .annotate(n=Count("sheet"))
    )
    setting_counts = dict(
        SheetSetting.objects.filter(sheet__in=_apply(base, filters, skip="setting").values("pk"))
        .values_list("setting")
        .annotate(n=Count("sheet"))
    )
    bands = list(DurationBand)
    duration_counts = _apply(base, filters, skip="duration").aggregate(
        **{
            band.value: Count(
                "pk", filter=Q(duration_minutes__gte=band.bounds[0], duration_minutes__lte=band.bounds[1] or 10_000)
            )
            for band in bands
        }
    )
    choices = {
        "skill": (_("Compétence"), [(s.code, f"{s.code} {s.name}") for s in skills], skill_counts),
        "cycle": (_("Cycle ou public"), Cycle.choices, cycle_counts),
        "setting": (_("Milieu"), Setting.choices, setting_counts),
        "duration": (_("Durée"), DurationBand.choices, duration_counts),
    }
    facets = []
    for name, (title, options, counts) in choices.items():
        param = FILTER_PARAMS[name]
        facet = Facet(name=str(title), param=param)
        for value, label in options:
            count = counts.get(value, 0)
            active = filters[name] == value
            if count or active:
                facet.values.append(FacetValue(value, str(label), count, active, _toggle_url(params, param, value)))
        facets.append(facet)
    return facets


def library_search(user, params: QueryDict) -> LibrarySearch:
    """The published sheets the user may see, matching the query text and filters, ranked and paginated."""
    current = ReferentialVersion.objects.current()
    skills = list(SpecificSkill.objects.filter(version=current).order_by("position"))
    text = params.get("q", "").strip()[:200]
    filters = _read_filters(params, {s.code for s in skills})
    base = search.matching(ActivitySheet.objects.visible_to(user).published(), text)
    results = _apply(base, filters)
    ordered = search.ranked(results, text)
    page = CountedPaginator(ordered.with_list_related_data(), PAGE_SIZE, count=results.count()).get_page(
        params.get("page")
    )
    snippets = search.snippets([sheet.pk for sheet in page], text)
    for sheet in page:
        sheet.snippet = snippets.get(sheet.pk)
    return LibrarySearch(text=text, filters=filters, page=page, facets=_facets(base, filters, params, skills))


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
