"""Project pages: list, creation (from a sequence too), detail with its quality criteria, edit,
review and continuation into the next school year."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.library.models import Sequence
from semis.library.sequences import sequence_summary
from semis.projects import services
from semis.projects.charts import criteria_chart
from semis.projects.enums import (
    CYCLE_FIRST_LEVEL,
    EDITABLE_STATUSES,
    EDITOR_ROLES,
    REVIEWER_ROLES,
    Carrier,
    GroupLevel,
    ProjectStatus,
    ScoreBand,
)
from semis.projects.forms import CommentForm, GroupFormSet, ProjectForm, current_skills, year_choices
from semis.projects.models import CriterionResult, DeliveredSession, Group, Project, ProjectAdult
from semis.projects.perms import can_comment_project, can_create_project, can_edit_project, can_review_project
from semis.projects.scoring import TEXTS, from_stored, load_rules, score
from semis.projects.selectors import current_year, project_delivery, project_facts, projects_filtered
from semis.projects.views.common import (
    PAGE_SIZE,
    add_errors,
    editable_project,
    project_crumbs,
    projects_crumb,
    visible_project,
)
from semis.training.dates import school_year_of

SORTS = {
    "titre": ("title", "pk"),
    "score": ("score__score", "title", "pk"),
    "-score": ("-score__score", "title", "pk"),
    "recent": ("-updated_at", "-pk"),
}
# Lazy: built at import, shown in the visitor's language.
SORT_LABELS = [
    ("titre", gettext_lazy("Intitulé")),
    ("-score", gettext_lazy("Score décroissant")),
    ("score", gettext_lazy("Score croissant")),
    ("recent", gettext_lazy("Modifiés récemment")),
]


@access(ALL_ROLES)
def project_list(request):
    projects = Project.objects.visible_to(request.user).with_list_related_data()
    filters = {
        key: request.GET.get(key, "").strip()
        for key in ("q", "competence", "niveau", "qualite", "etat", "annee", "porteur", "tri")
    }
    projects = projects_filtered(
        projects,
        q=filters["q"],
        skill=filters["competence"],
        level=filters["niveau"],
        band=filters["qualite"],
        status=filters["etat"],
        year=int(filters["annee"]) if filters["annee"].isdigit() else None,
        carrier=filters["porteur"],
    )
    projects = projects.order_by(*SORTS.get(filters["tri"], SORTS["titre"]))
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_groups(page.object_list)
    context = {
        "page_obj": page,
        "filters": filters,
        "skills": current_skills(),
        "levels": GroupLevel.choices,
        "bands": ScoreBand.choices,
        "statuses": ProjectStatus.choices,
        "years": year_choices(),
        "carriers": Carrier.choices,
        "sorts": SORT_LABELS,
        "can_create": can_create_project(request.user),
    }
    return render(request, "projects/project_list.html", context)


def _attach_groups(projects) -> None:
    """The levels and pupils of each listed project's current year, read in one query."""
    projects = list(projects)
    by_project = {project.pk: project for project in projects}
    for project in projects:
        project.listed_levels, project.listed_pupils = [], 0
    rows = Group.objects.filter(project__in=by_project).values_list(
        "project_id", "year__school_year", "level", "pupil_count"
    )
    for project_id, year, level, pupils in rows.order_by("project_id", "level"):
        project = by_project[project_id]
        if year == project.current_school_year:
            if GroupLevel(level).label not in project.listed_levels:
                project.listed_levels.append(GroupLevel(level).label)
            project.listed_pupils += pupils


@access(*EDITOR_ROLES)
def project_create(request):
    if not can_create_project(request.user):
        raise PermissionDenied
    sequence = _prefill_sequence(request)
    initial, group_initial = _initial_from(sequence)
    form = ProjectForm(request.POST or None, user=request.user, initial=initial)
    groups = GroupFormSet(request.POST or None, prefix="groupes", initial=group_initial)
    if request.method == "POST" and form.is_valid() and groups.is_valid():
        try:
            project = services.project_create(user=request.user, groups=groups.specs(), **form.plan())
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("Votre rôle ne permet pas de porter un projet à cet endroit."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Le projet est créé en brouillon. Voici ce que disent les critères de qualité : "
                    "à vous de l'améliorer."
                ),
            )
            return redirect("projects:project_detail", pk=project.pk)
    context = {
        "form": form,
        "groups": groups,
        "sequence": sequence,
        "links": [projects_crumb()],
        "title": _("Nouveau projet"),
    }
    return render(request, "projects/project_form.html", context)


def _prefill_sequence(request):
    value = request.GET.get("sequence", "")
    if not value.isdigit():
        return None
    return get_object_or_404(Sequence.objects.visible_to(request.user).with_items(), pk=int(value))


def _initial_from(sequence) -> tuple[dict, list]:
    """A project drafted from a sequence: its skills, the sequence, and groups planned for its hours."""
    year = school_year_of(timezone.localdate())
    initial = {"first_year": year, "last_year": year + 1}
    if sequence is None:
        return initial, []
    summary = sequence_summary(sequence)
    initial.update(
        title=sequence.title,
        sequences=[sequence],
        skills=[skill for skill, _count in summary.skills],
    )
    level = CYCLE_FIRST_LEVEL.get(sequence.cycle)
    hours = (Decimal(summary.total_minutes) / 60).quantize(Decimal("0.5"), rounding=ROUND_HALF_UP) or Decimal("0.5")
    row = {"planned_hours": hours}
    if level:
        row.update(level=level.value, name=f"{level.label} A")
    return initial, [row]


@access(ALL_ROLES)
def project_detail(request, pk):
    project = visible_project(request, pk)
    year = current_year(project)
    outcomes, live = _outcomes(project)
    may_edit = can_edit_project(request.user, project)
    may_review = can_review_project(request.user, project)
    context = {
        "project": project,
        "year": year,
        "outcomes": outcomes,
        "live_score": live,
        "chart": criteria_chart(outcomes),
        "rules": load_rules(),
        "delivery": project_delivery(project, year),
        "past_years": [
            (past, project_delivery(project, past)) for past in project.years.exclude(pk=getattr(year, "pk", None))
        ],
        "adults": ProjectAdult.objects.filter(project=project)
        .with_attended_hours()
        .select_related("enrolment__course"),
        "partners": project.partners.all(),
        "skills": project.skills.select_related("general_skill"),
        "sequences": project.sequences.all(),
        "reviews": project.reviews.select_related("author"),
        "recent_sessions": DeliveredSession.objects.filter(project=project)
        .select_related("group", "sheet")
        .order_by("-date", "-pk")[:10],
        "may_edit": may_edit,
        "may_edit_plan": may_edit and project.status in EDITABLE_STATUSES,
        "may_submit": may_edit and project.status in (ProjectStatus.DRAFT, ProjectStatus.CHANGES_REQUESTED),
        "may_review": may_review and project.status == ProjectStatus.SUBMITTED,
        "may_comment": can_comment_project(request.user, project),
        "comment_form": CommentForm(),
        "links": [projects_crumb()],
    }
    return render(request, "projects/project_detail.html", context)


def _outcomes(project) -> tuple[list, bool]:
    """The stored criteria results when they are of the current rule set; else scored now, unsaved
    (GET never writes: the next change or the periodic rescore stores them)."""
    rules = load_rules()
    stored = getattr(project, "score", None)
    if stored is not None and stored.rules_version == rules.version:
        results = {r.criterion: r for r in CriterionResult.objects.filter(project=project)}
        if all(rule.code in results for rule in rules.criteria):
            return [
                from_stored(rule.code, results[rule.code].status, results[rule.code].params) for rule in rules.criteria
            ], False
    return list(score(project_facts(project), rules).outcomes), True


@access(*EDITOR_ROLES)
def project_edit(request, pk):
    project = editable_project(request, pk)
    if project.status not in EDITABLE_STATUSES:
        messages.error(request, _("Le projet est en cours de validation : attendez la décision avant de le modifier."))
        return redirect("projects:project_detail", pk=project.pk)
    initial = {name: getattr(project, name) for name in (*services.PLAN_FIELDS, "first_year")}
    initial.update(version=project.version, skills=list(project.skills.all()), sequences=list(project.sequences.all()))
    form = ProjectForm(request.POST or None, user=request.user, project=project, initial=initial)
    stored = None
    if request.method == "POST" and form.is_valid():
        plan = form.plan()
        version = form.cleaned_data.get("version") or 0
        try:
            services.project_update(user=request.user, project=project, version=version, **plan)
        except services.ProjectChanged as conflict:
            stored = conflict.current
            data = request.POST.copy()
            data["version"] = stored.version
            form = ProjectForm(data, user=request.user, project=stored, initial=initial)
            form.is_valid()
            form.add_error(None, conflict.messages)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if project.status == ProjectStatus.VALIDATED:
                messages.warning(
                    request, _("Le projet validé a changé : il repasse en brouillon, soumettez-le à nouveau.")
                )
            else:
                messages.success(request, _("Projet enregistré, score recalculé."))
            return redirect("projects:project_detail", pk=project.pk)
    context = {
        "form": form,
        "project": project,
        "stored": stored,
        "links": project_crumbs(project),
        "title": _("Modifier le projet"),
    }
    return render(request, "projects/project_form.html", context)


@access(*EDITOR_ROLES)
@require_POST
def project_submit(request, pk):
    project = editable_project(request, pk)
    try:
        services.project_submit(user=request.user, project=project, comment=request.POST.get("body", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le projet est soumis à validation."))
    return redirect("projects:project_detail", pk=project.pk)


@access(*(EDITOR_ROLES | REVIEWER_ROLES))
@require_POST
def project_review(request, pk):
    """A comment, or a reviewer's decision (validate, ask for changes), with its comment."""
    project = visible_project(request, pk)
    action = request.POST.get("action", "comment")
    body = request.POST.get("body", "")
    try:
        if action == "validate":
            services.project_validate(user=request.user, project=project, comment=body)
            done = _("Le projet est validé.")
        elif action == "changes":
            services.project_request_changes(user=request.user, project=project, comment=body)
            done = _("Les modifications sont demandées à l'équipe du projet.")
        else:
            services.project_comment(user=request.user, project=project, body=body)
            done = _("Commentaire ajouté.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("projects:project_detail", pk=project.pk)


@access(*EDITOR_ROLES)
@require_POST
def project_continue(request, pk):
    project = editable_project(request, pk)
    try:
        year = services.project_continue(user=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("L'année %(year)s est ouverte : les groupes passent au niveau suivant, vérifiez-les.")
            % {"year": year.label},
        )
    return redirect("projects:project_detail", pk=project.pk)


@access(ALL_ROLES)
def rules(request):
    """The quality rule set in force, criterion by criterion, with its thresholds and sources."""
    rule_set = load_rules()
    criteria = [
        {
            "text": TEXTS[rule.code],
            "thresholds": TEXTS[rule.code].describe(rule.params),
            "sources": [rule_set.sources[source] for source in rule.sources],
        }
        for rule in rule_set.criteria
    ]
    context = {"rule_set": rule_set, "criteria": criteria, "links": [projects_crumb()]}
    return render(request, "projects/rules.html", context)
