from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import Role


class CoursePublic(models.TextChoices):
    PRIMARY = "primary", _("1er degré")
    SECONDARY = "secondary", _("2nd degré")
    INTER_DEGREE = "inter_degree", _("Inter-degré")
    OUT_OF_SCHOOL = "out_of_school", _("Hors école")


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Programmé")
    COMPLETED = "completed", _("Terminé")
    CANCELLED = "cancelled", _("Annulé")


class HalfDay(models.TextChoices):
    # Values sort in the order of the day, so ordering by (date, half_day) is chronological.
    MORNING = "am", _("Matin")
    AFTERNOON = "pm", _("Après-midi")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Inscrit·e")
    WAITING = "waiting", _("Liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


# Who steers training in a perimeter: create courses, enrol, set targets, record supervision.
MANAGER_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT})
# Who may open course pages and attestations at all; rows are then cut by perimeter (semis.core.scoping),
# and to their own enrolments for teachers (semis.training.models.TrainingScopedQuerySet).
READER_ROLES = MANAGER_ROLES | {Role.TRAINER, Role.EVALUATOR, Role.PARTNER, Role.SCHOOL_HEAD, Role.TEACHER}
# Who works on courses in the field: managers and the professionnels-ressources.
RUNNER_ROLES = MANAGER_ROLES | {Role.TRAINER}
# Who reads the planning of an académie.
PLANNING_ROLES = MANAGER_ROLES | {Role.EVALUATOR, Role.PARTNER}
