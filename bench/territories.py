"""Territories benchmarks (issue 6), each printed as a ratio to a floor measured in the same run.

- The programme page with 30 territories, 3,000 actions and 10,000 stakeholders, against raw SQL
  that fetches the same figures.
- The map of a territory of 500 communes, against drawing the same pre-simplified outlines alone.

A throwaway test database is created, filled with synthetic communes (20-sided outlines on a grid,
the size of the real simplified ones) and dropped:

    SEMIS_ENV=test python -m bench.territories
"""

import datetime
import logging
import os
import random
import time
import warnings

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semis.settings")
django.setup()

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

SIDE = 0.02  # degrees: a commune of about 2 km × 1.6 km
GRID = (60, 50)


def best(function, repeat: int = 9) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def outline(column: int, row: int, rng: random.Random) -> bytes:
    centre_x, centre_y = 4.0 + column * SIDE, 45.0 + row * SIDE
    angles = np.linspace(0, 2 * np.pi, 20, endpoint=False)
    radii = SIDE * 0.55 * np.array([rng.uniform(0.85, 1.0) for _ in angles])
    ring = np.column_stack([centre_x + radii * np.cos(angles), centre_y + radii * np.sin(angles)])
    return shapely.to_wkb(shapely.set_precision(shapely.Polygon(ring), 1e-5))


def build():
    from semis.accounts.enums import Role
    from semis.accounts.tests.factories import user_with_role
    from semis.geo.models import Academie, Commune, Departement, Region
    from semis.referential.models import SpecificSkill
    from semis.referential.tests.factories import shipped_referential
    from semis.territories.enums import Lever, Setting, StageKind, StakeholderCategory
    from semis.territories.models import Action, Stakeholder, TerritorialProgramme, Territory, TerritoryStage

    rng = random.Random(6)
    region = Region.objects.create(code="84", name="Région de banc d'essai")
    academie = Academie.objects.create(code="essai", name="Académie d'essai", region=region)
    departement = Departement.objects.create(code="99", name="Essai", region=region, academie=academie)
    Commune.objects.bulk_create(
        Commune(
            insee_code=f"{column * GRID[1] + row:05d}",
            name=f"Commune {column}-{row}",
            population=rng.randint(200, 20000),
            departement=departement,
            geometry=outline(column, row, rng),
        )
        for column in range(GRID[0])
        for row in range(GRID[1])
    )
    communes = list(Commune.objects.order_by("pk").values_list("pk", flat=True))
    programme = TerritorialProgramme.objects.create(
        name="Programme de banc d'essai", region=region, funder="ARS", operator="IREPS", year_start=2019, year_end=2026
    )
    territories = Territory.objects.bulk_create(
        Territory(name=f"Territoire {n:02d}", kind="commune", region=region, programme=programme) for n in range(30)
    )
    link = Territory.communes.through
    link.objects.bulk_create(link(territory=t, commune_id=c) for t in territories for c in rng.sample(communes, 20))
    TerritoryStage.objects.bulk_create(TerritoryStage(territory=t, kind=k) for t in territories for k in StageKind)
    Action.objects.bulk_create(
        (
            Action(
                territory=territories[n % 30],
                title=f"Action {n}",
                setting=rng.choice(list(Setting)),
                audience="children",
                age_min=6,
                age_max=11,
                lever=rng.choice(list(Lever)),
                determinant_level="individual",
                date=datetime.date(2023, 1, 1),
                people_reached=rng.randint(5, 60),
                adults_trained=rng.randint(0, 5),
            )
            for n in range(3000)
        ),
        batch_size=1000,
    )
    skills = list(SpecificSkill.objects.filter(version=shipped_referential(), code__in=["E1.2", "S1.1"]))
    targets = Action.skills.through
    targets.objects.bulk_create(
        (targets(action=action, specificskill=skill) for action in Action.objects.all() for skill in skills),
        batch_size=2000,
    )
    Stakeholder.objects.bulk_create(
        (
            Stakeholder(
                territory=territories[n % 30],
                kind="person",
                name=f"Acteur {n}",
                category=rng.choice(list(StakeholderCategory)),
            )
            for n in range(10000)
        ),
        batch_size=2000,
    )
    block = [
        pk for pk, (column, row) in zip(communes, ((c, r) for c in range(GRID[0]) for r in range(GRID[1])), strict=True)
        if 10 <= column < 35 and 15 <= row < 35
    ]  # fmt: skip
    large = Territory.objects.create(name="Grand territoire", kind="bassin_de_vie", region=region, programme=programme)
    large.communes.set(block)
    # A regional partner reads every territory of the région and owes no second factor.
    return programme, large, user_with_role(Role.PARTNER, region)


RAW_COMPARISON = """
SELECT t.id, t.name, t.kind,
  (SELECT SUM(c.population) FROM territories_territory_communes l JOIN geo_commune c ON c.id = l.commune_id
   WHERE l.territory_id = t.id),
  (SELECT COUNT(*) FROM territories_territory_communes l WHERE l.territory_id = t.id),
  (SELECT COUNT(*) FROM territories_stakeholder s WHERE s.territory_id = t.id),
  (SELECT COUNT(*) FROM territories_action a WHERE a.territory_id = t.id),
  (SELECT SUM(a.people_reached) FROM territories_action a WHERE a.territory_id = t.id),
  (SELECT SUM(a.adults_trained) FROM territories_action a WHERE a.territory_id = t.id)
FROM territories_territory t WHERE t.programme_id = %(p)s
"""
RAW_GROUPS = [
    "SELECT territory_id, setting, COUNT(*) FROM territories_action WHERE territory_id IN "
    "(SELECT id FROM territories_territory WHERE programme_id = %(p)s) GROUP BY territory_id, setting",
    "SELECT territory_id, lever, COUNT(*) FROM territories_action WHERE territory_id IN "
    "(SELECT id FROM territories_territory WHERE programme_id = %(p)s) GROUP BY territory_id, lever",
    "SELECT territory_id, kind, status FROM territories_territorystage WHERE territory_id IN "
    "(SELECT id FROM territories_territory WHERE programme_id = %(p)s)",
]


def raw_comparison(programme_id: int) -> None:
    with connection.cursor() as cursor:
        for sql in [RAW_COMPARISON, *RAW_GROUPS]:
            cursor.execute(sql, {"p": programme_id})
            cursor.fetchall()


def main() -> None:
    from semis.geo.models import Commune
    from semis.territories import maps, outlines, selectors
    from semis.territories.models import Territory

    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        programme, large, user = build()
        territories = Territory.objects.filter(programme=programme).exclude(pk=large.pk)
        selectors_time = best(lambda: selectors.programme_comparison(territories))
        raw_time = best(lambda: raw_comparison(programme.pk))
        client = Client()
        client.force_login(user)
        url = reverse("territories:programme_detail", args=[programme.pk])
        assert client.get(url).status_code == 200
        page_time = best(lambda: client.get(url), repeat=5)
        print(
            f"programme comparison, 30 territories, 3,000 actions, 10,000 stakeholders: "
            f"{selectors_time * 1000:.1f} ms, raw SQL {raw_time * 1000:.1f} ms, ratio {selectors_time / raw_time:.2f} "
            f"(whole page with its template: {page_time * 1000:.0f} ms)"
        )

        outlines.shapes().commune_bounds()  # read once per process, as a web worker does
        map_time = best(lambda: selectors.territory_map(large))

        def outlines_alone():
            wkb = Commune.objects.filter(territories=large).values_list("geometry", flat=True)
            geometries = maps.from_wkb(list(wkb))
            areas = [maps.Area(g, "#cccccc", "") for g in geometries]
            maps.render(maps.MapDrawing(areas=areas, title="", description="", legend=[]))

        floor_time = best(outlines_alone)
        print(
            f"map of a territory of {large.communes.count()} communes: {map_time * 1000:.1f} ms, "
            f"its outlines alone {floor_time * 1000:.1f} ms, ratio {map_time / floor_time:.2f} (target: within 3)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
