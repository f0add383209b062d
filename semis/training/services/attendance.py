"""Attendance of each half-day, and the attestations of the hours attended."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.training import tasks
from semis.training.documents import attestation_pdf
from semis.training.enums import CourseStatus, EnrolmentStatus
from semis.training.formats import hours_label
from semis.training.models import Attendance, Attestation, Enrolment, TrainingSession
from semis.training.perms import can_run_course
from semis.training.services.base import locked_course, require_planned


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
    course = locked_course(session.course)
    if not can_run_course(user, course):
        raise PermissionDenied(_("Seul·e·s les formateur·rice·s du stage et le pilotage académique émargent."))
    require_planned(course)
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


def write_attestation(enrolment: Enrolment, hours: Decimal) -> Attestation:
    """Create or update the attestation of `hours` (keeping its code), its PDF built by the worker
    once the caller's transaction commits. Callers check the rules (course closed, hours attended)."""
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
    course = locked_course(enrolment.course)
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
    return write_attestation(enrolment, enrolment.attended_hours)


@transaction.atomic
def attestation_render(*, attestation: Attestation) -> Attestation:
    """Write the attestation's PDF (run by the worker)."""
    attestation = (
        Attestation.objects.select_for_update(of=("self",))
        .select_related("enrolment__course__programme__academie", "enrolment__establishment")
        .get(pk=attestation.pk)
    )
    # Written with the row, the previous PDF deleted once committed (semis.core.files).
    attestation.pdf = ContentFile(attestation_pdf(attestation), name=f"attestation-{attestation.code}.pdf")
    attestation.save(update_fields=["pdf"])
    return attestation
