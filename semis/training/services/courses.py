"""Courses: creating one with its half-days, cancelling it, closing it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semis.training.dates import add_months, school_year_of
from semis.training.enums import CourseStatus
from semis.training.formats import hours_label
from semis.training.models import (
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
from semis.training.services.feedback import feedback_invite

MIN_SESSION_HOURS = Decimal("0.5")
MAX_SESSION_HOURS = Decimal("4.0")


@dataclass(frozen=True)
class SessionSpec:
    date: datetime.date
    half_day: str
    hours: Decimal


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
