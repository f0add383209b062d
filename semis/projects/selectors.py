"""Reads of the projects pages: the list's filters, the facts a project is scored on, dosage and fidelity per group,
the perimeter overview."""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import Count, Q

from semis.library.enums import SheetStatus
from semis.library.models import SequenceItem
from semis.projects.enums import (
    FIDELITY_PERCENT_PER_POINT,
    Carrier,
    CriterionStatus,
    GroupLevel,
    ProjectStatus,
    ScoreBand,
)
from semis.projects.models import (
    CriterionResult,
    DeliveredSession,
    Group,
    Project,
    ProjectAdult,
    ProjectPartner,
    ProjectScore,
    ProjectYear,
)
from semis.projects.scoring import (
    TEXTS,
    AdultFacts,
    ContentFacts,
    GroupFacts,
    ProjectFacts,
    format_minutes,
    load_rules,
)


def projects_filtered(
    queryset,
    *,
    q=None,
    skill=None,
    level=None,
    band=None,
    status=None,
    year=None,
    carrier=None,
    academie=None,
    departement=None,
    establishment=None,
):
    """The project list's filters, for the web page and the API alike. A value left empty, or outside
    its choices, filters nothing: each caller has already said what a bad value means to it. Filters
    through many-valued relations (skills, groups) are subqueries, so a project is listed once."""
    if q:
        queryset = queryset.filter(
            Q(title__icontains=q) | Q(establishment__name__icontains=q) | Q(structure__icontains=q)
        )
    if skill:
        linked = Project.skills.through.objects.filter(specificskill__code=skill)
        queryset = queryset.filter(pk__in=linked.values("project_id"))
    if level in GroupLevel.values:
        queryset = queryset.filter(pk__in=Group.objects.filter(level=level).values("project_id"))
    if band in ScoreBand.values:
        queryset = queryset.filter(score__band=band)
    if status in ProjectStatus.values:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.covering(year)
    if carrier in Carrier.values:
        queryset = queryset.filter(carrier=carrier)
    if academie:
        queryset = queryset.filter(academie__code=academie)
    if departement:
        queryset = queryset.filter(departement__code=departement)
    if establishment:
        queryset = queryset.filter(establishment__uai=establishment)
    return queryset


def current_year(project: Project):
    """The project's latest school year (the one its groups are planned in now), or None."""
    return project.years.order_by("-school_year").first()


# Scoring runs on every save of a project or of a delivery: its facts are read with four plain SQL
# statements, because compiling the equivalent ORM queries cost many times running them.
FACTS_SQL = (
    """SELECT p.first_year, p.last_year, p.support_followup, p.support_coleading, p.support_peer_exchange,
        p.family_involvement, p.climate_team_commitment, p.climate_actions, p.evaluation_kind,
        prog.name, prog.evidence_level, team.trainer_id,
        (SELECT COUNT(*) FROM {skills} WHERE project_id = p.id),
        (SELECT COUNT(*) FROM {partner} WHERE project_id = p.id),
        (SELECT COUNT(*) FROM {session} WHERE project_id = p.id),
        (SELECT COALESCE(SUM(fidelity), 0) FROM {session} WHERE project_id = p.id)
    FROM {project} p
    LEFT JOIN {programme} prog ON prog.id = p.programme_id
    LEFT JOIN {team} team ON team.id = p.trained_team_id
    WHERE p.id = %s""",
    # The groups of the project's latest school year.
    """SELECT g.name, g.planned_hours FROM {group} g
    WHERE g.year_id = (SELECT y.id FROM {year} y WHERE y.project_id = %s ORDER BY y.school_year DESC LIMIT 1)
    ORDER BY g.name, g.id""",
    """SELECT s.safe_sequenced, s.safe_active, s.safe_focused, s.safe_explicit, s.status, s.sources
    FROM {sequences} ps
    JOIN {item} i ON i.sequence_id = ps.sequence_id
    JOIN {sheet} s ON s.id = i.sheet_id
    WHERE ps.project_id = %s""",
    # Each adult's hours: other training plus the hours attended in the linked course of the cascade.
    """SELECT a.full_name, a.other_training_hours,
        (SELECT COALESCE(SUM(t.hours), 0) FROM {attendance} t WHERE t.enrolment_id = a.enrolment_id AND t.present)
    FROM {adult} a WHERE a.project_id = %s ORDER BY a.full_name, a.id""",
)


@cache
def _facts_statements() -> tuple[str, ...]:
    """FACTS_SQL with the models' table names (known once the apps are loaded)."""
    from semis.library.models import ActivitySheet, Programme
    from semis.training.models import Attendance, TrainedTeam

    models = {
        "project": Project,
        "skills": Project.skills.through,
        "sequences": Project.sequences.through,
        "partner": ProjectPartner,
        "session": DeliveredSession,
        "year": ProjectYear,
        "group": Group,
        "adult": ProjectAdult,
        "item": SequenceItem,
        "sheet": ActivitySheet,
        "programme": Programme,
        "team": TrainedTeam,
        "attendance": Attendance,
    }
    tables = {name: connection.ops.quote_name(model._meta.db_table) for name, model in models.items()}
    return tuple(sql.format(**tables) for sql in FACTS_SQL)


def _hours(value) -> Decimal:
    """An hours column as Decimal (SQLite hands back int or float)."""
    return Decimal(str(value))


def _has_sources(value) -> bool:
    return bool(json.loads(value) if isinstance(value, str) else value)


def project_facts(project: Project) -> ProjectFacts:
    """Everything the quality rules read about a project, as stored, in four queries (the project's row
    with its counts, its groups this year, the sheets of its planned sequences, its adults)."""
    with connection.cursor() as cursor:
        results = []
        for sql in _facts_statements():
            cursor.execute(sql, [project.pk])
            results.append(cursor.fetchall())
    (row,), group_rows, items, adult_rows = results
    (
        first_year,
        last_year,
        support_followup,
        support_coleading,
        support_peer_exchange,
        family_involvement,
        climate_team_commitment,
        climate_actions,
        evaluation_kind,
        programme_name,
        programme_evidence,
        trainer_id,
        skills_n,
        partners_n,
        sessions_n,
        fidelity_sum,
    ) = row
    content = ContentFacts(
        sessions=len(items),
        sequenced=sum(bool(item[0]) for item in items),
        active=sum(bool(item[1]) for item in items),
        focused=sum(bool(item[2]) for item in items),
        explicit=sum(bool(item[3]) for item in items),
        published_with_sources=sum(item[4] == SheetStatus.PUBLISHED and _has_sources(item[5]) for item in items),
        programme=programme_name or "",
        programme_evidence=programme_evidence or "",
    )
    return ProjectFacts(
        years_planned=last_year - first_year + 1,
        groups=tuple(GroupFacts(name=name, planned_minutes=int(_hours(hours) * 60)) for name, hours in group_rows),
        content=content,
        skills_targeted=skills_n,
        adults=tuple(
            AdultFacts(name=name, training_minutes=round((_hours(attended) + _hours(other)) * 60))
            for name, other, attended in adult_rows
        ),
        team_followed=trainer_id is not None,
        support_followup=bool(support_followup),
        support_coleading=bool(support_coleading),
        support_peer_exchange=bool(support_peer_exchange),
        family_involvement=family_involvement,
        partners=partners_n,
        climate_team_commitment=bool(climate_team_commitment),
        climate_actions=bool(climate_actions.strip()),
        evaluation=evaluation_kind,
        delivered_sessions=sessions_n,
        fidelity_points=int(fidelity_sum),
    )


@dataclass
class GroupDelivery:
    group: Group
    planned_minutes: int
    delivered_minutes: int
    sessions: int
    fidelity_percent: int | None

    @property
    def done_percent(self) -> int:
        return round(100 * self.delivered_minutes / self.planned_minutes) if self.planned_minutes else 0

    @property
    def planned_label(self) -> str:
        return format_minutes(self.planned_minutes)

    @property
    def delivered_label(self) -> str:
        return format_minutes(self.delivered_minutes)


@dataclass
class ProjectDelivery:
    groups: list[GroupDelivery]
    planned_minutes: int
    delivered_minutes: int
    sessions: int
    fidelity_percent: int | None

    @property
    def done_percent(self) -> int:
        return round(100 * self.delivered_minutes / self.planned_minutes) if self.planned_minutes else 0

    @property
    def planned_label(self) -> str:
        return format_minutes(self.planned_minutes)

    @property
    def delivered_label(self) -> str:
        return format_minutes(self.delivered_minutes)


def project_delivery(project: Project, year) -> ProjectDelivery:
    """Planned vs delivered time and fidelity, per group of `year` and for the project's year (one query)."""
    groups = list(Group.objects.filter(year=year).with_delivery().order_by("name", "pk")) if year else []
    rows = [
        GroupDelivery(
            group=group,
            planned_minutes=group.planned_minutes,
            delivered_minutes=group.delivered_minutes,
            sessions=group.delivered_count,
            fidelity_percent=round(group.fidelity_mean * FIDELITY_PERCENT_PER_POINT)
            if group.fidelity_mean is not None
            else None,
        )
        for group in groups
    ]
    sessions = sum(row.sessions for row in rows)
    points = sum((group.fidelity_mean or 0) * group.delivered_count for group in groups)
    return ProjectDelivery(
        groups=rows,
        planned_minutes=sum(row.planned_minutes for row in rows),
        delivered_minutes=sum(row.delivered_minutes for row in rows),
        sessions=sessions,
        fidelity_percent=round(points * FIDELITY_PERCENT_PER_POINT / sessions) if sessions else None,
    )


@dataclass
class CriterionDistribution:
    code: str
    label: str
    short: str
    met: int
    partly: int
    not_met: int

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met

    def share(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def met_percent(self) -> int:
        return self.share(self.met)

    @property
    def partly_percent(self) -> int:
        return self.share(self.partly)

    @property
    def not_met_percent(self) -> int:
        return self.share(self.not_met)


def rows_of(model, projects):
    """`model`'s rows (a table with a project key) for the projects of `projects`. A national
    perimeter filters nothing, so it reads the whole table instead of semi-joining every project."""
    if not projects.query.has_filters():
        return model.objects.all()
    return model.objects.filter(project__in=projects.values("pk"))


def score_bands(projects) -> dict[str, int]:
    """How many of `projects` fall in each score band (one GROUP BY over the stored scores)."""
    return dict(rows_of(ProjectScore, projects).order_by().values_list("band").annotate(n=Count("pk")))


def criteria_distribution(projects) -> list[CriterionDistribution]:
    """How many of `projects` meet, partly meet or miss each criterion: one GROUP BY over the stored
    results. The most often missing first — not met, then partly met —: "what is missing in my académie?"."""
    rules = load_rules()
    counts = (
        rows_of(CriterionResult, projects)
        .order_by()
        .values("criterion")
        .annotate(
            met=Count("pk", filter=Q(status=CriterionStatus.MET)),
            partly=Count("pk", filter=Q(status=CriterionStatus.PARTLY)),
            not_met=Count("pk", filter=Q(status=CriterionStatus.NOT_MET)),
        )
    )
    by_code = {row["criterion"]: row for row in counts}
    rows = [
        CriterionDistribution(
            code=rule.code,
            label=str(TEXTS[rule.code].label),
            short=str(TEXTS[rule.code].short),
            met=by_code.get(rule.code, {}).get("met", 0),
            partly=by_code.get(rule.code, {}).get("partly", 0),
            not_met=by_code.get(rule.code, {}).get("not_met", 0),
        )
        for rule in rules.criteria
    ]
    return sorted(rows, key=lambda row: (-row.not_met, -row.partly, row.code))
