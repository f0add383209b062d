"""Who may act on a project. Seeing it is the business of Project.objects.visible_to; these rules
say who may change it, and are tested as a table (tests/test_perms.py).

A project lies in a place — its school, or for out-of-school projects its territory — and a role
acts on it when the role's perimeter holds that place (semis.accounts.perimeters).
"""

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.perimeters import enclosing
from semis.core.scoping import user_assignments
from semis.projects.enums import Carrier


def place_of(carrier: str, establishment=None, territory=None) -> tuple[str, object]:
    if carrier == Carrier.SCHOOL:
        return PerimeterKind.ESTABLISHMENT, establishment
    return PerimeterKind.TERRITORY, territory


def _holders(user, carrier: str, place: tuple[str, object], roles: dict) -> bool:
    """Whether one of the user's assignments, of a role allowed for this kind of carrier, holds the place."""
    kind, obj = place
    if obj is None:
        return False
    perimeters = None
    for assignment in user_assignments(user):
        if carrier not in roles.get(assignment.role, ()):
            continue
        if assignment.perimeter_kind == PerimeterKind.NATIONAL:
            return True
        if perimeters is None:
            perimeters = enclosing(kind, obj)
        if (assignment.perimeter_kind, assignment.perimeter_id) in perimeters:
            return True
    return False


BOTH = (Carrier.SCHOOL, Carrier.TERRITORY)
# Who carries projects, and of which kind: school staff their school's (and animateurs, invited as
# teachers on a territory, their territory's); territorial leads the out-of-school ones.
CARRIER_ROLES = {
    Role.NATIONAL_ADMIN: BOTH,
    Role.TEACHER: BOTH,
    Role.SCHOOL_HEAD: (Carrier.SCHOOL,),
    Role.TERRITORIAL_LEAD: (Carrier.TERRITORY,),
}
# Who reviews: the académie pilot (and regional coordination) for schools, the territorial lead for
# the structures of their territory.
REVIEW_ROLES = {
    Role.NATIONAL_ADMIN: BOTH,
    Role.REGIONAL_COORDINATOR: BOTH,
    Role.ACADEMIE_PILOT: BOTH,
    Role.TERRITORIAL_LEAD: (Carrier.TERRITORY,),
}


def can_create_project(user) -> bool:
    """Open the new-project form: superusers, and national admins, teachers, school heads and
    territorial leads. Where the project may be placed is `can_carry_in`'s business."""
    return user.is_superuser or any(a.role in CARRIER_ROLES for a in user_assignments(user))


def can_carry_in(user, carrier: str, *, establishment=None, territory=None) -> bool:
    """Place a new project in a school (teachers and school heads of that school, or of a wider
    perimeter holding it) or in a territory (territorial leads and animateurs of that territory);
    national admins anywhere."""
    if user.is_superuser:
        return True
    return _holders(user, carrier, place_of(carrier, establishment, territory), CARRIER_ROLES)


def can_edit_project(user, project) -> bool:
    """Change the plan, groups, adults and partners, and log sessions: the project's creator, and
    whoever may carry a project in its place (`can_carry_in`)."""
    if user.is_superuser or (project.created_by_id is not None and project.created_by_id == user.pk):
        return True
    place = place_of(project.carrier, project.establishment, project.territory)
    return _holders(user, project.carrier, place, CARRIER_ROLES)


def can_review_project(user, project) -> bool:
    """Validate a project or ask for changes: national admins; regional coordinators and académie
    pilots whose perimeter holds its school or territory; territorial leads of its territory for
    projects carried by an out-of-school structure."""
    if user.is_superuser:
        return True
    place = place_of(project.carrier, project.establishment, project.territory)
    return _holders(user, project.carrier, place, REVIEW_ROLES)


def can_comment_project(user, project) -> bool:
    """Comment in the review: its reviewers and its carriers."""
    return can_review_project(user, project) or can_edit_project(user, project)
