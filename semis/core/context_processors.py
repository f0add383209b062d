from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import INVITER_ROLES, Role
from semis.training.enums import PLANNING_ROLES, READER_ROLES, RUNNER_ROLES

# (url name, label, roles that see it; None = every signed-in user)
NAVIGATION = [
    ("core:home", _("Mon espace"), None),
    ("library:search", _("Cartable"), None),
    ("referential:tree", _("Référentiel"), None),
    ("geo:establishment_list", _("Établissements"), None),
    ("geo:overview", _("Géographie"), None),
    ("training:course_list", _("Stages"), READER_ROLES),
    ("training:followup_list", _("Suivi des équipes"), RUNNER_ROLES),
    ("training:planning", _("Planification"), PLANNING_ROLES),
    ("accounts:users", _("Utilisateurs"), INVITER_ROLES),
    ("core:audit", _("Journal"), {Role.NATIONAL_ADMIN}),
]


def navigation(request):
    """The main menu, cut to what the user's roles may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = getattr(request, "roles", frozenset())
    path = request.path
    items = []
    for name, label, allowed in NAVIGATION:
        if allowed is not None and not (user.is_superuser or roles & allowed):
            continue
        url = reverse(name)
        items.append({"url": url, "label": label, "current": False})
    # The item with the longest URL that the page's path starts with is the current one.
    matches = [item for item in items if (path == item["url"] if item["url"] == "/" else path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"nav_items": items}
