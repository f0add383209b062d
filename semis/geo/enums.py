from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PRIMARY = "primary", _("1er degré")
    SECONDARY = "secondary", _("2nd degré")


class EstablishmentKind(models.TextChoices):
    MATERNELLE = "ecole_maternelle", _("École maternelle")
    ELEMENTAIRE = "ecole_elementaire", _("École élémentaire")
    PRIMAIRE = "ecole_primaire", _("École primaire")
    COLLEGE = "college", _("Collège")
    LYCEE = "lycee", _("Lycée")
    LYCEE_PRO = "lycee_professionnel", _("Lycée professionnel")

    @property
    def level(self) -> str:
        return Level.PRIMARY if self.value.startswith("ecole") else Level.SECONDARY


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Privé sous contrat")


class PriorityEducation(models.TextChoices):
    NONE = "", _("Hors éducation prioritaire")
    REP = "rep", _("REP")
    REP_PLUS = "rep_plus", _("REP+")
