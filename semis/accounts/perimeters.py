"""Perimeters contain one another: a région holds its académies, départements, territories and
schools. `contains(assignment, kind, obj)` answers whether a role's perimeter holds another
perimeter; it is how invitations and establishment edits stay inside the inviter's perimeter."""

from semis.accounts.enums import PerimeterKind


def enclosing(kind: str, obj) -> set[tuple[str, int | None]]:
    """Every (kind, pk) perimeter that holds `obj`, itself included.

    A Commune is not a perimeter kind but can be asked about (kind="commune"): where a school
    may be placed.
    """
    from semis.geo.models import Academie, Commune, Departement, Establishment, Region
    from semis.territories.models import Territory

    if kind == PerimeterKind.NATIONAL:
        return {(PerimeterKind.NATIONAL, None)}
    found = {(PerimeterKind.NATIONAL, None), (kind, obj.pk)}
    if isinstance(obj, Establishment):
        found |= enclosing("commune", obj.commune)
    elif isinstance(obj, Commune):
        found |= {(PerimeterKind.TERRITORY, pk) for pk in obj.territories.values_list("pk", flat=True)}
        found |= enclosing(PerimeterKind.DEPARTEMENT, obj.departement)
    elif isinstance(obj, Departement):
        found |= {(PerimeterKind.ACADEMIE, obj.academie_id), (PerimeterKind.REGION, obj.region_id)}
    elif isinstance(obj, Academie):
        found.add((PerimeterKind.REGION, obj.region_id))
    elif isinstance(obj, Territory):
        found.add((PerimeterKind.REGION, obj.region_id))
        departements = obj.communes.values_list("departement_id", "departement__academie_id").distinct()
        # A territory crossing two académies lies inside neither of them.
        if len({academie for _, academie in departements}) == 1:
            found.add((PerimeterKind.ACADEMIE, departements[0][1]))
        if len(departements) == 1:
            found.add((PerimeterKind.DEPARTEMENT, departements[0][0]))
    elif not isinstance(obj, Region):
        raise TypeError(f"{obj!r} is not a perimeter")
    return found


def contains(assignment, kind: str, obj) -> bool:
    return (assignment.perimeter_kind, assignment.perimeter_id) in enclosing(kind, obj)
