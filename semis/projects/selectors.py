"""Reads of the projects pages: the facts a project is scored on, dosage and fidelity per group,
the perimeter overview."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from semis.library.enums import SheetStatus
from semis.library.models import SequenceItem
from semis.projects.enums import FIDELITY_PERCENT_PER_POINT, CriterionStatus
from semis.projects.models import CriterionResult, DeliveredSession, Group, Project, ProjectAdult
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


def project_facts(project: Project) -> ProjectFacts:
    """Everything the quality rules read about a project, in a handful of queries."""
    year = current_year(project)
    groups = (
        tuple(GroupFacts(name=g.name, planned_minutes=g.planned_minutes) for g in year.groups.all()) if year else ()
    )
    items = SequenceItem.objects.filter(sequence__in=project.sequences.all()).values_list(
        "sheet__safe_sequenced",
        "sheet__safe_active",
        "sheet__safe_focused",
        "sheet__safe_explicit",
        "sheet__status",
        "sheet__sources",
    )
    rows = list(items)
    programme = project.programme
    content = ContentFacts(
        sessions=len(rows),
        sequenced=sum(row[0] for row in rows),
        active=sum(row[1] for row in rows),
        focused=sum(row[2] for row in rows),
        explicit=sum(row[3] for row in rows),
        published_with_sources=sum(row[4] == SheetStatus.PUBLISHED and bool(row[5]) for row in rows),
        programme=programme.name if programme else "",
        programme_evidence=programme.evidence_level if programme else "",
    )
    adults = tuple(
        AdultFacts(name=adult.full_name, training_minutes=adult.training_minutes)
        for adult in ProjectAdult.objects.filter(project=project).with_attended_hours()
    )
    delivered = DeliveredSession.objects.filter(project=project).aggregate(n=Count("pk"), points=Sum("fidelity"))
    team = project.trained_team
    return ProjectFacts(
        years_planned=project.years_planned,
        groups=groups,
        content=content,
        skills_targeted=project.skills.count(),
        adults=adults,
        team_followed=bool(team and team.trainer_id),
        support_followup=project.support_followup,
        support_coleading=project.support_coleading,
        support_peer_exchange=project.support_peer_exchange,
        family_involvement=project.family_involvement,
        partners=project.partners.count(),
        climate_team_commitment=project.climate_team_commitment,
        climate_actions=bool(project.climate_actions.strip()),
        evaluation=project.evaluation_kind,
        delivered_sessions=delivered["n"] or 0,
        fidelity_points=delivered["points"] or 0,
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
