from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet


class TerritoryKind(models.TextChoices):
    QUARTIER = "quartier", _("Quartier")
    COMMUNE = "commune", _("Commune")
    COMMUNAUTE_DE_COMMUNES = "communaute_de_communes", _("Communauté de communes")
    BASSIN_DE_VIE = "bassin_de_vie", _("Bassin de vie")


class TerritoryQuerySet(ScopedQuerySet):
    scope_paths = {
        "region": "region",
        "academie": "communes__departement__academie",
        "departement": "communes__departement",
        "territory": "pk",
    }


class Territory(AuditedModel):
    """A project perimeter made of communes (those of the chosen EPCI included); may overlap others."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=TerritoryKind.choices)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="territories")
    epcis = models.ManyToManyField("geo.Epci", blank=True, related_name="territories", verbose_name=_("EPCI"))
    communes = models.ManyToManyField("geo.Commune", related_name="territories", verbose_name=_("communes"))

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("territoire")

    def __str__(self):
        return self.name
