"""Every write of the training cascade. Each service checks who may act (semis.training.perms),
validates, writes in one transaction, and starts background work only once it commits."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semis.core.tasks import send_email
from semis.geo.models import Establishment, validate_uai
from semis.training import tasks
from semis.training.dates import add_months, school_year_of
from semis.training.documents import attestation_pdf
from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus
from semis.training.formats import hours_label
from semis.training.models import (
    Attendance,
    Attestation,
    Enrolment,
    FollowUp,
    SupervisionSession,
    TrainedTeam,
    Trainer,
    TrainerQualification,
    TrainingCourse,
    TrainingProgramme,
    TrainingSession,
    TrainingTarget,
)
from semis.training.perms import can_manage_course, can_record_followup, can_run_course, manages_academie

MIN_SESSION_HOURS = Decimal("0.5")
MAX_SESSION_HOURS = Decimal("4.0")


@dataclass(frozen=True)
class SessionSpec:
    date: datetime.date
    half_day: str
    hours: Decimal


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    uai: str = ""
    organisation: str = ""


def _locked(course: TrainingCourse) -> TrainingCourse:
    """The course row locked for this transaction: enrolments and attendance on one course are serialised."""
    locked = TrainingCourse.objects.select_for_update(of=("self",)).select_related("programme__academie")
    return locked.get(pk=course.pk)


def _require_planned(course: TrainingCourse) -> None:
    if course.status == CourseStatus.COMPLETED:
        raise ValidationError(_("Ce stage est clos : ses inscriptions et ses émargements ne changent plus."))
    if course.status == CourseStatus.CANCELLED:
        raise ValidationError(_("Ce stage est annulé."))


# Courses


def _check_sessions(sessions: list[SessionSpec]) -> None:
    if not sessions:
        raise ValidationError({"sessions": _("Ajoutez au moins une demi-journée.")})
    errors, seen = [], set()
    for spec in sessions:
        key = (spec.date, spec.half_day)
        if key in seen:
            errors.append(
                _("La demi-journée du %(date)s (%(half_day)s) figure deux fois.")
                % {"date": date_format(spec.date, "SHORT_DATE_FORMAT"), "half_day": spec.half_day}
            )
        seen.add(key)
        if not MIN_SESSION_HOURS <= spec.hours <= MAX_SESSION_HOURS:
            errors.append(
                _("Le %(date)s : une demi-journée dure entre 0,5 et 4 heures (%(hours)s h indiquées).")
                % {"date": date_format(spec.date, "SHORT_DATE_FORMAT"), "hours": hours_label(spec.hours)}
            )
    if len({school_year_of(spec.date) for spec in sessions}) > 1:
        errors.append(_("Toutes les demi-journées d'un stage tombent dans la même année scolaire (septembre à août)."))
    if errors:
        raise ValidationError({"sessions": errors})


def _check_trainers(trainers: list[Trainer], programme: TrainingProgramme) -> None:
    if not trainers:
        raise ValidationError({"trainers": _("Choisissez au moins un·e professionnel·le-ressource.")})
    for trainer in trainers:
        if trainer.academie_id != programme.academie_id or not trainer.is_active:
            raise ValidationError(
                {
                    "trainers": _(
                        "%(trainer)s n'est pas professionnel·le-ressource en activité de l'académie %(academie)s."
                    )
                    % {"trainer": trainer, "academie": programme.academie}
                }
            )


@transaction.atomic
def course_create(
    *,
    user,
    programme: TrainingProgramme,
    title: str,
    public: str,
    departement,
    place: str,
    capacity: int,
    trainers: list[Trainer],
    sessions: list[SessionSpec],
    description: str = "",
) -> TrainingCourse:
    """A course with its half-day sessions, in a programme the user steers."""
    if not manages_academie(user, programme.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    if not programme.is_active:
        raise ValidationError({"programme": _("Ce programme de formation est clos.")})
    _check_sessions(sessions)
    _check_trainers(trainers, programme)
    course = TrainingCourse(
        programme=programme,
        title=title.strip(),
        public=public,
        departement=departement,
        place=place.strip(),
        capacity=capacity,
        description=description.strip(),
        school_year=school_year_of(min(spec.date for spec in sessions)),
        created_by=user,
    )
    course.full_clean()
    course.save()
    course.trainers.set(trainers)
    for spec in sorted(sessions, key=lambda s: (s.date, s.half_day)):
        session = TrainingSession(course=course, date=spec.date, half_day=spec.half_day, hours=spec.hours)
        session.full_clean()
        session.save()
    return course


@transaction.atomic
def course_cancel(*, user, course: TrainingCourse) -> TrainingCourse:
    course = _locked(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    _require_planned(course)
    course.status = CourseStatus.CANCELLED
    course.save(update_fields=["status"])
    return course


@transaction.atomic
def course_complete(*, user, course: TrainingCourse, today: datetime.date | None = None) -> TrainingCourse:
    """Close a course after its last half-day: the attendees' attestations are issued, the trained
    teachers of each school form a team, and each team gets its follow-up plan (the programme's
    offsets, by default +3, +12 and +24 months after the last half-day)."""
    course = _locked(course)
    if not can_run_course(user, course):
        raise PermissionDenied(_("Seul·e·s les formateur·rice·s du stage et le pilotage académique peuvent le clore."))
    _require_planned(course)
    today = today or timezone.localdate()
    last_day = course.sessions.order_by("-date").values_list("date", flat=True).first()
    if last_day is None or last_day > today:
        raise ValidationError(
            _("Le stage se termine le %(date)s : il ne peut être clos qu'après sa dernière demi-journée.")
            % {"date": date_format(last_day, "SHORT_DATE_FORMAT") if last_day else "?"}
        )
    attendees = [
        enrolment
        for enrolment in Enrolment.objects.filter(course=course).with_attended_hours().select_related("establishment")
        if enrolment.attended_hours > 0
    ]
    if not attendees:
        raise ValidationError(_("Aucune présence n'est saisie : faites l'émargement avant de clore le stage."))
    course.status = CourseStatus.COMPLETED
    course.completed_at = timezone.now()
    course.save(update_fields=["status", "completed_at"])

    lead = course.trainers.first()
    by_school = defaultdict(list)
    for enrolment in attendees:
        if enrolment.establishment_id is not None:
            by_school[enrolment.establishment].append(enrolment)
    for establishment, members in by_school.items():
        team = TrainedTeam(course=course, establishment=establishment, trainer=lead)
        team.full_clean()
        team.save()
        team.members.set(members)
        for months in course.programme.followup_offsets_months:
            followup = FollowUp(team=team, months_after=months, due_on=add_months(last_day, months))
            followup.full_clean()
            followup.save()
    for enrolment in attendees:
        _attestation_issue(enrolment, enrolment.attended_hours)
    return course


# Enrolments


def _normalised_email(email: str) -> str:
    return email.strip().lower()


def _check_trainee_place(course: TrainingCourse, establishment, organisation: str) -> None:
    if establishment is None and course.public != CoursePublic.OUT_OF_SCHOOL:
        raise ValidationError({"establishment": _("Indiquez l'établissement (UAI) de la personne.")})
    if establishment is None and not organisation.strip():
        raise ValidationError({"organisation": _("Indiquez l'établissement ou la structure de la personne.")})


def _notify_promoted(enrolment: Enrolment) -> None:
    body = render_to_string("training/emails/promoted.txt", {"enrolment": enrolment, "course": enrolment.course})
    subject = _("Une place s'est libérée : vous êtes inscrit·e au stage « %(title)s »") % {
        "title": enrolment.course.title
    }
    email = enrolment.email
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))


@transaction.atomic
def enrolment_create(
    *,
    user,
    course: TrainingCourse,
    email: str,
    first_name: str,
    last_name: str,
    establishment: Establishment | None = None,
    organisation: str = "",
) -> Enrolment:
    """Enrol one person; on the waiting list when every place is taken."""
    course = _locked(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    _require_planned(course)
    email = _normalised_email(email)
    enrolment = Enrolment.objects.filter(course=course, email=email).first()
    if enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED:
        raise ValidationError(
            {
                "email": _("%(email)s est déjà inscrit·e à ce stage (%(status)s).")
                % {"email": email, "status": enrolment.get_status_display().lower()}
            }
        )
    _check_trainee_place(course, establishment, organisation)
    enrolled = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    enrolment = enrolment or Enrolment(course=course, email=email)
    enrolment.first_name = first_name.strip()
    enrolment.last_name = last_name.strip()
    enrolment.establishment = establishment
    enrolment.organisation = organisation.strip()
    enrolment.status = EnrolmentStatus.ENROLLED if enrolled < course.capacity else EnrolmentStatus.WAITING
    enrolment.status_changed_at = timezone.now()
    enrolment.enrolled_by = user
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_cancel(*, user, enrolment: Enrolment) -> Enrolment | None:
    """Cancel an enrolment; a freed place goes to the first person of the waiting list, who is told
    by e-mail. Returns that person's enrolment, if any."""
    course = _locked(enrolment.course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    _require_planned(course)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise ValidationError(_("Cette inscription est déjà annulée."))
    freed_a_place = enrolment.status == EnrolmentStatus.ENROLLED
    now = timezone.now()
    enrolment.status, enrolment.status_changed_at = EnrolmentStatus.CANCELLED, now
    enrolment.save(update_fields=["status", "status_changed_at"])
    if not freed_a_place:
        return None
    promoted = (
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING)
        .order_by("status_changed_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status, promoted.status_changed_at = EnrolmentStatus.ENROLLED, now
    promoted.save(update_fields=["status", "status_changed_at"])
    _notify_promoted(promoted)
    return promoted


def _row_errors(row: ImportRow, course, establishments, seen, taken) -> list[str]:
    errors = []
    email = _normalised_email(row.email)
    if not email:
        errors.append(_("adresse e-mail manquante"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("adresse e-mail invalide : « %(email)s »") % {"email": row.email.strip()})
        else:
            if email in seen:
                errors.append(_("%(email)s figure déjà ligne %(line)s") % {"email": email, "line": seen[email]})
            elif email in taken:
                errors.append(_("%(email)s est déjà inscrit·e à ce stage") % {"email": email})
    if not row.first_name.strip():
        errors.append(_("prénom manquant"))
    if not row.last_name.strip():
        errors.append(_("nom manquant"))
    uai = row.uai.strip().upper()
    if uai:
        try:
            validate_uai(uai)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if uai not in establishments:
                errors.append(_("UAI inconnu : « %(uai)s » ne correspond à aucun établissement") % {"uai": uai})
    elif course.public != CoursePublic.OUT_OF_SCHOOL:
        errors.append(_("UAI de l'établissement manquant"))
    elif not row.organisation.strip():
        errors.append(_("UAI ou structure manquant"))
    return errors


@transaction.atomic
def enrolment_import(*, user, course: TrainingCourse, rows: list[ImportRow]) -> list[Enrolment]:
    """Enrol a whole list at once, or nobody: any bad row (unknown UAI, bad e-mail, duplicate, no
    place left…) rejects the import, and the error lists every bad row with its line number."""
    course = _locked(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    _require_planned(course)
    if not rows:
        raise ValidationError(_("Le fichier ne contient aucune personne à inscrire."))
    uais = {row.uai.strip().upper() for row in rows if row.uai.strip()}
    establishments = {e.uai: e for e in Establishment.objects.filter(uai__in=uais)}
    existing = {e.email: e for e in Enrolment.objects.filter(course=course)}
    taken = {email for email, e in existing.items() if e.status != EnrolmentStatus.CANCELLED}
    places = course.capacity - sum(1 for e in existing.values() if e.status == EnrolmentStatus.ENROLLED)
    seen: dict[str, int] = {}
    messages = []
    for row in rows:
        errors = _row_errors(row, course, establishments, seen, taken)
        email = _normalised_email(row.email)
        if email and email not in seen and email not in taken:
            seen[email] = row.line
            # Every new person takes a place, even on a row with another error: once that row is
            # fixed, the next import will not find the course full somewhere else.
            places -= 1
            if places < 0:
                errors.append(
                    _("stage complet : plus de place pour cette personne (%(capacity)s places)")
                    % {"capacity": course.capacity}
                )
        if errors:
            messages.append(_("Ligne %(line)s : %(errors)s.") % {"line": row.line, "errors": " ; ".join(errors)})
    if messages:
        raise ValidationError(messages)
    now = timezone.now()
    created = []
    for row in rows:
        email = _normalised_email(row.email)
        enrolment = existing.get(email) or Enrolment(course=course, email=email)
        enrolment.first_name = row.first_name.strip()
        enrolment.last_name = row.last_name.strip()
        enrolment.establishment = establishments.get(row.uai.strip().upper())
        enrolment.organisation = row.organisation.strip()
        enrolment.status, enrolment.status_changed_at = EnrolmentStatus.ENROLLED, now
        enrolment.enrolled_by = user
        enrolment.full_clean(validate_unique=False, validate_constraints=False)
        enrolment.save()
        created.append(enrolment)
    return created


# Attendance


@transaction.atomic
def attendance_record(
    *,
    user,
    session: TrainingSession,
    hours_by_enrolment: dict[int, Decimal],
    today: datetime.date | None = None,
) -> list[Attendance]:
    """Record who attended one half-day and for how many hours (0 = absent). Hours beyond the
    half-day's, or a total beyond the course's, are refused."""
    course = _locked(session.course)
    if not can_run_course(user, course):
        raise PermissionDenied(_("Seul·e·s les formateur·rice·s du stage et le pilotage académique émargent."))
    _require_planned(course)
    session = TrainingSession.objects.get(pk=session.pk, course=course)
    if session.date > (today or timezone.localdate()):
        raise ValidationError(_("Cette demi-journée n'a pas encore eu lieu : l'émargement se fait le jour même."))
    enrolments = {e.pk: e for e in Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED)}
    if set(hours_by_enrolment) - set(enrolments):
        raise ValidationError(_("Certaines personnes émargées ne sont pas inscrites à ce stage."))
    course_hours = course.sessions.aggregate(total=Sum("hours"))["total"]
    elsewhere = dict(
        Attendance.objects.filter(enrolment__in=list(hours_by_enrolment), present=True)
        .exclude(session=session)
        .values("enrolment")
        .annotate(total=Sum("hours"))
        .values_list("enrolment", "total")
    )
    errors = []
    for enrolment_id, hours in hours_by_enrolment.items():
        name = enrolments[enrolment_id].full_name
        if hours < 0 or hours > session.hours:
            errors.append(
                _("%(name)s : %(hours)s h, c'est plus que la demi-journée (%(max)s h).")
                % {"name": name, "hours": hours_label(hours), "max": hours_label(session.hours)}
            )
        elif elsewhere.get(enrolment_id, 0) + hours > course_hours:
            errors.append(
                _("%(name)s : %(total)s h suivies dépasseraient la durée du stage (%(max)s h).")
                % {
                    "name": name,
                    "total": hours_label(elsewhere.get(enrolment_id, 0) + hours),
                    "max": hours_label(course_hours),
                }
            )
    if errors:
        raise ValidationError(errors)
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    recorded = []
    for enrolment_id, hours in hours_by_enrolment.items():
        attendance = existing.get(enrolment_id) or Attendance(session=session, enrolment_id=enrolment_id)
        if attendance.pk and attendance.hours == hours:
            recorded.append(attendance)
            continue
        attendance.present, attendance.hours, attendance.recorded_by = hours > 0, hours, user
        attendance.full_clean(validate_unique=False, validate_constraints=False)
        attendance.save()
        recorded.append(attendance)
    return recorded


# Attestations


def _attestation_issue(enrolment: Enrolment, hours: Decimal) -> Attestation:
    attestation = Attestation.objects.filter(enrolment=enrolment).first() or Attestation(enrolment=enrolment)
    attestation.hours = hours
    attestation.issued_at = timezone.now()
    attestation.full_clean(exclude=["pdf"])
    attestation.save()
    attestation_id = attestation.pk
    transaction.on_commit(lambda: tasks.render_attestation.enqueue(attestation_id=attestation_id))
    return attestation


@transaction.atomic
def attestation_issue(*, user, enrolment: Enrolment) -> Attestation:
    """(Re)issue one trainee's attestation of a closed course; refused to someone who attended nothing."""
    course = _locked(enrolment.course)
    if not can_run_course(user, course):
        raise PermissionDenied(
            _("Seul·e·s les formateur·rice·s du stage et le pilotage académique délivrent les attestations.")
        )
    if course.status != CourseStatus.COMPLETED:
        raise ValidationError(_("Les attestations sont délivrées une fois le stage clos."))
    enrolment = Enrolment.objects.with_attended_hours().get(pk=enrolment.pk)
    if enrolment.attended_hours <= 0:
        raise ValidationError(
            _("%(name)s n'a assisté à aucune demi-journée de ce stage : aucune attestation ne peut être délivrée.")
            % {"name": enrolment.full_name}
        )
    return _attestation_issue(enrolment, enrolment.attended_hours)


@transaction.atomic
def attestation_render(*, attestation: Attestation) -> Attestation:
    """Write the attestation's PDF (run by the worker)."""
    attestation = (
        Attestation.objects.select_for_update(of=("self",))
        .select_related("enrolment__course__programme__academie", "enrolment__establishment")
        .get(pk=attestation.pk)
    )
    content = attestation_pdf(attestation)
    if attestation.pdf:
        attestation.pdf.delete(save=False)
    attestation.pdf.save(f"attestation-{attestation.code}.pdf", ContentFile(content), save=False)
    attestation.save(update_fields=["pdf"])
    return attestation


# Follow-up


@transaction.atomic
def followup_record(
    *,
    user,
    followup: FollowUp,
    done_on: datetime.date,
    sessions_run: int | None,
    sheets_used: str,
    difficulties: str,
    needs: str,
    next_step: str,
) -> FollowUp:
    if not can_record_followup(user, followup):
        raise PermissionDenied(
            _("Seul·e la personne en charge du suivi de cette équipe (ou le pilotage) le renseigne.")
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("La date du suivi ne peut pas être dans le futur.")})
    followup.done_on = done_on
    followup.sessions_run = sessions_run
    followup.sheets_used = sheets_used.strip()
    followup.difficulties = difficulties.strip()
    followup.needs = needs.strip()
    followup.next_step = next_step.strip()
    followup.recorded_by = user
    followup.full_clean()
    followup.save()
    return followup


def followup_send_reminders(*, today: datetime.date) -> int:
    """E-mail the professionnel-ressource in charge of each team whose follow-up falls due within
    TRAINING_FOLLOWUP_REMINDER_DAYS. Each follow-up is reminded once: the mark and the e-mail
    commit together, and a follow-up already marked (by another worker too) is skipped."""
    horizon = today + datetime.timedelta(days=settings.TRAINING_FOLLOWUP_REMINDER_DAYS)
    candidates = list(
        FollowUp.objects.pending()
        .filter(
            reminder_sent_at__isnull=True,
            due_on__gte=today,
            due_on__lte=horizon,
            team__trainer__is_active=True,
        )
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            followup = FollowUp.objects.select_for_update(skip_locked=True).filter(pk=pk, reminder_sent_at=None).first()
            if followup is None:
                continue
            followup.reminder_sent_at = timezone.now()
            followup.save(update_fields=["reminder_sent_at"])
            _send_reminder(FollowUp.objects.with_list_related_data().get(pk=pk))
            sent += 1
    return sent


def _send_reminder(followup: FollowUp) -> None:
    team = followup.team
    context = {
        "followup": followup,
        "team": team,
        "link": settings.SITE_URL + reverse("training:followup_detail", args=[followup.pk]),
    }
    body = render_to_string("training/emails/followup_reminder.txt", context)
    subject = _("Suivi à %(months)s mois de l'équipe formée de %(school)s, prévu le %(date)s") % {
        "months": followup.months_after,
        "school": team.establishment.name,
        "date": date_format(followup.due_on, "SHORT_DATE_FORMAT"),
    }
    to = [team.trainer.user.email]
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


# Supervision and targets


@transaction.atomic
def supervision_record(
    *,
    user,
    programme: TrainingProgramme,
    date: datetime.date,
    hours: Decimal,
    facilitator: str,
    attendees: list[Trainer],
    notes: str = "",
) -> SupervisionSession:
    """An analyse de pratiques held for the trainers of a programme, with who attended."""
    if not manages_academie(user, programme.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    if not attendees:
        raise ValidationError({"attendees": _("Cochez les professionnel·le·s-ressources présent·e·s.")})
    if any(trainer.academie_id != programme.academie_id for trainer in attendees):
        raise ValidationError({"attendees": _("Les présent·e·s sont des professionnel·le·s-ressources de l'académie.")})
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("On enregistre une supervision qui a eu lieu : la date ne peut pas être future.")}
        )
    supervision = SupervisionSession(
        programme=programme,
        date=date,
        hours=hours,
        facilitator=facilitator.strip(),
        notes=notes.strip(),
        school_year=school_year_of(date),
    )
    supervision.full_clean()
    supervision.save()
    supervision.attendees.set(attendees)
    return supervision


@transaction.atomic
def target_set(
    *, user, academie, school_year: int, public: str, teachers_to_train: int, courses_to_hold: int
) -> TrainingTarget:
    if not manages_academie(user, academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    target = TrainingTarget.objects.filter(academie=academie, school_year=school_year, public=public).first()
    target = target or TrainingTarget(academie=academie, school_year=school_year, public=public)
    target.teachers_to_train, target.courses_to_hold = teachers_to_train, courses_to_hold
    target.full_clean(validate_unique=False, validate_constraints=False)
    target.save()
    return target


# Trainers


@transaction.atomic
def trainer_register(*, user, trainer_user, academie, function: str = "") -> Trainer:
    """Make an account a professionnel-ressource of an académie (or update its function)."""
    if not manages_academie(user, academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    trainer = Trainer.objects.filter(user=trainer_user).first() or Trainer(user=trainer_user)
    if trainer.pk and trainer.academie_id != academie.pk:
        raise ValidationError(
            _("%(name)s est déjà professionnel·le-ressource de l'académie %(academie)s.")
            % {"name": trainer_user, "academie": trainer.academie}
        )
    trainer.academie, trainer.function = academie, function.strip()
    trainer.full_clean()
    trainer.save()
    return trainer


@transaction.atomic
def trainer_qualification_add(
    *, user, trainer: Trainer, title: str, organisation: str, hours: Decimal, completed_on: datetime.date
) -> TrainerQualification:
    """Add a training the professionnel-ressource received to their path."""
    if not manages_academie(user, trainer.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    qualification = TrainerQualification(
        trainer=trainer, title=title.strip(), organisation=organisation.strip(), hours=hours, completed_on=completed_on
    )
    qualification.full_clean()
    qualification.save()
    return qualification
