"""The steering indicators' values, kept in a summary table refreshed by a task (semis.reporting.tasks):
the dashboard reads a few rows instead of counting across the apps at every request.

Derived data, like the projects' scores: rewritten whole by semis.reporting.services and not audited.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import PerimeterKind


class IndicatorRefresh(models.Model):
    """When the values of a school year were last computed; no row means never (the empty state)."""

    school_year = models.PositiveSmallIntegerField(_("année scolaire"), unique=True)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("calcul des indicateurs")
        verbose_name_plural = _("calculs des indicateurs")

    def __str__(self):
        return f"{self.school_year} — {self.computed_at:%Y-%m-%d %H:%M}"


class IndicatorValue(models.Model):
    """One figure: an indicator of a school year in one perimeter (perimeter_id is empty for national).

    Only non-zero figures are stored: a perimeter without a row has nothing to count that year.
    """

    school_year = models.PositiveSmallIntegerField(_("année scolaire"))
    perimeter_kind = models.CharField(_("type de périmètre"), max_length=20, choices=PerimeterKind.choices)
    perimeter_id = models.PositiveIntegerField(_("périmètre"), null=True, blank=True)
    indicator = models.CharField(_("indicateur"), max_length=40)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=1)

    class Meta:
        ordering = ["school_year", "perimeter_kind", "perimeter_id", "indicator"]
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "perimeter_kind", "perimeter_id", "indicator"],
                name="indicator_value_once",
            ),
            # NULLs are distinct in a unique index: the national row needs its own.
            models.UniqueConstraint(
                fields=["school_year", "indicator"],
                condition=Q(perimeter_kind=PerimeterKind.NATIONAL),
                name="indicator_value_national_once",
            ),
            models.CheckConstraint(
                condition=Q(perimeter_kind=PerimeterKind.NATIONAL, perimeter_id__isnull=True)
                | (~Q(perimeter_kind=PerimeterKind.NATIONAL) & Q(perimeter_id__isnull=False)),
                name="indicator_value_perimeter_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.school_year} {self.perimeter_kind}:{self.perimeter_id} {self.indicator}={self.value}"
