"""What the services of the training cascade share: the course lock and the state it must be in."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from semis.training.enums import CourseStatus
from semis.training.models import TrainingCourse


def locked_course(course: TrainingCourse) -> TrainingCourse:
    """The course row locked for this transaction: enrolments and attendance on one course are serialised."""
    locked = TrainingCourse.objects.select_for_update(of=("self",)).select_related("programme__academie")
    return locked.get(pk=course.pk)


def require_planned(course: TrainingCourse) -> None:
    if course.status == CourseStatus.COMPLETED:
        raise ValidationError(_("Ce stage est clos : ses inscriptions et ses émargements ne changent plus."))
    if course.status == CourseStatus.CANCELLED:
        raise ValidationError(_("Ce stage est annulé."))
