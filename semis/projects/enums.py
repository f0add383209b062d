from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import Role
from semis.library.enums import Cycle


class Carrier(models.TextChoices):
    """Who carries a project: a school, or a structure of a territory (out of school)."""

    SCHOOL = "school", _("Un établissement scolaire")
    TERRITORY = "territory", _("Une structure d'un territoire (hors école)")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis à validation")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    VALIDATED = "validated", _("Validé")


# Statuses in which the carriers may change the plan (a submitted project waits for its review).
EDITABLE_STATUSES = frozenset({ProjectStatus.DRAFT, ProjectStatus.CHANGES_REQUESTED, ProjectStatus.VALIDATED})


class GroupLevel(models.TextChoices):
    """The class level of a group, or the age band of an out-of-school group."""

    PS = "ps", _("PS (petite section)")
    MS = "ms", _("MS (moyenne section)")
    GS = "gs", _("GS (grande section)")
    CP = "cp", _("CP")
    CE1 = "ce1", _("CE1")
    CE2 = "ce2", _("CE2")
    CM1 = "cm1", _("CM1")
    CM2 = "cm2", _("CM2")
    SIXIEME = "6e", _("6e")
    CINQUIEME = "5e", _("5e")
    QUATRIEME = "4e", _("4e")
    TROISIEME = "3e", _("3e")
    SECONDE = "2nde", _("2de")
    PREMIERE = "1re", _("1re")
    TERMINALE = "tle", _("Terminale")
    AGES_0_3 = "0-3", _("Hors école : 0-3 ans")
    AGES_3_5 = "3-5", _("Hors école : 3-5 ans")
    AGES_6_11 = "6-11", _("Hors école : 6-11 ans")
    AGES_12_15 = "12-15", _("Hors école : 12-15 ans")
    AGES_16_25 = "16-25", _("Hors école : 16-25 ans")

    @property
    def cycle(self) -> str:
        return LEVEL_CYCLES[self.value]

    @property
    def next_level(self) -> "GroupLevel":
        """The level of the same pupils a school year later (out-of-school bands stay as they are)."""
        order = list(SCHOOL_LEVELS)
        if self in order and order.index(self) + 1 < len(order):
            return order[order.index(self) + 1]
        return self


SCHOOL_LEVELS = (
    GroupLevel.PS,
    GroupLevel.MS,
    GroupLevel.GS,
    GroupLevel.CP,
    GroupLevel.CE1,
    GroupLevel.CE2,
    GroupLevel.CM1,
    GroupLevel.CM2,
    GroupLevel.SIXIEME,
    GroupLevel.CINQUIEME,
    GroupLevel.QUATRIEME,
    GroupLevel.TROISIEME,
    GroupLevel.SECONDE,
    GroupLevel.PREMIERE,
    GroupLevel.TERMINALE,
)

LEVEL_CYCLES = {
    "ps": Cycle.CYCLE1,
    "ms": Cycle.CYCLE1,
    "gs": Cycle.CYCLE1,
    "cp": Cycle.CYCLE2,
    "ce1": Cycle.CYCLE2,
    "ce2": Cycle.CYCLE2,
    "cm1": Cycle.CYCLE3,
    "cm2": Cycle.CYCLE3,
    "6e": Cycle.CYCLE3,
    "5e": Cycle.CYCLE4,
    "4e": Cycle.CYCLE4,
    "3e": Cycle.CYCLE4,
    "2nde": Cycle.LYCEE,
    "1re": Cycle.LYCEE,
    "tle": Cycle.LYCEE,
    "0-3": Cycle.EARLY_CHILDHOOD,
    "3-5": Cycle.CYCLE1,
    "6-11": Cycle.CYCLE3,
    "12-15": Cycle.CYCLE4,
    "16-25": Cycle.YOUNG_ADULTS,
}

# The first level of each cycle: a project drafted from a sequence of that cycle starts there.
CYCLE_FIRST_LEVEL = {
    Cycle.EARLY_CHILDHOOD: GroupLevel.AGES_0_3,
    Cycle.CYCLE1: GroupLevel.GS,
    Cycle.CYCLE2: GroupLevel.CE2,
    Cycle.CYCLE3: GroupLevel.CM1,
    Cycle.CYCLE4: GroupLevel.CINQUIEME,
    Cycle.LYCEE: GroupLevel.SECONDE,
    Cycle.YOUNG_ADULTS: GroupLevel.AGES_16_25,
}


class FamilyInvolvement(models.IntegerChoices):
    NONE = 0, _("Les familles ne sont pas associées")
    INFORMED = 1, _("Les familles sont informées du projet")
    INVOLVED = 2, _("Les familles participent (temps partagés, activités à la maison, rencontres)")


class EvaluationKind(models.TextChoices):
    NONE = "none", _("Pas d'évaluation prévue")
    QUALITATIVE = "qualitative", _("Un bilan qualitatif (observations, avis des élèves et des adultes)")
    PRE_POST = "pre_post", _("Une mesure avant / après (questionnaire)")
    COMPARISON = "comparison", _("Une mesure avant / après avec un groupe de comparaison")


class PartnerKind(models.TextChoices):
    """The living environment a partner brings into the project (milieux de vie)."""

    FAMILIES = "families", _("Familles, association de parents")
    PERISCOLAIRE = "periscolaire", _("Périscolaire, accueil de loisirs")
    SOCIAL = "social", _("Centre social, structure jeunesse")
    HEALTH = "health", _("Santé (PMI, infirmerie, CMP, maison des adolescents)")
    SPORT_CULTURE = "sport_culture", _("Sport, culture")
    LOCAL_AUTHORITY = "local_authority", _("Commune, intercommunalité")
    HEALTH_PROMOTION = "health_promotion", _("IREPS, promotion de la santé")
    OTHER = "other", _("Autre")


class Fidelity(models.IntegerChoices):
    """How much of the planned session was done as planned."""

    ALL = 4, _("Tout, comme prévu")
    MOST = 3, _("L'essentiel")
    PART = 2, _("Une partie")
    LITTLE = 1, _("Peu")


class Engagement(models.IntegerChoices):
    HIGH = 4, _("Très engagé·e·s")
    GOOD = 3, _("Engagé·e·s")
    MIXED = 2, _("Inégal")
    LOW = 1, _("Peu engagé·e·s")


# A fidelity answer as a share of the session done as planned: 4 → 100 %, 1 → 25 %.
FIDELITY_PERCENT_PER_POINT = 25


class ReviewKind(models.TextChoices):
    COMMENT = "comment", _("Commentaire")
    SUBMITTED = "submitted", _("Soumis à validation")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    VALIDATED = "validated", _("Validé")
    REOPENED = "reopened", _("Modifié après validation : à soumettre de nouveau")
    CONTINUED = "continued", _("Poursuivi sur une nouvelle année scolaire")


class CriterionStatus(models.TextChoices):
    MET = "met", _("Atteint")
    PARTLY = "partly", _("En partie")
    NOT_MET = "not_met", _("Non atteint")


class ScoreBand(models.TextChoices):
    STRONG = "strong", _("Solide")
    MEDIUM = "medium", _("À consolider")
    WEAK = "weak", _("Fragile")


# Who drafts projects and logs sessions: the carriers (on their school or territory).
EDITOR_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.TEACHER, Role.SCHOOL_HEAD, Role.TERRITORIAL_LEAD})
# Who comments, validates or asks for changes (each on their perimeter, see semis.projects.perms).
REVIEWER_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT, Role.TERRITORIAL_LEAD})
