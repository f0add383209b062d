from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import INVITER_ROLES, Role

# (url name, label, roles that see it; None = every signed-in user)
NAVIGATION = [
    ("core:home", _("Mon espace"), None),
    ("geo:establishment_list", _("Établissements"), None),
    ("geo:overview", _("Géographie"), None),
    ("territories:programme_list", _("Territoires"), None),
    ("territories:sheet_list", _("Capitalisation"), None),
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
    # The current entry is the one whose address is the longest start of the page's (one entry may sit inside another).
    matches = [item for item in items if (path == item["url"] if item["url"] == "/" else path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"nav_items": items}
