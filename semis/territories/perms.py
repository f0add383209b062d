"""Who may act on territorial data. Which rows they act on is the business of each model's
`visible_to`: these rules only say which roles may write at all."""

from semis.accounts.enums import Role
from semis.core.scoping import user_roles

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
