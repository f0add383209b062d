"""Every write on local projects. Each service checks who may act (semis.projects.perms), validates,
writes in one transaction under the project's row lock, and rescores the project before it returns:
the stored score always matches what was just written.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semis.core.tasks import send_email
from semis.library.models import SequenceItem
from semis.projects import perms
from semis.projects.enums import Carrier, GroupLevel, ProjectStatus, ReviewKind
from semis.projects.models import (
    CriterionResult,
    DeliveredSession,
    Group,
    Project,
    ProjectAdult,
    ProjectPartner,
    ProjectReview,
    ProjectScore,
    ProjectYear,
)
from semis.projects.scoring import ScoreResult, score
from semis.projects.selectors import project_facts
from semis.training.dates import school_year_bounds, school_year_label, school_year_of


class ProjectChanged(ValidationError):
    """Someone saved the project after the form was opened; `current` is what is stored now."""

    def __init__(self, current: Project):
        super().__init__(
            _(
                "Quelqu'un d'autre a enregistré ce projet pendant que vous le modifiiez. Vos saisies sont "
                "conservées ci-dessous : relisez le projet, puis enregistrez à nouveau pour les appliquer."
            ),
            code="project_changed",
        )
        self.current = current


@dataclass(frozen=True)
class GroupSpec:
    name: str
    level: str
    pupil_count: int
    planned_hours: Decimal


# The fields of the plan a carrier edits (the place and the first year are set at creation).
PLAN_FIELDS = (
    "title",
    "summary",
    "setting",
    "structure",
    "last_year",
    "programme",
    "trained_team",
    "family_involvement",
    "family_actions",
    "climate_team_commitment",
    "climate_actions",
    "support_followup",
    "support_coleading",
    "support_peer_exchange",
    "support_notes",
    "evaluation_kind",
    "evaluation_notes",
)
TEXT_FIELDS = {
    "title",
    "summary",
    "structure",
    "family_actions",
    "climate_actions",
    "support_notes",
    "evaluation_notes",
}


def _locked(project: Project) -> Project:
    """The project row locked for this transaction: writes on one project take turns."""
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("establishment__commune__departement", "territory", "programme", "trained_team")
        .get(pk=project.pk)
    )


def _require_editor(user, project: Project) -> None:
    if not perms.can_edit_project(user, project):
        raise PermissionDenied(_("Seules les personnes qui portent ce projet peuvent le modifier."))


def _locate(project: Project) -> None:
    """Keep the project's région, académie and département on its row (see semis.projects.models)."""
    if project.carrier == Carrier.SCHOOL:
        departement = project.establishment.commune.departement
        project.region_id, project.academie_id, project.departement_id = (
            departement.region_id,
            departement.academie_id,
            departement.pk,
        )
        return
    territory = project.territory
    places = list(territory.communes.values_list("departement_id", "departement__academie_id").distinct())
    academies = {academie for _d, academie in places}
    project.region_id = territory.region_id
    project.academie_id = academies.pop() if len(academies) == 1 else None
    project.departement_id = places[0][0] if len(places) == 1 else None


def _clean_groups(groups: list[GroupSpec]) -> None:
    names = [group.name.strip().lower() for group in groups]
    if len(set(names)) != len(names):
        raise ValidationError({"groups": _("Deux groupes portent le même nom : donnez-leur des noms distincts.")})


def _new_group(project: Project, year: ProjectYear, spec: GroupSpec, **extra) -> Group:
    group = Group(
        project=project,
        year=year,
        name=spec.name.strip(),
        level=spec.level,
        pupil_count=spec.pupil_count,
        planned_hours=spec.planned_hours,
        **extra,
    )
    group.full_clean()
    group.save()
    return group


def _review(project: Project, user, kind: str, body: str = "") -> ProjectReview:
    review = ProjectReview(project=project, author=user, kind=kind, body=body.strip())
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def project_create(
    *,
    user,
    carrier: str,
    title: str,
    first_year: int,
    last_year: int,
    establishment=None,
    territory=None,
    setting: str = "",
    structure: str = "",
    summary: str = "",
    skills=(),
    sequences=(),
    groups: list[GroupSpec] = (),
    **plan,
) -> Project:
    """A draft project, its first school year and its groups; `plan` takes the other PLAN_FIELDS."""
    if not perms.can_carry_in(user, carrier, establishment=establishment, territory=territory):
        raise PermissionDenied(_("Votre rôle ne permet pas de porter un projet à cet endroit."))
    _clean_groups(list(groups))
    project = Project(
        carrier=carrier,
        establishment=establishment if carrier == Carrier.SCHOOL else None,
        territory=territory if carrier == Carrier.TERRITORY else None,
        # A structure and its living environment belong to out-of-school projects only.
        setting=setting if carrier == Carrier.TERRITORY else "",
        structure=structure.strip() if carrier == Carrier.TERRITORY else "",
        title=title.strip(),
        summary=summary.strip(),
        first_year=first_year,
        last_year=last_year,
        created_by=user,
        **{name: value.strip() if name in TEXT_FIELDS else value for name, value in plan.items()},
    )
    project.full_clean()  # region, académie and département are not editable: checked once located
    _locate(project)
    project.save()
    project.skills.set(skills)
    project.sequences.set(sequences)
    year = ProjectYear.objects.create(project=project, school_year=first_year)
    for spec in groups:
        _new_group(project, year, spec)
    project_rescore(project=project)
    return project


@transaction.atomic
def project_update(
    *, user, project: Project, version: int, first_year: int | None = None, skills=None, sequences=None, **plan
) -> Project:
    """Save the plan edited from `version`; raises ProjectChanged when a newer save exists. Editing a
    validated project sends it back to draft: the changed plan needs a new review."""
    current = _locked(project)
    _require_editor(user, current)
    if current.version != version:
        raise ProjectChanged(current)
    if current.status == ProjectStatus.SUBMITTED:
        raise ValidationError(_("Le projet est en cours de validation : attendez la décision avant de le modifier."))
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not plan fields: {sorted(unknown)}")
    for name, value in plan.items():
        setattr(current, name, value.strip() if name in TEXT_FIELDS else value)
    if first_year is not None and first_year != current.first_year:
        _move_first_year(current, first_year)
    latest = current.years.aggregate(latest=Max("school_year"))["latest"]
    if latest is not None and current.last_year < latest:
        raise ValidationError(
            {
                "last_year": _("Le projet a déjà une année %(year)s : la dernière année ne peut pas la précéder.")
                % {"year": school_year_label(latest)}
            }
        )
    current.version += 1
    reopened = current.status == ProjectStatus.VALIDATED
    if reopened:
        current.status = ProjectStatus.DRAFT
        current.validated_at = None
    current.full_clean()
    current.save()
    if skills is not None:
        current.skills.set(skills)
    if sequences is not None:
        current.sequences.set(sequences)
    if reopened:
        _review(current, user, ReviewKind.REOPENED)
    project_rescore(project=current)
    return current


def _move_first_year(project: Project, first_year: int) -> None:
    years = list(project.years.all())
    if len(years) > 1 or DeliveredSession.objects.filter(project=project).exists():
        raise ValidationError(
            {"first_year": _("Des séances sont déjà consignées : la première année ne peut plus changer.")}
        )
    project.first_year = first_year
    for year in years:
        year.school_year = first_year
        year.save()


@transaction.atomic
def project_submit(*, user, project: Project, comment: str = "") -> Project:
    current = _locked(project)
    _require_editor(user, current)
    if current.status not in (ProjectStatus.DRAFT, ProjectStatus.CHANGES_REQUESTED):
        raise ValidationError(_("Seul un projet en brouillon ou à modifier peut être soumis."))
    if not current.groups.exists():
        raise ValidationError(_("Ajoutez au moins un groupe avant de soumettre le projet."))
    current.status = ProjectStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.save()
    _review(current, user, ReviewKind.SUBMITTED, comment)
    return current


def _decide(user, project: Project, status: str, kind: str, body: str) -> Project:
    current = _locked(project)
    if not perms.can_review_project(user, current):
        raise PermissionDenied(_("Seul le pilotage académique ou territorial de ce projet en décide."))
    if current.status != ProjectStatus.SUBMITTED:
        raise ValidationError(_("Ce projet n'est pas en attente de validation."))
    current.status = status
    current.validated_at = timezone.now() if status == ProjectStatus.VALIDATED else None
    current.save()
    _review(current, user, kind, body)
    return current


@transaction.atomic
def project_validate(*, user, project: Project, comment: str = "") -> Project:
    return _decide(user, project, ProjectStatus.VALIDATED, ReviewKind.VALIDATED, comment)


@transaction.atomic
def project_request_changes(*, user, project: Project, comment: str) -> Project:
    if not comment.strip():
        raise ValidationError({"body": _("Dites ce qui doit changer : l'équipe en a besoin pour reprendre le projet.")})
    return _decide(user, project, ProjectStatus.CHANGES_REQUESTED, ReviewKind.CHANGES_REQUESTED, comment)


@transaction.atomic
def project_comment(*, user, project: Project, body: str) -> ProjectReview:
    if not perms.can_comment_project(user, project):
        raise PermissionDenied(_("Seules les personnes qui portent ou valident ce projet le commentent."))
    if not body.strip():
        raise ValidationError({"body": _("Écrivez votre commentaire.")})
    return _review(project, user, ReviewKind.COMMENT, body)


@transaction.atomic
def project_continue(*, user, project: Project) -> ProjectYear:
    """Open the next school year: the groups move up a level (CE2 → CM1) with the same planned hours,
    each linked to the group it continues; the past years keep their groups and sessions."""
    current = _locked(project)
    _require_editor(user, current)
    latest = current.years.order_by("-school_year").first()
    next_year = latest.school_year + 1
    if next_year > school_year_of(timezone.localdate()) + 1:
        raise ValidationError(
            _("L'année %(year)s est déjà ouverte : la suivante s'ouvrira le moment venu.")
            % {"year": school_year_label(latest.school_year)}
        )
    if next_year - current.first_year + 1 > 6:
        raise ValidationError(_("Un projet couvre au plus 6 années scolaires."))
    year = ProjectYear.objects.create(project=current, school_year=next_year)
    for group in latest.groups.all():
        level = GroupLevel(group.level)
        name, old_label = group.name, str(level.label)
        if level.next_level != level and name.upper().startswith(old_label.upper()):
            name = str(level.next_level.label) + name[len(old_label) :]  # "CE2 B" becomes "CM1 B"
        spec = GroupSpec(
            name=name, level=level.next_level, pupil_count=group.pupil_count, planned_hours=group.planned_hours
        )
        _new_group(current, year, spec, continued_from=group)
    if current.last_year < next_year:
        current.last_year = next_year
        current.version += 1
        current.full_clean()
        current.save()
    _review(current, user, ReviewKind.CONTINUED, school_year_label(next_year))
    project_rescore(project=current)
    return year


# ---------------------------------------------------------------------------------------------
# Groups, adults, partners


@transaction.atomic
def group_add(*, user, project: Project, name: str, level: str, pupil_count: int, planned_hours: Decimal) -> Group:
    current = _locked(project)
    _require_editor(user, current)
    year = current.years.order_by("-school_year").first()
    if year.groups.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Un groupe porte déjà ce nom cette année.")})
    group = _new_group(current, year, GroupSpec(name, level, pupil_count, planned_hours))
    project_rescore(project=current)
    return group


@transaction.atomic
def group_update(*, user, group: Group, name: str, level: str, pupil_count: int, planned_hours: Decimal) -> Group:
    current = _locked(group.project)
    _require_editor(user, current)
    group = Group.objects.select_related("year").get(pk=group.pk)
    if group.year.groups.filter(name__iexact=name.strip()).exclude(pk=group.pk).exists():
        raise ValidationError({"name": _("Un groupe porte déjà ce nom cette année.")})
    most_present = group.sessions.aggregate(most=Max("pupils_present"))["most"] or 0
    if pupil_count < most_present:
        raise ValidationError(
            {
                "pupil_count": _(
                    "Une séance consignée compte déjà %(present)s présents : le groupe ne peut pas en compter moins."
                )
                % {"present": most_present}
            }
        )
    group.name, group.level, group.pupil_count, group.planned_hours = name.strip(), level, pupil_count, planned_hours
    group.full_clean()
    group.save()
    project_rescore(project=current)
    return group


@transaction.atomic
def group_delete(*, user, group: Group) -> None:
    current = _locked(group.project)
    _require_editor(user, current)
    if group.sessions.exists():
        raise ValidationError(_("Des séances sont consignées pour ce groupe : il ne peut plus être retiré."))
    group.delete()
    project_rescore(project=current)


@transaction.atomic
def adult_add(
    *, user, project: Project, full_name: str, function: str = "", enrolment=None, other_training_hours=Decimal("0")
) -> ProjectAdult:
    current = _locked(project)
    _require_editor(user, current)
    if enrolment is not None and current.adults.filter(enrolment=enrolment).exists():
        raise ValidationError({"enrolment": _("Cette personne formée est déjà déclarée dans le projet.")})
    adult = ProjectAdult(
        project=current,
        full_name=full_name.strip(),
        function=function.strip(),
        enrolment=enrolment,
        other_training_hours=other_training_hours or Decimal("0"),
    )
    adult.full_clean()
    adult.save()
    project_rescore(project=current)
    return adult


@transaction.atomic
def adult_update(*, user, adult: ProjectAdult, full_name: str, function: str, other_training_hours) -> ProjectAdult:
    current = _locked(adult.project)
    _require_editor(user, current)
    adult.full_name, adult.function = full_name.strip(), function.strip()
    adult.other_training_hours = other_training_hours or Decimal("0")
    adult.full_clean()
    adult.save()
    project_rescore(project=current)
    return adult


@transaction.atomic
def adult_remove(*, user, adult: ProjectAdult) -> None:
    current = _locked(adult.project)
    _require_editor(user, current)
    adult.delete()
    project_rescore(project=current)


@transaction.atomic
def partner_add(*, user, project: Project, name: str, kind: str, contribution: str = "") -> ProjectPartner:
    current = _locked(project)
    _require_editor(user, current)
    partner = ProjectPartner(project=current, name=name.strip(), kind=kind, contribution=contribution.strip())
    partner.full_clean()
    partner.save()
    project_rescore(project=current)
    return partner


@transaction.atomic
def partner_remove(*, user, partner: ProjectPartner) -> None:
    current = _locked(partner.project)
    _require_editor(user, current)
    partner.delete()
    project_rescore(project=current)


# ---------------------------------------------------------------------------------------------
# Delivery log


def project_sheets(project: Project):
    """The sheets of the project's planned sequences: what its sessions are logged against."""
    from semis.library.models import ActivitySheet

    items = SequenceItem.objects.filter(sequence__in=project.sequences.all())
    return ActivitySheet.objects.filter(pk__in=items.values("sheet"))


@transaction.atomic
def delivery_record(
    *,
    user,
    group: Group,
    date: datetime.date,
    minutes: int,
    pupils_present: int,
    fidelity: int,
    engagement: int,
    submission_key: uuid.UUID,
    sheet=None,
    activity: str = "",
    adaptations: str = "",
) -> tuple[DeliveredSession, bool]:
    """Log a session run with a group. Returns (session, created): a form sent twice (same
    submission key) returns the session the first sending wrote, and writes nothing."""
    project = _locked(group.project)
    _require_editor(user, project)
    already = DeliveredSession.objects.filter(submission_key=submission_key).first()
    if already is not None:
        if already.group_id != group.pk:
            raise ValidationError(_("Ce formulaire a déjà servi pour un autre groupe : rechargez la page."))
        return already, False
    group = Group.objects.select_related("year").get(pk=group.pk)
    errors = {}
    today = timezone.localdate()
    first_day, last_day = school_year_bounds(group.year.school_year)
    if date > today:
        errors["date"] = _("La date ne peut pas être dans le futur.")
    elif date < project.start_date:
        errors["date"] = _("Le %(date)s est avant le début du projet (%(start)s).") % {
            "date": date_format(date, "SHORT_DATE_FORMAT"),
            "start": date_format(project.start_date, "j F Y"),
        }
    elif not first_day <= date <= last_day:
        errors["date"] = _(
            "Le groupe « %(group)s » est inscrit en %(year)s : la date doit tomber dans cette année scolaire."
        ) % {
            "group": group.name,
            "year": group.year.label,
        }
    if sheet is None and not activity.strip():
        errors["sheet"] = _("Choisissez la fiche menée, ou décrivez l'activité.")
    elif sheet is not None and not project_sheets(project).filter(pk=sheet.pk).exists():
        errors["sheet"] = _("Cette fiche ne fait partie d'aucune séquence du projet.")
    if pupils_present > group.pupil_count:
        errors["pupils_present"] = _("Le groupe compte %(count)s élèves : pas plus de présents.") % {
            "count": group.pupil_count
        }
    if (
        sheet is not None
        and "date" not in errors
        and DeliveredSession.objects.filter(group=group, date=date, sheet=sheet).exists()
    ):
        errors["sheet"] = _(
            "Cette séance est déjà consignée : « %(sheet)s » avec %(group)s le %(date)s. Rien n'a été ajouté."
        ) % {"sheet": sheet.title, "group": group.name, "date": date_format(date, "SHORT_DATE_FORMAT")}
    if errors:
        raise ValidationError(errors)
    session = DeliveredSession(
        project=project,
        group=group,
        date=date,
        sheet=sheet,
        activity="" if sheet is not None else activity.strip(),
        minutes=minutes,
        pupils_present=pupils_present,
        adaptations=adaptations.strip(),
        fidelity=fidelity,
        engagement=engagement,
        recorded_by=user,
        submission_key=submission_key,
    )
    session.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # The same form sent twice at the same instant: the other sending wrote it.
        existing = DeliveredSession.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    project_rescore(project=project)
    return session, True


@transaction.atomic
def delivery_delete(*, user, session: DeliveredSession) -> None:
    project = _locked(session.project)
    _require_editor(user, project)
    session.delete()
    project_rescore(project=project)


def delivery_send_reminders(*, now: datetime.datetime) -> int:
    """E-mail the creator of each submitted or validated project whose groups of this school year have
    logged no session for PROJECTS_REMINDER_DAYS while their planned hours are not reached. Each group
    is reminded at most once per period: the mark and the e-mail commit together."""
    today = timezone.localdate(now)
    if today.month in (7, 8):  # summer holidays: nothing is planned
        return 0
    quiet_since = today - datetime.timedelta(days=settings.PROJECTS_REMINDER_DAYS)
    groups = (
        Group.objects.with_delivery()
        .filter(
            year__school_year=school_year_of(today),
            project__status__in=(ProjectStatus.SUBMITTED, ProjectStatus.VALIDATED),
            project__created_by__is_active=True,
            created_at__date__lte=quiet_since,
        )
        .exclude(reminder_sent_at__date__gt=quiet_since)
    )
    due: dict[int, list[int]] = {}
    for group in groups:
        quiet = group.last_delivered_on is None or group.last_delivered_on <= quiet_since
        if quiet and group.delivered_minutes < group.planned_minutes:
            due.setdefault(group.project_id, []).append(group.pk)
    sent = 0
    for project_id, group_ids in due.items():
        with transaction.atomic():
            locked = list(
                Group.objects.select_for_update(skip_locked=True)
                .filter(pk__in=group_ids)
                .exclude(reminder_sent_at__date__gt=quiet_since)
            )
            if not locked:
                continue
            for group in locked:
                group.reminder_sent_at = now
                group.save(update_fields=["reminder_sent_at"])
            reminded = list(Group.objects.with_delivery().filter(pk__in=[g.pk for g in locked]).order_by("name"))
            _send_reminder(Project.objects.select_related("created_by").get(pk=project_id), reminded)
            sent += 1
    return sent


def _send_reminder(project: Project, groups: list[Group]) -> None:
    context = {
        "project": project,
        "groups": groups,
        "days": settings.PROJECTS_REMINDER_DAYS,
        "link": settings.SITE_URL + reverse("projects:delivery_log", args=[project.pk]),
    }
    body = render_to_string("projects/emails/delivery_reminder.txt", context)
    subject = _("Projet « %(title)s » : des séances à consigner") % {"title": project.title}
    to = [project.created_by.email]
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


# ---------------------------------------------------------------------------------------------
# Score


def project_rescore(*, project: Project) -> ScoreResult:
    """Score the project on its current facts and store the result (ProjectScore, one CriterionResult
    per criterion). Called by every service above, inside its transaction and under its lock."""
    result = score(project_facts(project))
    ProjectScore.objects.update_or_create(
        project=project,
        defaults={
            "score": result.score,
            "band": result.band,
            "rules_version": result.rules_version,
            "met_count": result.met_count,
            "partly_count": result.partly_count,
            "criterion_count": len(result.outcomes),
            "computed_at": timezone.now(),
        },
    )
    CriterionResult.objects.filter(project=project).delete()
    CriterionResult.objects.bulk_create(
        CriterionResult(project=project, criterion=o.code, status=o.status, params=dict(o.params))
        for o in result.outcomes
    )
    return result


def projects_rescore(*, project_ids=None) -> int:
    """Rescore many projects, each in its own short transaction (after a new rule set, or because the
    training hours of their adults or the sheets of their sequences changed elsewhere)."""
    queryset = Project.objects.order_by("pk")
    if project_ids is not None:
        queryset = queryset.filter(pk__in=project_ids)
    count = 0
    for pk in queryset.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            project = Project.objects.select_for_update(of=("self",)).filter(pk=pk).first()
            if project is not None:
                project_rescore(project=project)
                count += 1
    return count
