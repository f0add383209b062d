"""Who may act on territorial data. Which rows they act on is the business of each model's
`visible_to`: these rules only say which roles may write at all."""

from semis.accounts.enums import PerimeterKind, Role
from semis.core.scoping import user_assignments, user_roles
from semis.geo.models import Region

# Create and run programmes and regional meetings; review and publish capitalisation sheets.
PROGRAMME_MANAGERS = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR})
# Build territories and record their journey, community, actions and sheets.
TERRITORY_EDITORS = PROGRAMME_MANAGERS | {Role.TERRITORIAL_LEAD}


def can_manage_programmes(user) -> bool:
    """National administrators and regional coordinators."""
    return user.is_superuser or bool(user_roles(user) & PROGRAMME_MANAGERS)


def can_edit_territories(user) -> bool:
    """Programme managers and territorial leads, on the territories they see."""
    return user.is_superuser or bool(user_roles(user) & TERRITORY_EDITORS)


def programme_regions(user):
    """The régions where the user may open a programme: all for national roles, else their own."""
    assignments = [a for a in user_assignments(user) if a.role in PROGRAMME_MANAGERS]
    if user.is_superuser or any(a.perimeter_kind == PerimeterKind.NATIONAL for a in assignments):
        return Region.objects.all()
    return Region.objects.filter(pk__in=[a.region_id for a in assignments if a.perimeter_kind == PerimeterKind.REGION])
