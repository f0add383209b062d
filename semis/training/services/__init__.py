"""Every write of the training cascade. Each service checks who may act (semis.training.perms),
validates, writes in one transaction, and starts background work only once it commits.

One module per part of the cascade; the services are used as `services.<entity>_<action>`.
"""

from semis.training.services.attendance import attendance_record, attestation_issue, attestation_render
from semis.training.services.courses import (
    CourseEditConflict,
    SessionSpec,
    course_cancel,
    course_complete,
    course_create,
    course_update,
)
from semis.training.services.enrolments import ImportRow, enrolment_cancel, enrolment_create, enrolment_import
from semis.training.services.feedback import feedback_submit
from semis.training.services.followups import followup_record, followup_send_reminders
from semis.training.services.trainers import supervision_record, target_set, trainer_qualification_add, trainer_register

__all__ = [
    "CourseEditConflict",
    "ImportRow",
    "SessionSpec",
    "attendance_record",
    "attestation_issue",
    "attestation_render",
    "course_cancel",
    "course_complete",
    "course_create",
    "course_update",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_import",
    "feedback_submit",
    "followup_record",
    "followup_send_reminders",
    "supervision_record",
    "target_set",
    "trainer_qualification_add",
    "trainer_register",
]
