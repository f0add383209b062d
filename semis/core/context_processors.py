from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import INVITER_ROLES, ROLES_REQUIRING_SECOND_FACTOR, Role
from semis.evaluation.enums import READER_ROLES as EVALUATION_READER_ROLES
from semis.reporting.roles import STEERING_ROLES
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
    ("projects:project_list", _("Projets"), None),
    ("evaluation:campaign_list", _("Évaluations"), EVALUATION_READER_ROLES),
    ("territories:programme_list", _("Territoires"), None),
    ("territories:sheet_list", _("Capitalisation"), None),
    ("reporting:home", _("Pilotage"), STEERING_ROLES),
    ("accounts:users", _("Utilisateurs"), INVITER_ROLES),
    ("core:audit", _("Journal"), {Role.NATIONAL_ADMIN}),
]


def navigation(request):
    """The main menu, cut to what the user's roles may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = getattr(request, "roles", frozenset())
    if (user.is_superuser or roles & ROLES_REQUIRING_SECOND_FACTOR) and not user.is_verified():
        # Until the second factor is passed every link leads back to it: offer none.
        return {"nav_items": []}
    items = [
        {"url": reverse(name), "label": label}
        for name, label, allowed in NAVIGATION
        if allowed is None or user.is_superuser or roles & allowed
    ]
    # The current item is the one whose address is the longest prefix of the page's
    # (/geo/etablissements/… is under "Établissements", not also under "Géographie" at /geo/).
    path = request.path
    matches = [
        item["url"] for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    current = max(matches, key=len, default=None)
    for item in items:
        item["current"] = item["url"] == current
    return {"nav_items": items}
