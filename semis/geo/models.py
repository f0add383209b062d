from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_check_letter(digits: str) -> str:
    """The UAI check letter is the 7-digit number modulo 23 in a 23-letter alphabet."""
    return UAI_LETTERS[int(digits) % 23]


def validate_uai(value: str) -> None:
    if len(value) != 8 or not value[:7].isdigit() or not value[7].isalpha():
        raise ValidationError(
            _("« %(value)s » n'est pas un UAI : 7 chiffres suivis d'une lettre sont attendus."),
            code="uai_format",
            params={"value": value},
        )
    expected = uai_check_letter(value[:7])
    if value[7].upper() != expected:
        raise ValidationError(
            _("La lettre de contrôle de l'UAI « %(value)s » est fausse (attendue : %(expected)s)."),
            code="uai_check_letter",
            params={"value": value, "expected": expected},
        )


class Region(models.Model):
    """A région; since 2016 each région is also a région académique."""

    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")

    def __str__(self):
        return self.name


class Academie(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="academies", verbose_name=_("région académique")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("académie")

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature juridique"), max_length=10)

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self):
        return self.name


class CommuneQuerySet(ScopedQuerySet):
    """Communes are reference data every user reads in full; the scope paths say which communes
    lie in a perimeter, for rules such as where a school may be placed (semis.geo.perms)."""

    scope_paths = {
        "region": "departement__region",
        "academie": "departement__academie",
        "departement": "departement",
        "territory": "territories",
    }


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.PROTECT, null=True, blank=True, related_name="communes")
    # Simplified for display (≈100 m), as WKB: maps are drawn offline from it.
    geometry = models.BinaryField(_("contour simplifié"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "insee_code"]
        verbose_name = _("commune")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class GeographyImport(models.Model):
    """A run of `import_geo` that changed the reference geography. Shapes derived from it and kept by
    each web process (semis.territories.outlines) are checked against the latest, as an import
    may redraw outlines and rename places without adding a row."""

    imported_at = models.DateTimeField(_("importée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("import de la géographie")

    def __str__(self):
        return f"{self.imported_at:%Y-%m-%d %H:%M}"


class EstablishmentQuerySet(ScopedQuerySet):
    scope_paths = {
        "region": "commune__departement__region",
        "academie": "commune__departement__academie",
        "departement": "commune__departement",
        "territory": "commune__territories",
        "establishment": "pk",
    }

    def with_list_related_data(self):
        # The commune's outline is kilobytes per row and no list or detail page draws it.
        return self.select_related("commune__departement__academie").defer("commune__geometry")


class Establishment(AuditedModel):
    uai = models.CharField(
        _("UAI"),
        max_length=8,
        unique=True,
        validators=[validate_uai],
        error_messages={"unique": _("Un établissement porte déjà cet UAI.")},
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=EstablishmentKind.choices)
    sector = models.CharField(_("secteur"), max_length=10, choices=Sector.choices, default=Sector.PUBLIC)
    priority_education = models.CharField(
        _("éducation prioritaire"), max_length=10, choices=PriorityEducation.choices, blank=True
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="establishments", verbose_name=_("commune")
    )
    # Raised by one at every save through the services: an edit form carries the version it was
    # opened on, so saving over someone else's newer save is detected instead of silently lost.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "uai"]
        verbose_name = _("établissement")

    def __str__(self):
        return f"{self.name} ({self.uai})"

    @property
    def level(self) -> str:
        return EstablishmentKind(self.kind).level
