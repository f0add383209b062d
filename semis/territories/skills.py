"""The specific psychosocial skills an action may target, by code (SpF 2022, shared/DOMAIN.md §2).

Actions store the codes as a JSON list while the referential app is built elsewhere; this one
constant is what a foreign key to the referential's skills will replace.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# (code, short name) in the referential's order; the first letter is the category.
CPS_SKILLS = (
    ("C1.1", _("Connaissance de soi")),
    ("C1.2", _("Penser de façon critique")),
    ("C1.3", _("Auto-évaluation positive")),
    ("C1.4", _("Attention à soi (pleine conscience)")),
    ("C2.1", _("Gérer ses impulsions")),
    ("C2.2", _("Atteindre ses buts")),
    ("C3.1", _("Faire des choix responsables")),
    ("C3.2", _("Résoudre des problèmes de façon créative")),
    ("E1.1", _("Comprendre les émotions et le stress")),
    ("E1.2", _("Identifier ses émotions et son stress")),
    ("E2.1", _("Exprimer ses émotions de façon positive")),
    ("E2.2", _("Gérer ses émotions")),
    ("E3.1", _("Réguler son stress au quotidien")),
    ("E3.2", _("Faire face à l'adversité")),
    ("S1.1", _("Écoute empathique")),
    ("S1.2", _("Communication efficace")),
    ("S2.1", _("Développer des liens sociaux")),
    ("S2.2", _("Attitudes prosociales")),
    ("S3.1", _("Demander de l'aide")),
    ("S3.2", _("Assertivité et refus")),
    ("S3.3", _("Résoudre les conflits")),
)
SKILL_NAMES = dict(CPS_SKILLS)
SKILL_CATEGORIES = (
    ("C", _("Compétences cognitives")),
    ("E", _("Compétences émotionnelles")),
    ("S", _("Compétences sociales")),
)


def validate_skill_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Les compétences visées sont une liste de codes."), code="skills_type")
    unknown = [code for code in value if code not in SKILL_NAMES]
    if unknown:
        raise ValidationError(
            _("Code de compétence inconnu : %(codes)s (attendus : C1.1 à S3.3 du référentiel SpF 2022)."),
            code="skills_unknown",
            params={"codes": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Une compétence est citée deux fois."), code="skills_duplicate")
