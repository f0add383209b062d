from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import Role

# Roles that review and publish activity sheets (and see drafts). Not geographic: the library is national.
REVIEWER_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT})


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    IN_REVIEW = "in_review", _("En relecture")
    PUBLISHED = "published", _("Publiée")


class Cycle(models.TextChoices):
    """Who a sheet is for: school cycles, and the two out-of-school age bands."""

    EARLY_CHILDHOOD = "0-3", _("Petite enfance (0-3 ans, hors école)")
    CYCLE1 = "cycle1", _("Cycle 1 (maternelle : PS, MS, GS)")
    CYCLE2 = "cycle2", _("Cycle 2 (CP, CE1, CE2)")
    CYCLE3 = "cycle3", _("Cycle 3 (CM1, CM2, 6e)")
    CYCLE4 = "cycle4", _("Cycle 4 (5e, 4e, 3e)")
    LYCEE = "lycee", _("Lycée (2de, 1re, Tle)")
    YOUNG_ADULTS = "16-25", _("Jeunes de 16 à 25 ans (hors école)")

    @property
    def short_label(self) -> str:
        """A column heading: "Cycle 2", "Lycée", "0-3 ans"."""
        return str(CYCLE_SHORT_LABELS[self.value])


CYCLE_SHORT_LABELS = {
    "0-3": _("0-3 ans"),
    "cycle1": _("Cycle 1"),
    "cycle2": _("Cycle 2"),
    "cycle3": _("Cycle 3"),
    "cycle4": _("Cycle 4"),
    "lycee": _("Lycée"),
    "16-25": _("16-25 ans"),
}


class Setting(models.TextChoices):
    """Where a sheet can be run (milieu de vie)."""

    CLASSE = "classe", _("Classe")
    PERISCOLAIRE = "periscolaire", _("Périscolaire")
    ACCUEIL_LOISIRS = "accueil_loisirs", _("Accueil de loisirs")
    FAMILLE = "famille", _("Famille")
    STRUCTURE_JEUNESSE = "structure_jeunesse", _("Structure jeunesse")
    CLUB_SPORTIF = "club_sportif", _("Club sportif")
    CENTRE_SOCIAL = "centre_social", _("Centre social")


class DurationBand(models.TextChoices):
    SHORT = "court", _("30 min ou moins")
    MEDIUM = "moyen", _("De 31 à 60 min")
    LONG = "long", _("Plus d'une heure")

    @property
    def bounds(self) -> tuple[int, int | None]:
        """Inclusive (minimum, maximum) minutes; None means no upper bound."""
        return {"court": (0, 30), "moyen": (31, 60), "long": (61, None)}[self.value]

    def contains(self, minutes: int) -> bool:
        low, high = self.bounds
        return low <= minutes and (high is None or minutes <= high)


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Commentaire")
    SUBMITTED = "submitted", _("Soumise à relecture")
    SENT_BACK = "sent_back", _("Renvoyée à l'auteur")
    PUBLISHED = "published", _("Publiée")


DEFAULT_LICENCE = "CC BY-SA 4.0"


class EvidenceLevel(models.TextChoices):
    """How strong the published evaluation of a programme is: the design of the best study, not a verdict."""

    SEVERAL_RCTS = "several_rcts", _("Plusieurs essais contrôlés randomisés")
    RCT = "rct", _("Au moins un essai contrôlé randomisé")
    QUASI_EXPERIMENTAL = "quasi_experimental", _("Étude quasi expérimentale (groupe de comparaison)")
    PRE_POST = "pre_post", _("Évaluation avant / après sans groupe de comparaison")
    NOT_EVALUATED = "not_evaluated", _("Pas d'évaluation d'efficacité publiée")
