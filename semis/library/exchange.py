"""The activity-sheet exchange format (JSON), shared by the shipped content, the import and the export.

    {"format": "semis-activity-sheets", "version": 1, "sheets": [ {...}, ... ]}

Each sheet carries the keys of SHEET_KEYS (documented in docs/library-format.md). Reading checks
every item and reports every problem, item by item, in French; it returns nothing unless the
whole file is valid, so that an import is all-or-nothing.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from semis.library.enums import Cycle, Setting
from semis.library.models import ActivitySheet
from semis.referential.models import SpecificSkill

FORMAT_NAME = "semis-activity-sheets"
FORMAT_VERSION = 1
# Version 1 of the format names skills by their code in this referential version.
FORMAT_REFERENTIAL = "spf-2022"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SHEET_KEYS = (
    "slug",
    "title",
    "summary",
    "skills",
    "cycles",
    "settings",
    "duration_minutes",
    "group_size",
    "materials",
    "objectives",
    "steps",
    "facilitator_posture",
    "variants",
    "adaptations",
    "debriefing_questions",
    "safe",
    "safety_notes",
    "sources",
    "authors",
    "licence",
)
SAFE_KEYS = ("sequenced", "active", "focused", "explicit")
ADAPTATION_KEYS = ("handicap", "langue")
# Model field -> exchange key, to report model validation errors under the key the file uses.
FIELD_KEYS = {
    "adaptation_disability": "adaptations",
    "adaptation_language": "adaptations",
    **{f"safe_{key}": "safe" for key in SAFE_KEYS},
}


@dataclass
class SheetContent:
    """What a sheet says, however it arrives (form, import, shipped content)."""

    title: str
    summary: str
    skills: list[SpecificSkill]
    cycles: list[str]
    settings: list[str]
    duration_minutes: int
    group_size: str
    objectives: list[str]
    steps: list[dict]
    facilitator_posture: str
    debriefing_questions: list[str]
    authors: str
    licence: str
    slug: str = ""
    materials: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    adaptation_disability: str = ""
    adaptation_language: str = ""
    safe: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(SAFE_KEYS, False))
    safety_notes: str = ""
    sources: list[str] = field(default_factory=list)

    def model_fields(self) -> dict:
        """The values of ActivitySheet's own columns (links to skills, cycles and settings apart)."""
        return {
            "title": self.title,
            "summary": self.summary,
            "duration_minutes": self.duration_minutes,
            "group_size": self.group_size,
            "materials": self.materials,
            "objectives": self.objectives,
            "steps": self.steps,
            "facilitator_posture": self.facilitator_posture,
            "variants": self.variants,
            "adaptation_disability": self.adaptation_disability,
            "adaptation_language": self.adaptation_language,
            "debriefing_questions": self.debriefing_questions,
            **{f"safe_{key}": bool(self.safe.get(key)) for key in SAFE_KEYS},
            "safety_notes": self.safety_notes,
            "sources": self.sources,
            "authors": self.authors,
            "licence": self.licence,
        }

    @classmethod
    def from_sheet(cls, sheet: ActivitySheet) -> "SheetContent":
        return cls(
            slug=sheet.slug,
            title=sheet.title,
            summary=sheet.summary,
            skills=list(sheet.skills.all()),
            cycles=[cycle.value for cycle in sheet.cycle_list],
            settings=[setting.value for setting in sheet.setting_list],
            duration_minutes=sheet.duration_minutes,
            group_size=sheet.group_size,
            materials=sheet.materials,
            objectives=sheet.objectives,
            steps=sheet.steps,
            facilitator_posture=sheet.facilitator_posture,
            variants=sheet.variants,
            adaptation_disability=sheet.adaptation_disability,
            adaptation_language=sheet.adaptation_language,
            debriefing_questions=sheet.debriefing_questions,
            safe=sheet.safe_attributes,
            safety_notes=sheet.safety_notes,
            sources=sheet.sources,
            authors=sheet.authors,
            licence=sheet.licence,
        )

    def to_exchange(self) -> dict:
        """The content as one item of an exchange file; lists of codes in a stable order."""
        return {
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "skills": sorted({skill.code for skill in self.skills}, key=_code_order),
            "cycles": [value for value in Cycle.values if value in self.cycles],
            "settings": [value for value in Setting.values if value in self.settings],
            "duration_minutes": self.duration_minutes,
            "group_size": self.group_size,
            "materials": self.materials,
            "objectives": self.objectives,
            "steps": self.steps,
            "facilitator_posture": self.facilitator_posture,
            "variants": self.variants,
            "adaptations": {"handicap": self.adaptation_disability, "langue": self.adaptation_language},
            "debriefing_questions": self.debriefing_questions,
            "safe": {key: bool(self.safe.get(key)) for key in SAFE_KEYS},
            "safety_notes": self.safety_notes,
            "sources": self.sources,
            "authors": self.authors,
            "licence": self.licence,
        }

    def link_errors(self) -> dict[str, list[str]]:
        """The rules on skills, cycles and settings that model validation cannot see (many-valued)."""
        errors = {}
        if not self.skills:
            errors["skills"] = [_("Choisissez au moins une compétence visée.")]
        if not self.cycles:
            errors["cycles"] = [_("Choisissez au moins un cycle ou un public.")]
        if not self.settings:
            errors["settings"] = [_("Choisissez au moins un milieu.")]
        return errors


class ExchangeError(ValidationError):
    """The file is refused; `.messages` lists every problem found, item by item."""


def sheet_to_exchange(sheet: ActivitySheet) -> dict:
    """A sheet in the exchange format (skills, cycles and settings read from prefetched relations)."""
    return SheetContent.from_sheet(sheet).to_exchange()


def _code_order(code: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]


def exchange_document(sheets) -> dict:
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "sheets": [sheet_to_exchange(s) for s in sheets]}


def read_exchange(data) -> list[SheetContent]:
    """Validate a whole exchange document; return its sheets, or raise ExchangeError listing every problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ExchangeError([_("Ce fichier n'est pas au format « %(format)s ».") % {"format": FORMAT_NAME}])
    if data.get("version") != FORMAT_VERSION:
        message = _("Version de format non prise en charge : %(version)s (attendue : 1).")
        raise ExchangeError([message % {"version": data.get("version")}])
    items = data.get("sheets")
    if not isinstance(items, list) or not items:
        raise ExchangeError([_("Le fichier ne contient aucune fiche (clé « sheets »).")])
    skills = {skill.code: skill for skill in SpecificSkill.objects.filter(version__code=FORMAT_REFERENTIAL)}
    if not skills:
        raise ExchangeError(
            [_("Le référentiel %(code)s n'est pas chargé (commande load_referential).") % {"code": FORMAT_REFERENTIAL}]
        )
    contents, messages, seen_slugs = [], [], set()
    for number, item in enumerate(items, start=1):
        errors = []
        content = _read_item(item, skills, errors)
        label = _("Fiche n° %(number)d") % {"number": number}
        if isinstance(item, dict) and isinstance(item.get("slug"), str):
            label += f" (« {item['slug']} »)"
            if item["slug"] in seen_slugs:
                errors.append(_("slug : déjà utilisé par une fiche précédente du fichier."))
            seen_slugs.add(item["slug"])
        messages += [f"{label} — {error}" for error in errors]
        if content is not None and not errors:
            contents.append(content)
    if messages:
        raise ExchangeError(messages)
    return contents


def _read_item(item, skills: dict, errors: list) -> SheetContent | None:
    if not isinstance(item, dict):
        errors.append(_("un objet JSON est attendu."))
        return None
    missing = [key for key in SHEET_KEYS if key not in item]
    unknown = sorted(set(item) - set(SHEET_KEYS))
    if missing:
        errors.append(_("clés manquantes : %(keys)s.") % {"keys": ", ".join(missing)})
    if unknown:
        errors.append(_("clés inconnues : %(keys)s.") % {"keys": ", ".join(unknown)})
    if missing:
        return None
    _check_types(item, errors)
    if errors:
        return None
    unknown_skills = [code for code in item["skills"] if code not in skills]
    if unknown_skills:
        errors.append(
            _("skills : compétence inconnue dans le référentiel %(referential)s : %(codes)s.")
            % {"referential": FORMAT_REFERENTIAL, "codes": ", ".join(f"« {c} »" for c in unknown_skills)}
        )
    for key, choices in (("cycles", Cycle), ("settings", Setting)):
        wrong = [value for value in item[key] if value not in choices.values]
        if wrong:
            errors.append(
                _("%(key)s : valeur inconnue %(values)s (valeurs possibles : %(choices)s).")
                % {"key": key, "values": ", ".join(f"« {v} »" for v in wrong), "choices": ", ".join(choices.values)}
            )
    if not SLUG_PATTERN.match(item["slug"]):
        errors.append(_("slug : seuls les lettres minuscules non accentuées, les chiffres et « - » sont permis."))
    content = SheetContent(
        slug=item["slug"],
        title=item["title"].strip(),
        summary=item["summary"].strip(),
        skills=[skills[code] for code in dict.fromkeys(item["skills"]) if code in skills],
        cycles=list(dict.fromkeys(item["cycles"])),
        settings=list(dict.fromkeys(item["settings"])),
        duration_minutes=item["duration_minutes"],
        group_size=item["group_size"].strip(),
        materials=item["materials"],
        objectives=item["objectives"],
        steps=item["steps"],
        facilitator_posture=item["facilitator_posture"].strip(),
        variants=item["variants"],
        adaptation_disability=item["adaptations"]["handicap"].strip(),
        adaptation_language=item["adaptations"]["langue"].strip(),
        debriefing_questions=item["debriefing_questions"],
        safe={key: item["safe"][key] for key in SAFE_KEYS},
        safety_notes=item["safety_notes"].strip(),
        sources=item["sources"],
        authors=item["authors"].strip(),
        licence=item["licence"].strip(),
    )
    errors += [f"{FIELD_KEYS.get(name, name)} : {message}" for name, message in content_errors(content)]
    return content


def _check_types(item: dict, errors: list) -> None:
    text_keys = ("slug", "title", "summary", "group_size", "facilitator_posture", "safety_notes", "authors", "licence")
    list_keys = ("skills", "cycles", "settings", "materials", "objectives", "variants", "debriefing_questions")
    for key in text_keys:
        if not isinstance(item[key], str):
            errors.append(_("%(key)s : un texte est attendu.") % {"key": key})
    for key in (*list_keys, "sources", "steps"):
        if not isinstance(item[key], list):
            errors.append(_("%(key)s : une liste est attendue.") % {"key": key})
    for key in ("skills", "cycles", "settings"):
        if isinstance(item[key], list) and not all(isinstance(value, str) for value in item[key]):
            errors.append(_("%(key)s : une liste de codes (textes) est attendue.") % {"key": key})
    if not isinstance(item["duration_minutes"], int) or isinstance(item["duration_minutes"], bool):
        errors.append(_("duration_minutes : un nombre entier de minutes est attendu."))
    adaptations = item["adaptations"]
    if not (
        isinstance(adaptations, dict)
        and set(adaptations) == set(ADAPTATION_KEYS)
        and all(isinstance(v, str) for v in adaptations.values())
    ):
        errors.append(_("adaptations : un objet {« handicap » : texte, « langue » : texte} est attendu."))
    safe = item["safe"]
    if not (isinstance(safe, dict) and set(safe) == set(SAFE_KEYS) and all(isinstance(v, bool) for v in safe.values())):
        errors.append(_("safe : un objet avec sequenced, active, focused et explicit (vrai ou faux) est attendu."))


def content_errors(content: SheetContent) -> list[tuple[str, str]]:
    """Every rule a sheet's content breaks, as (model field name, French message) pairs."""
    sheet = ActivitySheet(slug=content.slug or "fiche", **content.model_fields())
    found = [(key, message) for key, messages in content.link_errors().items() for message in messages]
    try:
        sheet.full_clean(exclude=["author", "updated_by"], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            found += [(name, message) for message in messages]
    return found
