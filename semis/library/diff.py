"""What changed between two published versions of a sheet, field by field and word by word."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from semis.library.enums import Cycle, Setting

FIELD_LABELS = {
    "title": gettext_lazy("Titre"),
    "summary": gettext_lazy("Résumé"),
    "skills": gettext_lazy("Compétences visées"),
    "cycles": gettext_lazy("Cycles et publics"),
    "settings": gettext_lazy("Milieux"),
    "duration_minutes": gettext_lazy("Durée"),
    "group_size": gettext_lazy("Taille du groupe"),
    "materials": gettext_lazy("Matériel"),
    "objectives": gettext_lazy("Objectifs"),
    "steps": gettext_lazy("Déroulé"),
    "facilitator_posture": gettext_lazy("Posture de l'animateur·rice"),
    "variants": gettext_lazy("Variantes"),
    "adaptations": gettext_lazy("Adaptations"),
    "debriefing_questions": gettext_lazy("Questions de retour"),
    "safe": gettext_lazy("Critères SAFE"),
    "safety_notes": gettext_lazy("Précautions"),
    "sources": gettext_lazy("Sources"),
    "authors": gettext_lazy("Auteurs"),
    "licence": gettext_lazy("Licence"),
}
SAFE_LABELS = {
    "sequenced": gettext_lazy("séquencée"),
    "active": pgettext_lazy("fiche", "active"),  # a context: Django's French catalogue turns "active" into "actif"
    "focused": gettext_lazy("centrée"),
    "explicit": gettext_lazy("explicite"),
}


@dataclass
class FieldDiff:
    label: str
    segments: list[tuple[str, str]]  # (equal | insert | delete, text)


def as_text(key: str, value) -> str:
    """A snapshot value as the lines a reader compares."""
    if key == "steps":
        return "\n".join(
            f"{n}. {step['title']} ({step['minutes']} min) : {step['instructions']}"
            for n, step in enumerate(value, start=1)
        )
    if key == "cycles":
        return ", ".join(str(Cycle(v).label) if v in Cycle.values else v for v in value)
    if key == "settings":
        return ", ".join(str(Setting(v).label) if v in Setting.values else v for v in value)
    if key == "adaptations":
        return _("Handicap : %(handicap)s\nLangue : %(langue)s") % value
    if key == "safe":
        return ", ".join(f"{SAFE_LABELS[k]} : {_('oui') if v else _('non')}" for k, v in value.items())
    if key == "duration_minutes":
        return _("%(minutes)d min") % {"minutes": value}
    if isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    return str(value)


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


def snapshot_diff(old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two snapshots, in the order of the format."""
    diffs = []
    for key, label in FIELD_LABELS.items():
        before, after = as_text(key, old.get(key, "")), as_text(key, new.get(key, ""))
        if before != after:
            diffs.append(FieldDiff(label=str(label), segments=_segments(before, after)))
    return diffs
