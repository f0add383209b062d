"""Reads of the projects pages: the facts a project is scored on, dosage and fidelity per group,
the perimeter overview."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from semis.library.enums import SheetStatus
from semis.library.models import SequenceItem
from semis.projects.enums import FIDELITY_PERCENT_PER_POINT, CriterionStatus
from semis.projects.models import (
    CriterionResult,
    DeliveredSession,
    Group,
    Project,
    ProjectAdult,
    ProjectPartner,
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


def current_year(project: Project):
    """The project's latest school year (the one its groups are planned in now), or None."""
    return project.years.order_by("-school_year").first()


def _per_project(queryset):
    return queryset.filter(project_id=OuterRef("pk")).order_by().values("project_id")


PLAN_FACTS = (
    "first_year",
    "last_year",
    "support_followup",
    "support_coleading",
    "support_peer_exchange",
    "family_involvement",
    "climate_team_commitment",
    "climate_actions",
    "evaluation_kind",
    "programme__name",
    "programme__evidence_level",
    "trained_team__trainer_id",
)


def project_facts(project: Project) -> ProjectFacts:
    """Everything the quality rules read about a project, as stored: four queries of plain values
    (the project's row with its counts, its groups this year, its planned sessions, its adults)."""
    pk = project.pk
    row = (
        Project.objects.filter(pk=pk)
        .values(*PLAN_FACTS)
        .annotate(
            skills_n=Coalesce(
                Subquery(_per_project(Project.skills.through.objects).annotate(n=Count("*")).values("n")), 0
            ),
            partners_n=Coalesce(Subquery(_per_project(ProjectPartner.objects).annotate(n=Count("*")).values("n")), 0),
            sessions_n=Coalesce(Subquery(_per_project(DeliveredSession.objects).annotate(n=Count("*")).values("n")), 0),
            fidelity_sum=Coalesce(
                Subquery(_per_project(DeliveredSession.objects).annotate(n=Sum("fidelity")).values("n")), 0
            ),
        )
        .get()
    )
    latest = ProjectYear.objects.filter(project_id=pk).order_by("-school_year").values("pk")[:1]
    groups = tuple(
        GroupFacts(name=name, planned_minutes=int(hours * 60))
        for name, hours in Group.objects.filter(year_id=Subquery(latest))
        .order_by("name", "pk")
        .values_list("name", "planned_hours")
    )
    items = list(
        SequenceItem.objects.filter(sequence__cps_projects=pk)
        .order_by()
        .values_list(
            "sheet__safe_sequenced",
            "sheet__safe_active",
            "sheet__safe_focused",
            "sheet__safe_explicit",
            "sheet__status",
            "sheet__sources",
        )
    )
    content = ContentFacts(
        sessions=len(items),
        sequenced=sum(item[0] for item in items),
        active=sum(item[1] for item in items),
        focused=sum(item[2] for item in items),
        explicit=sum(item[3] for item in items),
        published_with_sources=sum(item[4] == SheetStatus.PUBLISHED and bool(item[5]) for item in items),
        programme=row["programme__name"] or "",
        programme_evidence=row["programme__evidence_level"] or "",
    )
    adults = tuple(
        AdultFacts(name=name, training_minutes=round((attended + other) * 60))
        for name, other, attended in ProjectAdult.objects.filter(project_id=pk)
        .with_attended_hours()
        .values_list("full_name", "other_training_hours", "attended_hours")
    )
    return ProjectFacts(
        years_planned=row["last_year"] - row["first_year"] + 1,
        groups=groups,
        content=content,
        skills_targeted=row["skills_n"],
        adults=adults,
        team_followed=row["trained_team__trainer_id"] is not None,
        support_followup=row["support_followup"],
        support_coleading=row["support_coleading"],
        support_peer_exchange=row["support_peer_exchange"],
        family_involvement=row["family_involvement"],
        partners=row["partners_n"],
        climate_team_commitment=row["climate_team_commitment"],
        climate_actions=bool(row["climate_actions"].strip()),
        evaluation=row["evaluation_kind"],
        delivered_sessions=row["sessions_n"],
        fidelity_points=row["fidelity_sum"],
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


def criteria_distribution(projects) -> list[CriterionDistribution]:
    """How many of `projects` meet, partly meet or miss each criterion: one GROUP BY over the stored
    results. The most often missing first — not met, then partly met —: "what is missing in my académie?"."""
    rules = load_rules()
    counts = (
        CriterionResult.objects.filter(project__in=projects.values("pk"))
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
