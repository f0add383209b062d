from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    QUARTIER = "quartier", _("Quartier")
    COMMUNE = "commune", _("Commune")
    COMMUNAUTE_DE_COMMUNES = "communaute_de_communes", _("Communauté de communes")
    BASSIN_DE_VIE = "bassin_de_vie", _("Bassin de vie")


class StageKind(models.TextChoices):
    """The steps of a territory's journey, in the order they are usually taken."""

    DIAGNOSTIC = "diagnostic", _("Diagnostic partagé")
    MOBILISATION = "mobilisation", _("Mobilisation")
    ACTION_PLAN = "action_plan", _("Plan d'action")
    IMPLEMENTATION = "implementation", _("Mise en œuvre")
    EVALUATION = "evaluation", _("Évaluation")
    SUSTAINABILITY = "sustainability", _("Pérennisation")


class StageStatus(models.TextChoices):
    PLANNED = "planned", _("À venir")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminée")


class StakeholderKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Personne")


class StakeholderCategory(models.TextChoices):
    ELECTED = "elected", _("Élu·es")
    EDUCATION = "education", _("Professionnel·les de l'éducation")
    HEALTH = "health", _("Professionnel·les de la santé")
    SOCIAL = "social", _("Professionnel·les du social")
    YOUTH_WORK = "youth_work", _("Professionnel·les de l'animation")
    VOLUNTEER = "volunteer", _("Bénévoles")
    FAMILY = "family", _("Familles")


class Setting(models.TextChoices):
    """Living environments ("milieux de vie") where an action takes place."""

    ECOLE = "ecole", _("École")
    COLLEGE = "college", _("Collège")
    LYCEE = "lycee", _("Lycée")
    PERISCOLAIRE = "periscolaire", _("Périscolaire")
    ACCUEIL_LOISIRS = "accueil_loisirs", _("Accueil de loisirs")
    CLUB_SPORTIF = "club_sportif", _("Club sportif")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    PETITE_ENFANCE = "petite_enfance", _("Petite enfance (crèche, EAJE)")
    PMI = "pmi", _("PMI")
    STRUCTURE_JEUNESSE = "structure_jeunesse", _("Structure jeunesse (MJC, PIJ)")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    SANTE = "sante", _("Lieu de soin (CMP, maison des adolescents)")
    PROTECTION_ENFANCE = "protection_enfance", _("Protection de l'enfance")
    FAMILLE = "famille", _("Famille")
    QUARTIER = "quartier", _("Quartier, espace public")

    @property
    def in_school(self) -> bool:
        return self in SCHOOL_SETTINGS


SCHOOL_SETTINGS = frozenset({Setting.ECOLE, Setting.COLLEGE, Setting.LYCEE})


class Lever(models.TextChoices):
    """The five action areas of the Ottawa charter for health promotion (1986)."""

    PUBLIC_POLICY = "public_policy", _("Politique publique saine")
    SUPPORTIVE_ENVIRONMENTS = "supportive_environments", _("Milieux favorables")
    COMMUNITY_ACTION = "community_action", _("Action communautaire")
    PERSONAL_SKILLS = "personal_skills", _("Aptitudes individuelles")
    REORIENT_SERVICES = "reorient_services", _("Réorientation des services")


class DeterminantLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuel")
    RELATIONAL = "relational", _("Relationnel")
    LIVING_ENVIRONMENT = "living_environment", _("Milieu de vie")
    TERRITORIAL = "territorial", _("Territorial")
    GLOBAL = "global", _("Global")


class Audience(models.TextChoices):
    CHILDREN = "children", _("Enfants")
    ADOLESCENTS = "adolescents", _("Adolescent·es")
    YOUNG_ADULTS = "young_adults", _("Jeunes adultes")
    PARENTS = "parents", _("Parents et familles")
    PROFESSIONALS = "professionals", _("Professionnel·les et bénévoles")
    EVERYONE = "everyone", _("Tout public")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    IN_REVIEW = "in_review", _("En relecture")
    PUBLISHED = "published", _("Publiée")


# Age bands of the 0–25 range used to read the coherence matrix: (label, first age, last age).
AGE_BANDS = (
    (_("0–2 ans"), 0, 2),
    (_("3–5 ans"), 3, 5),
    (_("6–11 ans"), 6, 11),
    (_("12–15 ans"), 12, 15),
    (_("16–18 ans"), 16, 18),
    (_("19–25 ans"), 19, 25),
)
