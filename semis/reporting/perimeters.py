"""The perimeters a steering page is about: national, a région, an académie, a département, a territory or a
school, named in URLs by their natural code (`academie-lyon`, `departement-69`, `etablissement-0690001A`).

Who may open which perimeter reuses the role assignments' perimeters (semis.accounts.perimeters): a user
sees a perimeter held by one of their steering roles' perimeters, and every sub-perimeter of it.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import PerimeterKind as K
from semis.accounts.perimeters import contains
from semis.core.scoping import user_assignments
from semis.geo.models import Academie, Departement, Establishment, Region
from semis.reporting.roles import STEERING_ROLES
from semis.territories.models import Territory

# kind -> (URL prefix, model, natural-key field)
KINDS = {
    K.REGION: ("region", Region, "code"),
    K.ACADEMIE: ("academie", Academie, "code"),
    K.DEPARTEMENT: ("departement", Departement, "code"),
    K.TERRITORY: ("territoire", Territory, "pk"),
    K.ESTABLISHMENT: ("etablissement", Establishment, "uai"),
}
KIND_OF_PREFIX = {prefix: kind for kind, (prefix, _model, _field) in KINDS.items()}
# Widest first: a user's default perimeter is their widest.
WIDTH = [K.NATIONAL, K.REGION, K.ACADEMIE, K.DEPARTEMENT, K.TERRITORY, K.ESTABLISHMENT]

# kind -> (heading of the sub-perimeters' table, what it says when there are none)
CHILD_LABELS = {
    K.REGION: (_("Régions"), _("Aucune région n'est enregistrée.")),
    K.ACADEMIE: (_("Académies"), _("Aucune académie n'est enregistrée dans ce périmètre.")),
    K.DEPARTEMENT: (_("Départements"), _("Aucun département n'est enregistré dans ce périmètre.")),
    K.TERRITORY: (_("Territoires"), _("Aucun territoire n'est enregistré dans ce périmètre.")),
    K.ESTABLISHMENT: (_("Établissements"), _("Aucun établissement n'est enregistré dans ce périmètre.")),
}


@dataclass(frozen=True)
class Perimeter:
    kind: str
    obj: object = None

    @property
    def id(self):
        return self.obj.pk if self.obj is not None else None

    @property
    def key(self) -> str:
        if self.kind == K.NATIONAL:
            return "national"
        prefix, _model, field = KINDS[self.kind]
        return f"{prefix}-{getattr(self.obj, field)}"

    @property
    def kind_label(self) -> str:
        return str(K(self.kind).label)

    @property
    def name(self) -> str:
        if self.kind == K.NATIONAL:
            return str(_("France entière"))
        if self.kind == K.ESTABLISHMENT:
            return f"{self.obj.name} ({self.obj.uai})"
        return str(self.obj)

    @property
    def code(self) -> str:
        return "" if self.kind == K.NATIONAL else str(getattr(self.obj, KINDS[self.kind][2]))

    def parents(self) -> list["Perimeter"]:
        """The perimeters holding this one, widest first (a territory's: its région and national)."""
        obj = self.obj
        chain = {
            K.NATIONAL: [],
            K.REGION: [],
            K.ACADEMIE: [(K.REGION, "region")],
            K.DEPARTEMENT: [(K.REGION, "academie.region"), (K.ACADEMIE, "academie")],
            K.TERRITORY: [(K.REGION, "region")],
            K.ESTABLISHMENT: [
                (K.REGION, "commune.departement.academie.region"),
                (K.ACADEMIE, "commune.departement.academie"),
                (K.DEPARTEMENT, "commune.departement"),
            ],
        }[self.kind]
        found = [] if self.kind == K.NATIONAL else [Perimeter(K.NATIONAL)]
        for kind, path in chain:
            target = obj
            for attribute in path.split("."):
                target = getattr(target, attribute)
            found.append(Perimeter(kind, target))
        return found

    def children(self) -> list[tuple[str, object]]:
        """(kind, queryset) of the sub-perimeters the dashboard drills down to."""
        obj = self.obj
        if self.kind == K.NATIONAL:
            return [(K.REGION, Region.objects.all())]
        if self.kind == K.REGION:
            return [(K.ACADEMIE, obj.academies.all()), (K.TERRITORY, obj.territories.all())]
        if self.kind == K.ACADEMIE:
            return [(K.DEPARTEMENT, obj.departements.all())]
        schools = Establishment.objects.select_related("commune").defer("commune__geometry")
        if self.kind == K.DEPARTEMENT:
            return [(K.ESTABLISHMENT, schools.filter(commune__departement=obj))]
        if self.kind == K.TERRITORY:
            return [(K.ESTABLISHMENT, schools.filter(commune__territories=obj))]
        return []


def perimeter_from_key(key: str) -> Perimeter:
    if key == "national":
        return Perimeter(K.NATIONAL)
    prefix, _sep, code = key.partition("-")
    kind = KIND_OF_PREFIX.get(prefix)
    if kind is None or not code:
        raise Http404
    _prefix, model, field = KINDS[kind]
    if field == "pk" and not code.isdigit():
        raise Http404
    try:
        return Perimeter(kind, model.objects.get(**{field: code}))
    except model.DoesNotExist:
        raise Http404 from None


def perimeter_for(user, key: str) -> Perimeter:
    """The perimeter named `key`, if the user's roles hold it; 404 otherwise, as for any row out of reach."""
    perimeter = perimeter_from_key(key)
    if not may_see(user, perimeter):
        raise Http404
    return perimeter


def steering_assignments(user) -> list:
    return [a for a in user_assignments(user) if a.role in STEERING_ROLES]


def may_see(user, perimeter: Perimeter) -> bool:
    if user.is_superuser:
        return True
    return any(contains(a, perimeter.kind, perimeter.obj) for a in steering_assignments(user))


def default_perimeter(user) -> Perimeter | None:
    """The user's widest steering perimeter (national for a superuser)."""
    if user.is_superuser:
        return Perimeter(K.NATIONAL)
    assignments = sorted(steering_assignments(user), key=lambda a: WIDTH.index(a.perimeter_kind))
    if not assignments:
        return None
    widest = assignments[0]
    return Perimeter(widest.perimeter_kind, widest.perimeter)
