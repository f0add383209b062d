from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import INVITER_ROLES, ROLES_REQUIRING_SECOND_FACTOR, Role
from semis.evaluation.enums import READER_ROLES as EVALUATION_READER_ROLES
from semis.reporting.roles import STEERING_ROLES
from semis.training.enums import PLANNING_ROLES, READER_ROLES, RUNNER_ROLES

# (url name, label, roles that see it; None = every signed-in user). A (label, [links]) entry is a
# drop-down of the main menu; one holding a single link the user may open is shown as that link.
NAVIGATION = [
    ("core:home", _("Mon espace"), None),
    (
        _("Ressources"),
        [
            ("library:search", _("Cartable"), None),
            ("referential:tree", _("Référentiel"), None),
        ],
    ),
    (
        _("Formation"),
        [
            ("training:course_list", _("Stages"), READER_ROLES),
            ("training:followup_list", _("Suivi des équipes"), RUNNER_ROLES),
            ("training:planning", _("Planification"), PLANNING_ROLES),
        ],
    ),
    (
        _("Projets"),
        [
            ("projects:project_list", _("Projets locaux"), None),
            ("evaluation:campaign_list", _("Évaluations"), EVALUATION_READER_ROLES),
        ],
    ),
    (
        _("Territoires"),
        [
            ("territories:programme_list", _("Programmes territoriaux"), None),
            ("territories:sheet_list", _("Capitalisation"), None),
            ("geo:establishment_list", _("Établissements"), None),
            ("geo:overview", _("Géographie"), None),
        ],
    ),
    ("reporting:home", _("Pilotage"), STEERING_ROLES),
    (
        _("Administration"),
        [
            ("accounts:users", _("Utilisateurs"), INVITER_ROLES),
            ("core:audit", _("Journal"), {Role.NATIONAL_ADMIN}),
        ],
    ),
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

    def allowed(roles_needed) -> bool:
        return roles_needed is None or user.is_superuser or bool(roles & roles_needed)

    items = []
    for entry in NAVIGATION:
        if len(entry) == 3:
            name, label, needed = entry
            if allowed(needed):
                items.append({"url": reverse(name), "label": label})
            continue
        label, links = entry
        children = [{"url": reverse(name), "label": text} for name, text, needed in links if allowed(needed)]
        if len(children) == 1:
            items.append(children[0])
        elif children:
            items.append({"label": label, "children": children, "id": f"menu-{len(items)}"})
    links = [link for item in items for link in item.get("children", [item])]
    # The current link is the one whose address is the longest prefix of the page's
    # (/geo/etablissements/… is under "Établissements", not also under "Géographie" at /geo/).
    path = request.path
    matches = [
        link["url"] for link in links if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
    ]
    current = max(matches, key=len, default=None)
    for link in links:
        link["current"] = link["url"] == current
    for item in items:
        if "children" in item:
            item["current"] = any(child["current"] for child in item["children"])
    return {"nav_items": items}
