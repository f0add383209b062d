"""Who may create, edit and import establishments.

Each rule reads the user's role assignments (loaded once per request, see semis.core.scoping)
and the perimeters that hold the school or commune (semis.accounts.perimeters.enclosing). The
two rules an import applies to thousands of rows also exist as querysets, which the tests hold
to the same answers as the one-object rules.
"""

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.perimeters import enclosing
from semis.core.scoping import user_assignments
from semis.geo.models import Commune, Establishment

# Roles that keep the list of schools of their perimeter: they create, edit and import.
EDITOR_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT})


def _editor_assignments(user) -> list:
    return [assignment for assignment in user_assignments(user) if assignment.role in EDITOR_ROLES]


def _head_assignments(user) -> list:
    return [
        assignment
        for assignment in user_assignments(user)
        if assignment.role == Role.SCHOOL_HEAD and assignment.perimeter_kind == PerimeterKind.ESTABLISHMENT
    ]


def _editor_holds(user, perimeters: set) -> bool:
    return any((a.perimeter_kind, a.perimeter_id) in perimeters for a in _editor_assignments(user))


def can_create_establishment(user) -> bool:
    """A superuser, or a national admin, regional coordinator or académie pilot (on any perimeter).

    Where the new school may be placed is `can_place_establishment_in`'s business.
    """
    return user.is_superuser or any(a.role in EDITOR_ROLES for a in user_assignments(user))


def can_import_establishments(user) -> bool:
    """The same people as `can_create_establishment`: an import creates and updates schools."""
    return can_create_establishment(user)


def can_place_establishment_in(user, commune) -> bool:
    """A superuser, or an editor role (national admin, regional coordinator, académie pilot) on a
    perimeter that holds the commune: the commune's région, académie, département or territory,
    or national. For many communes at once: `communes_open_to_new_schools`."""
    return user.is_superuser or _editor_holds(user, enclosing("commune", commune))


def can_edit_establishment(user, establishment) -> bool:
    """A superuser; an editor role (national admin, regional coordinator, académie pilot) whose
    perimeter holds the school; or the school head of that very school. For many schools at
    once: `editable_establishments`."""
    if user.is_superuser:
        return True
    perimeters = enclosing(PerimeterKind.ESTABLISHMENT, establishment)
    return _editor_holds(user, perimeters) or any(a.perimeter_id == establishment.pk for a in _head_assignments(user))


def communes_open_to_new_schools(user):
    """The communes `can_place_establishment_in` allows, as one queryset."""
    return Commune.objects.all() if user.is_superuser else Commune.objects.within(_editor_assignments(user))


def editable_establishments(user):
    """The schools `can_edit_establishment` allows, as one queryset."""
    if user.is_superuser:
        return Establishment.objects.all()
    return Establishment.objects.within(_editor_assignments(user) + _head_assignments(user))
