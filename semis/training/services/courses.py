"""Courses: creating one with its half-days and content, editing it, cancelling it, closing it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, Sequence
from semis.training.dates import add_months, school_year_of
from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus, HalfDay
from semis.training.formats import hours_label
from semis.training.models import (
    Attendance,
    Enrolment,
    FollowUp,
    TrainedTeam,
    Trainer,
    TrainingCourse,
    TrainingProgramme,
    TrainingSession,
)
from semis.training.perms import can_manage_course, can_run_course, manages_academie
from semis.training.services.attendance import write_attestation
from semis.training.services.base import locked_course, require_planned
from semis.training.services.enrolments import promote_from_waiting_list
from semis.training.services.feedback import feedback_invite

MIN_SESSION_HOURS = Decimal("0.5")
MAX_SESSION_HOURS = Decimal("4.0")


@dataclass(frozen=True)
class SessionSpec:
    """One half-day as typed in the course form; `pk` names the session it edits (None: a new one)."""

    date: datetime.date
    half_day: str
    hours: Decimal
    pk: int | None = None


class CourseEditConflict(ValidationError):
    """Someone else saved the course since the editor loaded it."""

    def __init__(self, course: TrainingCourse):
        self.current = course
        who = (course.updated_by.get_full_name() or course.updated_by.email) if course.updated_by else None
        when = date_format(timezone.localtime(course.updated_at), "SHORT_DATETIME_FORMAT")
        super().__init__(
            _(
                "%(who)s a modifié ce stage le %(when)s, pendant que vous le modifiiez. Vos modifications "
                "n'ont pas été enregistrées : le formulaire montre maintenant la version enregistrée, "
                "refaites-y vos changements."
            )
            % {"who": who or _("Quelqu'un d'autre"), "when": when},
            code="edit_conflict",
        )


def _slot(date: datetime.date, half_day: str) -> str:
    label = HalfDay(half_day).label.lower() if half_day in HalfDay.values else half_day
    return f"{date_format(date, 'SHORT_DATE_FORMAT')} ({label})"


def _check_sessions(sessions: list[SessionSpec]) -> None:
    if not sessions:
        raise ValidationError({"sessions": _("Ajoutez au moins une demi-journée.")})
    errors, seen = [], set()
    for spec in sessions:
        key = (spec.date, spec.half_day)
        if key in seen:
            errors.append(
                _("La demi-journée du %(slot)s figure deux fois.") % {"slot": _slot(spec.date, spec.half_day)}
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


def _check_trainers(
    trainers: list[Trainer], programme: TrainingProgramme, already: frozenset[int] = frozenset()
) -> None:
    """At least one trainer, each an active professionnel-ressource of the programme's académie
    (one already on the course stays on it after leaving the role)."""
    if not trainers:
        raise ValidationError({"trainers": _("Choisissez au moins un·e professionnel·le-ressource.")})
    for trainer in trainers:
        if trainer.pk in already:
            continue
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
    sheets: list[ActivitySheet] = (),
    sequences: list[Sequence] = (),
) -> TrainingCourse:
    """A course with its half-day sessions and its content from the library, in a programme the user steers."""
    if not manages_academie(user, programme.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    if not programme.is_active:
        raise ValidationError({"programme": _("Ce programme de formation est clos.")})
    _check_sessions(sessions)
    _check_trainers(trainers, programme)
    _check_content(user, sheets, sequences)
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
        updated_by=user,
    )
    course.full_clean()
    course.save()
    course.trainers.set(trainers)
    course.sheets.set(sheets)
    course.sequences.set(sequences)
    for spec in sorted(sessions, key=lambda s: (s.date, s.half_day)):
        session = TrainingSession(course=course, date=spec.date, half_day=spec.half_day, hours=spec.hours)
        session.full_clean()
        session.save()
    return course


def _check_content(user, sheets, sequences) -> None:
    """Sheets published in the library, sequences shared: what every reader of the course may open."""
    errors = {}
    published = set(
        ActivitySheet.objects.visible_to(user)
        .filter(status=SheetStatus.PUBLISHED, pk__in=[sheet.pk for sheet in sheets])
        .values_list("pk", flat=True)
    )
    bad_sheets = [sheet for sheet in sheets if sheet.pk not in published]
    if bad_sheets:
        errors["sheets"] = [
            _("« %(title)s » n'est pas une fiche publiée du cartable.") % {"title": sheet.title} for sheet in bad_sheets
        ]
    shared = set(
        Sequence.objects.visible_to(user)
        .filter(is_shared=True, pk__in=[sequence.pk for sequence in sequences])
        .values_list("pk", flat=True)
    )
    bad_sequences = [sequence for sequence in sequences if sequence.pk not in shared]
    if bad_sequences:
        errors["sequences"] = [
            _(
                "« %(title)s » n'est pas une séquence partagée : seules les séquences que tous peuvent ouvrir "
                "se lient à un stage."
            )
            % {"title": sequence.title}
            for sequence in bad_sequences
        ]
    if errors:
        raise ValidationError(errors)


def _claim(course: TrainingCourse, expected_version: int) -> None:
    """Take the next revision number, or raise CourseEditConflict if the course was saved since
    `expected_version`. One conditional UPDATE, so two concurrent saves cannot both succeed."""
    claimed = TrainingCourse.objects.filter(pk=course.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise CourseEditConflict(TrainingCourse.objects.select_related("updated_by").get(pk=course.pk))


def _check_session_edits(course: TrainingCourse, sessions: list[SessionSpec], today: datetime.date) -> None:
    """What attendance already recorded forbids: removing a half-day that was marked, moving it to a
    date to come, or giving it fewer hours than someone attended there — so the course never becomes
    shorter than the hours anyone attended."""
    existing = {session.pk: session for session in course.sessions.all()}
    marked = {
        row["session"]: row["attended"]
        for row in Attendance.objects.filter(session__course=course)
        .values("session")
        .annotate(attended=Max("hours"), n=Count("pk"))
    }
    errors = []
    unknown = [spec for spec in sessions if spec.pk is not None and spec.pk not in existing]
    if unknown:
        errors.append(_("Une demi-journée modifiée n'existe plus : rechargez la page."))
    kept = {spec.pk for spec in sessions if spec.pk is not None}
    for pk, session in existing.items():
        if pk not in kept and pk in marked:
            errors.append(
                _("La demi-journée du %(slot)s est déjà émargée : elle ne peut pas être retirée.")
                % {"slot": _slot(session.date, session.half_day)}
            )
    for spec in sessions:
        if spec.pk not in marked:
            continue
        session = existing[spec.pk]
        if spec.hours < marked[spec.pk]:
            errors.append(
                _(
                    "Le %(slot)s : %(attended)s h sont déjà émargées pour au moins une personne, la demi-journée "
                    "ne peut pas durer moins (%(hours)s h indiquées)."
                )
                % {
                    "slot": _slot(session.date, session.half_day),
                    "attended": hours_label(marked[spec.pk]),
                    "hours": hours_label(spec.hours),
                }
            )
        if spec.date > today:
            errors.append(
                _("La demi-journée du %(slot)s est déjà émargée : elle ne peut pas être déplacée à une date à venir.")
                % {"slot": _slot(session.date, session.half_day)}
            )
    if errors:
        raise ValidationError({"sessions": errors})


def _write_sessions(course: TrainingCourse, sessions: list[SessionSpec]) -> None:
    """Remove, move and add half-days so the course has exactly `sessions`, row by row (audited).

    A moved half-day may take the slot another one leaves: moves are applied once their slot is
    free. Two half-days swapping their slots would each wait for the other; that is refused."""
    existing = {session.pk: session for session in course.sessions.all()}
    kept = {spec.pk for spec in sessions if spec.pk is not None}
    for pk, session in existing.items():
        if pk not in kept:
            session.delete()
    occupied = {(s.date, s.half_day): pk for pk, s in existing.items() if pk in kept}
    pending = [spec for spec in sessions if spec.pk is not None]
    while pending:
        waiting = []
        for spec in pending:
            session = existing[spec.pk]
            holder = occupied.get((spec.date, spec.half_day))
            if holder is not None and holder != spec.pk:
                waiting.append(spec)
                continue
            del occupied[(session.date, session.half_day)]
            occupied[(spec.date, spec.half_day)] = spec.pk
            if (session.date, session.half_day, session.hours) != (spec.date, spec.half_day, spec.hours):
                session.date, session.half_day, session.hours = spec.date, spec.half_day, spec.hours
                session.full_clean(validate_unique=False, validate_constraints=False)
                session.save()
        if len(waiting) == len(pending):
            raise ValidationError(
                {
                    "sessions": _(
                        "Des demi-journées échangent leurs créneaux : enregistrez en deux fois, en déplaçant "
                        "d'abord l'une d'elles sur un créneau libre."
                    )
                }
            )
        pending = waiting
    for spec in sessions:
        if spec.pk is None:
            session = TrainingSession(course=course, date=spec.date, half_day=spec.half_day, hours=spec.hours)
            session.full_clean()
            session.save()


@transaction.atomic
def course_update(
    *,
    user,
    course: TrainingCourse,
    expected_version: int,
    title: str,
    public: str,
    departement,
    place: str,
    capacity: int,
    trainers: list[Trainer],
    sessions: list[SessionSpec],
    description: str = "",
    sheets: list[ActivitySheet] = (),
    sequences: list[Sequence] = (),
    today: datetime.date | None = None,
) -> TrainingCourse:
    """Save an edit of a planned course made on revision `expected_version` (CourseEditConflict if
    someone saved it since). Its half-days are added, changed or removed to match `sessions`, within
    what attendance already recorded allows; a larger capacity gives places to the waiting list."""
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    _claim(course, expected_version)
    course = locked_course(course)
    require_planned(course)
    today = today or timezone.localdate()
    _check_sessions(sessions)
    _check_session_edits(course, sessions, today)
    _check_trainers(trainers, course.programme, already=frozenset(course.trainers.values_list("pk", flat=True)))
    _check_content(user, sheets, sequences)
    active = Enrolment.objects.filter(course=course).active()
    enrolled = active.filter(status=EnrolmentStatus.ENROLLED).count()
    if capacity < enrolled:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s personnes sont inscrites : annulez des inscriptions avant de réduire le nombre de "
                    "places en dessous."
                )
                % {"count": enrolled}
            }
        )
    if public != CoursePublic.OUT_OF_SCHOOL and active.filter(establishment__isnull=True).exists():
        raise ValidationError(
            {
                "public": _(
                    "Des personnes inscrites viennent d'une structure hors école : ce stage reste ouvert au public "
                    "hors école, ou annulez d'abord leurs inscriptions."
                )
            }
        )
    course.title, course.public, course.departement = title.strip(), public, departement
    course.place, course.capacity, course.description = place.strip(), capacity, description.strip()
    course.school_year = school_year_of(min(spec.date for spec in sessions))
    course.updated_by = user
    course.full_clean()
    course.save()
    course.trainers.set(trainers)
    course.sheets.set(sheets)
    course.sequences.set(sequences)
    _write_sessions(course, sessions)
    promote_from_waiting_list(course, places=capacity - enrolled)
    return course


@transaction.atomic
def course_cancel(*, user, course: TrainingCourse) -> TrainingCourse:
    course = locked_course(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    require_planned(course)
    course.status = CourseStatus.CANCELLED
    course.save(update_fields=["status"])
    return course


@transaction.atomic
def course_complete(*, user, course: TrainingCourse, today: datetime.date | None = None) -> TrainingCourse:
    """Close a course after its last half-day: the attendees' attestations are issued, the trained
    teachers of each school form a team, each team gets its follow-up plan (the programme's
    offsets, by default +3, +12 and +24 months after the last half-day), and each attendee is sent
    the end-of-course questionnaire."""
    course = locked_course(course)
    if not can_run_course(user, course):
        raise PermissionDenied(_("Seul·e·s les formateur·rice·s du stage et le pilotage académique peuvent le clore."))
    require_planned(course)
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
        write_attestation(enrolment, enrolment.attended_hours)
    feedback_invite(attendees)
    return course
