from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Administration nationale")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Coordination régionale")
    ACADEMIE_PILOT = "academie_pilot", _("Pilotage académique")
    TERRITORIAL_LEAD = "territorial_lead", _("Chef·fe de projet territorial")
    TRAINER = "trainer", _("Professionnel·le-ressource (formateur·rice)")
    TEACHER = "teacher", _("Enseignant·e ou animateur·rice")
    SCHOOL_HEAD = "school_head", _("Direction d'établissement")
    EVALUATOR = "evaluator", _("Évaluateur·rice")
    PARTNER = "partner", _("Partenaire (lecture seule)")


# Roles that hold wide perimeters must prove a second factor (issue #3, §4).
ROLES_REQUIRING_SECOND_FACTOR = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT})

# Roles a holder may hand out by invitation, on a perimeter inside their own.
INVITABLE_ROLES = {
    Role.NATIONAL_ADMIN: frozenset(Role),
    Role.REGIONAL_COORDINATOR: frozenset(Role) - {Role.NATIONAL_ADMIN},
    Role.ACADEMIE_PILOT: frozenset(
        {Role.ACADEMIE_PILOT, Role.TRAINER, Role.TEACHER, Role.SCHOOL_HEAD, Role.EVALUATOR, Role.PARTNER}
    ),
    Role.TERRITORIAL_LEAD: frozenset({Role.TERRITORIAL_LEAD, Role.TEACHER, Role.PARTNER}),
    Role.SCHOOL_HEAD: frozenset({Role.TEACHER}),
}


class PerimeterKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Région")
    ACADEMIE = "academie", _("Académie")
    DEPARTEMENT = "departement", _("Département")
    TERRITORY = "territory", _("Territoire")
    ESTABLISHMENT = "establishment", _("Établissement")


# Who may invite: whoever can hand out at least one role.
INVITER_ROLES = frozenset(INVITABLE_ROLES)
