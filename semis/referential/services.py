"""Writes to the referential: it is data, loaded from semis/referential/data/referential.json."""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from semis.referential.enums import MappingRelation
from semis.referential.models import (
    Category,
    GeneralSkill,
    LifeSkill,
    LifeSkillMapping,
    ReferentialVersion,
    SkillMapping,
    SpecificSkill,
)

REFERENTIAL_FILE = Path(__file__).resolve().parent / "data" / "referential.json"
FORMAT_NAME = "semis-referential"


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated))
        return [f"{kind} : {self.created[kind]} créé(s), {self.updated[kind]} mis à jour" for kind in kinds]


def _upsert(report: LoadReport, kind: str, model, lookup: dict, values: dict):
    """Create or update one row by its natural key; record what changed; return the row."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        report.created[kind] += 1
    elif any(getattr(obj, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(obj, name, value)
        report.updated[kind] += 1
    else:
        return obj
    obj.full_clean()
    obj.save()
    return obj


def read_referential_file(path: Path = REFERENTIAL_FILE) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(_("Le fichier du référentiel est illisible : %(error)s") % {"error": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or data.get("version") != 1:
        raise ValidationError(_("Ce fichier n'est pas un référentiel Semis (format « semis-referential », version 1)."))
    return data


@transaction.atomic
def referential_load(*, data: dict) -> LoadReport:
    """Create or update versions, skills, WHO life skills and mappings; running it twice changes nothing."""
    report = LoadReport()
    try:
        for version_data in data["referentials"]:
            _load_version(report, version_data)
        _load_life_skills(report, data.get("life_skills"))
        for mapping in data.get("mappings", []):
            _load_mapping(report, mapping)
    except (KeyError, TypeError) as exc:
        message = _("Le fichier du référentiel est incomplet : champ %(field)s manquant.") % {"field": exc}
        raise ValidationError(message) from exc
    return report


def _load_version(report: LoadReport, data: dict) -> None:
    is_current = bool(data.get("is_current"))
    if is_current:
        # Only one version is current: the one this file names takes over.
        ReferentialVersion.objects.filter(is_current=True).exclude(code=data["code"]).update(is_current=False)
    version = _upsert(
        report,
        "versions",
        ReferentialVersion,
        {"code": data["code"]},
        {
            "name": data["name"],
            "title": data["title"],
            "publisher": data["publisher"],
            "year": data["year"],
            "source": data["source"],
            "source_url": data.get("source_url", ""),
            "codes_note": data.get("codes_note", ""),
            "is_current": is_current,
        },
    )
    for c_position, category_data in enumerate(data["categories"], start=1):
        category = _upsert(
            report,
            "catégories",
            Category,
            {"version": version, "code": category_data["code"]},
            {
                "name": category_data["name"],
                "description": category_data.get("description", ""),
                "position": c_position,
            },
        )
        for g_position, general_data in enumerate(category_data["general_skills"], start=1):
            general = _upsert(
                report,
                "compétences générales",
                GeneralSkill,
                {"version": version, "code": general_data["code"]},
                {"category": category, "name": general_data["name"], "position": c_position * 10 + g_position},
            )
            for s_position, specific_data in enumerate(general_data["specific_skills"], start=1):
                _upsert(
                    report,
                    "compétences spécifiques",
                    SpecificSkill,
                    {"version": version, "code": specific_data["code"]},
                    {
                        "general_skill": general,
                        "name": specific_data["name"],
                        "definition": specific_data["definition"],
                        "position": general.position * 10 + s_position,
                    },
                )


def _specific_skill(version_code: str, code: str) -> SpecificSkill:
    skill = SpecificSkill.objects.filter(version__code=version_code, code=code).first()
    if skill is None:
        raise ValidationError(
            _("Compétence inconnue : « %(code)s » dans la version « %(version)s ».")
            % {"code": code, "version": version_code}
        )
    return skill


def _load_life_skills(report: LoadReport, data: dict | None) -> None:
    if not data:
        return
    for position, skill_data in enumerate(data["skills"], start=1):
        life_skill = _upsert(
            report,
            "compétences de vie (OMS)",
            LifeSkill,
            {"code": skill_data["code"]},
            {
                "name": skill_data["name"],
                "name_en": skill_data["name_en"],
                "pair": skill_data["pair"],
                "position": position,
                "source": data["source"],
            },
        )
        for code in skill_data["maps_to"]:
            target = _specific_skill(data["referential"], code)
            _, created = LifeSkillMapping.objects.get_or_create(life_skill=life_skill, specific_skill=target)
            if created:
                report.created["correspondances OMS"] += 1


def _load_mapping(report: LoadReport, data: dict) -> None:
    if data["relation"] not in MappingRelation.values:
        raise ValidationError(_("Relation de correspondance inconnue : « %(relation)s ».") % data)
    _upsert(
        report,
        "correspondances entre versions",
        SkillMapping,
        {
            "source": _specific_skill(data["from_version"], data["from"]),
            "target": _specific_skill(data["to_version"], data["to"]),
        },
        {"relation": data["relation"], "note": data.get("note", "")},
    )
