"""The one place that turns (user, model) into the rows the user may see.

A scoped model's QuerySet subclasses ScopedQuerySet and says, for each kind of perimeter, which
lookup path(s) lead from a row to that perimeter. A user sees the rows reached by any of their
role assignments; a national assignment (or a superuser) sees everything; no assignment sees
nothing. Views fetch only through `Model.objects.visible_to(user)`, so a row outside the
perimeter answers 404.
"""

from functools import reduce
from operator import or_

from django.db import models


def user_assignments(user) -> list:
    """The user's role assignments, loaded once and kept on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_semis_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._semis_assignments = cached
    return cached


def user_roles(user) -> frozenset[str]:
    return frozenset(assignment.role for assignment in user_assignments(user))


class ScopedQuerySet(models.QuerySet):
    # perimeter kind -> lookup path (or tuple of paths, OR-ed) from a row to that perimeter's pk.
    scope_paths: dict[str, str | tuple[str, ...]] = {}
    # Roles that may see rows of this model at all; None means every role.
    visible_roles: frozenset[str] | None = None

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        assignments = user_assignments(user)
        if self.visible_roles is not None:
            assignments = [a for a in assignments if a.role in self.visible_roles]
        return self.within(assignments)

    def within(self, assignments):
        """Rows inside the perimeter of any of these role assignments; a national one holds them all.

        visible_to() is this for the user's assignments; permission rules that concern only some
        roles (semis/<app>/perms.py) call it with those roles' assignments.
        """
        conditions = []
        for assignment in assignments:
            if assignment.perimeter_kind == "national":
                return self
            paths = self.scope_paths.get(assignment.perimeter_kind, ())
            if isinstance(paths, str):
                paths = (paths,)
            conditions.extend(models.Q(**{path: assignment.perimeter_id}) for path in paths)
        if not conditions:
            return self.none()
        # A semi-join, because paths through many-to-many relations would repeat rows.
        allowed = self.model._base_manager.filter(reduce(or_, conditions)).values("pk")
        return self.filter(pk__in=allowed)
