"""The steering indicators, as data: what each figure counts, from which app, in which unit.

The dashboard, its exports and the annual report read this registry; semis.reporting.services
computes the values and keeps them in IndicatorValue. A definition is shown next to its figure, so
it says in plain French how the figure is obtained.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from semis.accounts.enums import PerimeterKind
from semis.projects.enums import ProjectStatus, ScoreBand


class Theme:
    TRAINING = "training"
    PROJECTS = "projects"
    TERRITORIES = "territories"


THEMES = {
    Theme.TRAINING: _("Formation des adultes"),
    Theme.PROJECTS: _("Projets locaux et séances en classe"),
    Theme.TERRITORIES: _("Territoires"),
}

ALL_KINDS = frozenset(PerimeterKind)
# Courses belong to an académie and a département, not to a school or a territory.
GEOGRAPHIC_KINDS = frozenset(
    {PerimeterKind.NATIONAL, PerimeterKind.REGION, PerimeterKind.ACADEMIE, PerimeterKind.DEPARTEMENT}
)


# A count every language of the catalogue puts in its plural.
MANY = 10


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    units: str  # ngettext_lazy(singular, plural), the number left for unit_for() to give
    theme: str
    source: str  # the app whose data it counts
    kinds: frozenset = ALL_KINDS  # the perimeter kinds it is computed for
    decimals: int = 0

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds

    def unit_for(self, value) -> str:
        """The unit as it reads after `value`: « 1 projet », « 1,5 heure », « 3 projets »."""
        return self.units % int(value if value is not None else MANY)

    @property
    def unit(self) -> str:
        """The unit on its own, in a column heading or the API: « projets »."""
        return self.unit_for(None)


def _min_hours():
    from django.conf import settings

    return settings.TRAINING_MIN_HOURS


def _trained_definition():
    return _(
        "Personnes (comptées une fois par adresse e-mail) qui ont suivi au moins %(hours)s h de stages "
        "de l'année scolaire, d'après les émargements (présences et heures suivies). Une personne "
        "compte dans le périmètre de son école, ou, sans école, dans celui du stage."
    ) % {"hours": _min_hours()}


def _schools_definition():
    return _(
        "Établissements dont au moins une personne inscrite a suivi %(hours)s h de stages ou plus dans "
        "l'année scolaire (émargements)."
    ) % {"hours": _min_hours()}


UNIT_PEOPLE = ngettext_lazy("personne", "personnes")
UNIT_SCHOOLS = ngettext_lazy("établissement", "établissements")
UNIT_COURSES = ngettext_lazy("stage", "stages")
UNIT_HOURS = ngettext_lazy("heure", "heures")
UNIT_PROJECTS = ngettext_lazy("projet", "projets")
UNIT_SESSIONS = ngettext_lazy("séance", "séances")
UNIT_MINUTES = ngettext_lazy("minute", "minutes")
UNIT_PUPILS = ngettext_lazy("élève", "élèves")
UNIT_TERRITORIES = ngettext_lazy("territoire", "territoires")

PROJECTS_SCOPE_TEXT = _(
    "Projets locaux (écoles et structures d'un territoire) dont les années prévues couvrent l'année scolaire"
)

INDICATORS: list[Indicator] = [
    Indicator(
        code="trained_adults",
        label=_("Adultes formés"),
        definition=lazy(_trained_definition, str)(),
        units=UNIT_PEOPLE,
        theme=Theme.TRAINING,
        source="training",
    ),
    Indicator(
        code="schools_with_trained_adult",
        label=_("Établissements ayant au moins un adulte formé"),
        definition=lazy(_schools_definition, str)(),
        units=UNIT_SCHOOLS,
        theme=Theme.TRAINING,
        source="training",
    ),
    Indicator(
        code="courses_held",
        label=_("Stages tenus"),
        definition=_(
            "Stages de l'année scolaire à l'état « Terminé », comptés dans le département et l'académie "
            "où ils ont lieu."
        ),
        units=UNIT_COURSES,
        theme=Theme.TRAINING,
        source="training",
        kinds=GEOGRAPHIC_KINDS,
    ),
    Indicator(
        code="training_hours",
        label=_("Heures de stage dispensées"),
        definition=_("Somme des durées des demi-journées des stages terminés de l'année scolaire."),
        units=UNIT_HOURS,
        theme=Theme.TRAINING,
        source="training",
        kinds=GEOGRAPHIC_KINDS,
        decimals=1,
    ),
    Indicator(
        code="projects",
        label=_("Projets locaux"),
        definition=format_lazy(_("{scope}, quel que soit leur état."), scope=PROJECTS_SCOPE_TEXT),
        units=UNIT_PROJECTS,
        theme=Theme.PROJECTS,
        source="projects",
    ),
    *[
        Indicator(
            code=f"projects_{status.value}",
            label=format_lazy(_("Projets : {status}"), status=status.label),
            definition=format_lazy(
                _("{scope}, à l'état « {status} »."), scope=PROJECTS_SCOPE_TEXT, status=status.label
            ),
            units=UNIT_PROJECTS,
            theme=Theme.PROJECTS,
            source="projects",
        )
        for status in ProjectStatus
    ],
    *[
        Indicator(
            code=f"projects_band_{band.value}",
            label=format_lazy(_("Projets de qualité « {band} »"), band=band.label),
            definition=format_lazy(
                _("{scope}, dont le score de qualité (critères des projets) est au niveau « {band} »."),
                scope=PROJECTS_SCOPE_TEXT,
                band=band.label,
            ),
            units=UNIT_PROJECTS,
            theme=Theme.PROJECTS,
            source="projects",
        )
        for band in ScoreBand
    ],
    Indicator(
        code="sessions_logged",
        label=_("Séances menées"),
        definition=_("Séances CPS consignées dans le journal des projets pour les groupes de l'année scolaire."),
        units=UNIT_SESSIONS,
        theme=Theme.PROJECTS,
        source="projects",
    ),
    Indicator(
        code="minutes_delivered",
        label=_("Durée des séances menées"),
        definition=_("Somme des durées (en minutes) des séances consignées pour les groupes de l'année scolaire."),
        units=UNIT_MINUTES,
        theme=Theme.PROJECTS,
        source="projects",
    ),
    Indicator(
        code="pupils_reached",
        label=_("Élèves ou jeunes touchés"),
        definition=_(
            "Somme des effectifs déclarés des groupes (classes ou groupes) de l'année scolaire dans les projets "
            "locaux. Un élève suivi deux années compte chaque année."
        ),
        units=UNIT_PUPILS,
        theme=Theme.PROJECTS,
        source="projects",
    ),
    Indicator(
        code="territories_active",
        label=_("Territoires actifs"),
        definition=_(
            "Territoires dont au moins une étape du parcours est en cours ou terminée et recoupe l'année "
            "scolaire (début avant sa fin, fin après son début, dates absentes acceptées). Un territoire compte "
            "dans chaque académie et département où il a des communes."
        ),
        units=UNIT_TERRITORIES,
        theme=Theme.TERRITORIES,
        source="territories",
        kinds=ALL_KINDS - {PerimeterKind.ESTABLISHMENT},
    ),
]

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
# The figures shown for each sub-perimeter in the drill-down tables.
KEY_CODES = ["trained_adults", "projects", "projects_validated", "sessions_logged", "pupils_reached"]
