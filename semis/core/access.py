"""Who may open a view: every view declares a rule with @access, and the
authorization-matrix test (semis/core/tests/test_authorization_matrix.py) refuses a URL whose
view has none.

`@access(Role.A, Role.B)` lets signed-in holders of those roles in (others get 403);
`@access(ALL_ROLES)` any signed-in user; `@access(public=True)` anyone, signed in or not.
Which *rows* a user then sees is the business of semis.core.scoping, not of this rule.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from semis.accounts.enums import Role
from semis.core.scoping import user_roles

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class AccessRule:
    roles: frozenset[str]
    public: bool = False

    def allows(self, user) -> bool:
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        return user.is_superuser or bool(user_roles(user) & self.roles)


def access_rule(*roles, public: bool = False) -> AccessRule:
    """The rule of access(...); API views (semis.reporting.api) declare theirs with it."""
    flat = frozenset(r for group in roles for r in (group if isinstance(group, frozenset) else {group}))
    if public == bool(flat):
        raise ValueError("A view is either public or open to some roles.")
    return AccessRule(roles=flat, public=public)


def access(*roles, public: bool = False):
    rule = access_rule(*roles, public=public)

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            # Anonymous users never reach here on private views: LoginRequiredMiddleware redirects.
            if not rule.allows(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.semis_access = rule
        return login_not_required(guarded) if public else guarded

    return decorate
