"""Enrolments: one person (waiting list when full), cancellation (the first waiting takes the
place), and the all-or-nothing import of a list."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.core.tasks import send_email
from semis.geo.models import Establishment, validate_uai
from semis.training.enums import CoursePublic, EnrolmentStatus
from semis.training.models import Enrolment, TrainingCourse
from semis.training.perms import can_manage_course
from semis.training.services.base import locked_course, require_planned


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    uai: str = ""
    organisation: str = ""


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
    course = locked_course(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    require_planned(course)
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
    course = locked_course(enrolment.course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    require_planned(course)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise ValidationError(_("Cette inscription est déjà annulée."))
    freed_a_place = enrolment.status == EnrolmentStatus.ENROLLED
    now = timezone.now()
    enrolment.status, enrolment.status_changed_at = EnrolmentStatus.CANCELLED, now
    enrolment.save(update_fields=["status", "status_changed_at"])
    if not freed_a_place:
        return None
    promoted = promote_from_waiting_list(course, places=1)
    return promoted[0] if promoted else None


def promote_from_waiting_list(course: TrainingCourse, *, places: int) -> list[Enrolment]:
    """Give up to `places` freed places to the waiting list, first come first served, and tell each
    person by e-mail once the caller's transaction commits. The caller holds the course lock."""
    if places <= 0:
        return []
    waiting = Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING).order_by(
        "status_changed_at", "pk"
    )
    now = timezone.now()
    promoted = list(waiting[:places])
    for enrolment in promoted:
        enrolment.status, enrolment.status_changed_at = EnrolmentStatus.ENROLLED, now
        enrolment.save(update_fields=["status", "status_changed_at"])
        _notify_promoted(enrolment)
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
    course = locked_course(course)
    if not can_manage_course(user, course):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    require_planned(course)
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
