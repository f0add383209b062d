"""Who may act on training rows. Seeing a row is the business of the scoped querysets; these rules
say who may change it, and each is tested as a table (tests/test_perms.py)."""

from semis.accounts.enums import PerimeterKind
from semis.accounts.perimeters import contains
from semis.core.scoping import user_assignments
from semis.training.enums import MANAGER_ROLES


def manages_academie(user, academie) -> bool:
    """National admins, and regional coordinators or académie pilots whose perimeter holds the académie."""
    if user.is_superuser:
        return True
    return any(
        assignment.role in MANAGER_ROLES and contains(assignment, PerimeterKind.ACADEMIE, academie)
        for assignment in user_assignments(user)
    )


def runs_course(user, course) -> bool:
    """The professionnels-ressources named on the course."""
    return course.trainers.filter(user=user).exists()


def can_manage_course(user, course) -> bool:
    """Edit a course and its enrolments: the managers of the académie of the course's programme."""
    return manages_academie(user, course.programme.academie)


def can_run_course(user, course) -> bool:
    """Mark attendance, print signature sheets, close the course and issue its attestations:
    the course's own trainers, and the managers of its académie."""
    return can_manage_course(user, course) or runs_course(user, course)


def can_record_followup(user, followup) -> bool:
    """Record a follow-up: the professionnel-ressource in charge of the team, and the managers of its académie."""
    team = followup.team
    if team.trainer_id is not None and team.trainer.user_id == user.pk:
        return True
    return manages_academie(user, team.course.programme.academie)
