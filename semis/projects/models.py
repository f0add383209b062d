"""Local CPS projects: a school's or a territory structure's plan (years, groups reached, skills,
content, adults, partners), its review, the sessions delivered, and its quality score.

A project keeps its place in the geography on its own row (région, académie, département, set by
the services from its school or territory): scoping and the perimeter overview then read one
column instead of joining through schools and communes. A territory crossing two académies lies
in neither, as semis.accounts.perimeters says.

The score is derived data (semis.projects.scoring): ProjectScore and CriterionResult are written
by the services after every change and are not audited; one row per project and criterion makes
the perimeter overview a single GROUP BY.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet
from semis.projects.enums import (
    FIDELITY_PERCENT_PER_POINT,
    Carrier,
    CriterionStatus,
    Engagement,
    EvaluationKind,
    FamilyInvolvement,
    Fidelity,
    GroupLevel,
    PartnerKind,
    ProjectStatus,
    ReviewKind,
    ScoreBand,
)
from semis.territories.enums import Setting
from semis.training.dates import school_year_bounds, school_year_label
from semis.training.models import Attendance, summed_hours

MIN_PUPILS, MAX_PUPILS = 1, 40
MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 5, 240
MAX_PLANNED_HOURS = Decimal("200")
MAX_PROJECT_YEARS = 6

PROJECT_SCOPE = {
    "region": "region",
    "academie": "academie",
    "departement": "departement",
    # A territory's lead sees the projects of the territory and those of the schools inside it.
    "territory": ("territory", "establishment__commune__territories"),
    "establishment": "establishment",
}


def through_project(prefix: str = "project") -> dict:
    """The project's scope paths seen from a row that points to the project through `prefix`."""
    return {
        kind: tuple(f"{prefix}__{path}" for path in ((paths,) if isinstance(paths, str) else paths))
        for kind, paths in PROJECT_SCOPE.items()
    }


class ProjectQuerySet(ScopedQuerySet):
    scope_paths = PROJECT_SCOPE

    def with_list_related_data(self):
        latest = ProjectYear.objects.filter(project=OuterRef("pk")).order_by().values("project")
        return self.select_related("establishment__commune", "territory", "score").annotate(
            current_school_year=Subquery(latest.annotate(year=Max("school_year")).values("year"))
        )

    def covering(self, school_year: int):
        return self.filter(first_year__lte=school_year, last_year__gte=school_year)


class Project(AuditedModel):
    carrier = models.CharField(_("porté par"), max_length=20, choices=Carrier.choices, default=Carrier.SCHOOL)
    establishment = models.ForeignKey(
        "geo.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cps_projects",
        verbose_name=_("établissement"),
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cps_projects",
        verbose_name=_("territoire"),
    )
    setting = models.CharField(_("milieu de vie"), max_length=30, choices=Setting.choices, blank=True)
    structure = models.CharField(
        _("structure"), max_length=200, blank=True, help_text=_("Par exemple : centre social des Tilleuls.")
    )
    # Where the project lies, kept on the row by the services (see the module docstring).
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    academie = models.ForeignKey(
        "geo.Academie", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    departement = models.ForeignKey(
        "geo.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("présentation"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("première année scolaire"))
    last_year = models.PositiveSmallIntegerField(_("dernière année scolaire prévue"))
    status = models.CharField(_("état"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)

    skills = models.ManyToManyField(
        "referential.SpecificSkill", blank=True, related_name="cps_projects", verbose_name=_("compétences visées")
    )
    sequences = models.ManyToManyField(
        "library.Sequence", blank=True, related_name="cps_projects", verbose_name=_("séquences prévues")
    )
    programme = models.ForeignKey(
        "library.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cps_projects",
        verbose_name=_("programme probant"),
    )
    trained_team = models.ForeignKey(
        "training.TrainedTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cps_projects",
        verbose_name=_("équipe formée"),
    )

    family_involvement = models.PositiveSmallIntegerField(
        _("place des familles"), choices=FamilyInvolvement.choices, default=FamilyInvolvement.NONE
    )
    family_actions = models.TextField(_("actions avec les familles"), blank=True)
    climate_team_commitment = models.BooleanField(
        _("toute l'équipe adulte s'engage à pratiquer les CPS au quotidien"), default=False
    )
    climate_actions = models.TextField(_("climat et adultes modèles : actions prévues"), blank=True)
    support_followup = models.BooleanField(
        _("suivi régulier par un·e professionnel·le-ressource ou l'IREPS"), default=False
    )
    support_coleading = models.BooleanField(_("séances co-animées avec une personne formée"), default=False)
    support_peer_exchange = models.BooleanField(_("échanges de pratiques entre adultes du projet"), default=False)
    support_notes = models.TextField(_("accompagnement : précisions"), blank=True)
    evaluation_kind = models.CharField(
        _("évaluation prévue"), max_length=20, choices=EvaluationKind.choices, default=EvaluationKind.NONE
    )
    evaluation_notes = models.TextField(_("évaluation : précisions"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cps_projects",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    # Raised by one at every save of the plan: a form carries the version it was opened on, so a save
    # over someone else's newer save is refused instead of silently overwriting it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("projet local CPS")
        verbose_name_plural = _("projets locaux CPS")
        constraints = [
            models.CheckConstraint(
                condition=Q(carrier=Carrier.SCHOOL, establishment__isnull=False, territory__isnull=True)
                | Q(carrier=Carrier.TERRITORY, territory__isnull=False, establishment__isnull=True),
                name="project_carrier_matches_place",
            ),
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="project_years_in_order"),
        ]
        indexes = [
            models.Index(fields=["academie", "status"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["first_year", "last_year"]),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.carrier == Carrier.SCHOOL and not self.establishment_id:
            errors["establishment"] = _("Choisissez l'établissement qui porte le projet.")
        if self.carrier == Carrier.TERRITORY:
            if not self.territory_id:
                errors["territory"] = _("Choisissez le territoire où le projet se déroule.")
            if not self.structure.strip():
                errors["structure"] = _(
                    "Indiquez la structure qui porte le projet (centre social, accueil de loisirs…)."
                )
        if self.first_year and self.last_year:
            if self.last_year < self.first_year:
                errors["last_year"] = _("La dernière année ne peut pas précéder la première.")
            elif self.last_year - self.first_year + 1 > MAX_PROJECT_YEARS:
                errors["last_year"] = ValidationError(
                    _("Un projet couvre au plus %(max)d années scolaires."), params={"max": MAX_PROJECT_YEARS}
                )
        if errors:
            raise ValidationError(errors)

    @property
    def carrier_name(self) -> str:
        if self.carrier == Carrier.SCHOOL:
            return self.establishment.name if self.establishment_id else ""
        return f"{self.structure} — {self.territory}" if self.territory_id else self.structure

    @property
    def years_planned(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def years_label(self) -> str:
        if self.first_year == self.last_year:
            return school_year_label(self.first_year)
        return f"{self.first_year}-{self.last_year + 1}"

    @property
    def start_date(self) -> datetime.date:
        """The first day of the project's first school year: no session is logged before it."""
        return school_year_bounds(self.first_year)[0]


class ProjectYearQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class ProjectYear(AuditedModel):
    """One school year of a project: its groups and sessions, and what the team learnt from it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years")
    school_year = models.PositiveSmallIntegerField(_("année scolaire"))
    review = models.TextField(_("bilan de l'année"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectYearQuerySet.as_manager()

    class Meta:
        ordering = ["project", "school_year"]
        verbose_name = _("année d'un projet")
        verbose_name_plural = _("années d'un projet")
        constraints = [models.UniqueConstraint(fields=["project", "school_year"], name="project_year_once")]

    def __str__(self):
        return f"{self.project} — {self.label}"

    @property
    def label(self) -> str:
        return school_year_label(self.school_year)


class GroupQuerySet(ScopedQuerySet):
    scope_paths = through_project()

    def with_delivery(self):
        """Delivered minutes, sessions and mean fidelity (1–4) of each group, as subqueries."""
        sessions = DeliveredSession.objects.filter(group=OuterRef("pk")).order_by().values("group")
        return self.annotate(
            delivered_minutes=Coalesce(Subquery(sessions.annotate(t=Sum("minutes")).values("t")), 0),
            delivered_count=Coalesce(Subquery(sessions.annotate(n=models.Count("pk")).values("n")), 0),
            fidelity_mean=Subquery(
                sessions.annotate(m=models.Avg("fidelity", output_field=models.FloatField())).values("m")
            ),
            last_delivered_on=Subquery(sessions.annotate(d=Max("date")).values("d")),
        )


def pupils_validators():
    return [
        MinValueValidator(MIN_PUPILS, message=_("Un groupe compte au moins %(limit_value)s élève.")),
        MaxValueValidator(
            MAX_PUPILS,
            message=_(
                "Un groupe compte au plus %(limit_value)s élèves : au-delà, créez plusieurs groupes "
                "(une séance CPS se mène en classe ou en petit groupe)."
            ),
        ),
    ]


class Group(AuditedModel):
    """A class or a group reached in one school year: a level and a number of pupils, never names."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="groups")
    year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(
        _("nom du groupe"),
        max_length=60,
        help_text=_("Le nom de la classe ou du groupe, par exemple « CE2 B » — jamais de noms d'élèves."),
    )
    level = models.CharField(_("niveau"), max_length=10, choices=GroupLevel.choices)
    pupil_count = models.PositiveSmallIntegerField(_("nombre d'élèves ou de jeunes"), validators=pupils_validators())
    planned_hours = models.DecimalField(
        _("heures de séances CPS prévues dans l'année"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5"), message=_("Prévoyez au moins une demi-heure de séances.")),
            MaxValueValidator(MAX_PLANNED_HOURS, message=_("Au plus %(limit_value)s heures dans l'année.")),
        ],
    )
    continued_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continued_by"
    )
    reminder_sent_at = models.DateTimeField(_("dernier rappel envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["year", "name", "pk"]
        verbose_name = _("groupe")
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="project_group_name_once_per_year"),
            models.CheckConstraint(
                condition=Q(pupil_count__gte=MIN_PUPILS, pupil_count__lte=MAX_PUPILS),
                name="project_group_pupils_in_range",
            ),
            models.CheckConstraint(condition=Q(planned_hours__gt=0), name="project_group_hours_positive"),
        ]
        indexes = [models.Index(fields=["reminder_sent_at"])]

    def __str__(self):
        return f"{self.name} ({self.year.label})"

    def clean(self):
        if self.year_id and self.project_id and self.year.project_id != self.project_id:
            raise ValidationError(_("Ce groupe et cette année n'appartiennent pas au même projet."))

    @property
    def planned_minutes(self) -> int:
        return int(self.planned_hours * 60)


class ProjectAdultQuerySet(ScopedQuerySet):
    scope_paths = through_project()

    def with_attended_hours(self):
        """The hours each adult attended in the linked course of the training cascade (0 without one)."""
        attended = Attendance.objects.filter(enrolment=OuterRef("enrolment"), present=True).values("enrolment")
        return self.annotate(attended_hours=summed_hours(attended))


class ProjectAdult(AuditedModel):
    """An adult who runs sessions with the groups (teacher, animateur·rice, éducateur·rice…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="adults")
    full_name = models.CharField(_("prénom et nom"), max_length=150)
    function = models.CharField(
        _("fonction"), max_length=150, blank=True, help_text=_("Par exemple : professeure des écoles, animateur.")
    )
    enrolment = models.ForeignKey(
        "training.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stage suivi dans le programme académique"),
    )
    other_training_hours = models.DecimalField(
        _("autres heures de formation CPS"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[
            MinValueValidator(Decimal("0"), message=_("Un nombre d'heures ne peut pas être négatif.")),
            MaxValueValidator(Decimal("500"), message=_("Au plus %(limit_value)s heures.")),
        ],
        help_text=_("Formations reçues hors du programme académique (IREPS, autre organisme), en heures."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectAdultQuerySet.as_manager()

    class Meta:
        ordering = ["project", "full_name", "pk"]
        verbose_name = _("adulte qui anime")
        verbose_name_plural = _("adultes qui animent")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "enrolment"],
                condition=Q(enrolment__isnull=False),
                name="project_adult_enrolment_once",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def training_minutes(self) -> int:
        """The CPS training received, in minutes: hours attended in the cascade (with_attended_hours())
        plus the hours declared elsewhere."""
        attended = getattr(self, "attended_hours", Decimal("0")) or Decimal("0")
        return round((attended + self.other_training_hours) * 60)


class ProjectPartnerQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class ProjectPartner(AuditedModel):
    """A partner that brings another living environment into the project (families, leisure, health…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("milieu"), max_length=30, choices=PartnerKind.choices)
    contribution = models.CharField(_("ce qu'il apporte"), max_length=300, blank=True)

    objects = ProjectPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["project", "name", "pk"]
        verbose_name = _("partenaire")

    def __str__(self):
        return self.name


class ProjectReviewQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class ProjectReview(AuditedModel):
    """A comment or a decision in a project's review, kept as its history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=ReviewKind.choices, default=ReviewKind.COMMENT)
    body = models.TextField(_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    objects = ProjectReviewQuerySet.as_manager()

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("étape de validation")
        verbose_name_plural = _("étapes de validation")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.project}"


class DeliveredSessionQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class DeliveredSession(AuditedModel):
    """A session run with a group, as its adult logged it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sessions")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("groupe"))
    date = models.DateField(_("date"))
    sheet = models.ForeignKey(
        "library.ActivitySheet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche activité"),
    )
    activity = models.CharField(_("autre activité"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        validators=[
            MinValueValidator(MIN_SESSION_MINUTES, message=_("Une séance dure au moins %(limit_value)s minutes.")),
            MaxValueValidator(MAX_SESSION_MINUTES, message=_("Une séance dure au plus %(limit_value)s minutes.")),
        ],
    )
    pupils_present = models.PositiveSmallIntegerField(
        _("élèves ou jeunes présents"),
        validators=[MaxValueValidator(MAX_PUPILS, message=_("Au plus %(limit_value)s présents."))],
    )
    adaptations = models.TextField(_("adaptations faites"), blank=True)
    fidelity = models.PositiveSmallIntegerField(_("fait comme prévu"), choices=Fidelity.choices)
    engagement = models.PositiveSmallIntegerField(_("engagement du groupe"), choices=Engagement.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Drawn when the form is shown and sent back with it: a second submission of the same form
    # (double tap, resent request) finds it taken and writes nothing.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = DeliveredSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("séance menée")
        verbose_name_plural = _("séances menées")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date", "sheet"], condition=Q(sheet__isnull=False), name="delivered_sheet_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_SESSION_MINUTES, minutes__lte=MAX_SESSION_MINUTES),
                name="delivered_minutes_in_range",
            ),
            models.CheckConstraint(condition=Q(fidelity__gte=1, fidelity__lte=4), name="delivered_fidelity_scale"),
            models.CheckConstraint(
                condition=Q(engagement__gte=1, engagement__lte=4), name="delivered_engagement_scale"
            ),
        ]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self):
        return f"{self.group.name} — {self.date:%d/%m/%Y}"

    @property
    def label(self) -> str:
        return self.sheet.title if self.sheet_id else self.activity

    @property
    def fidelity_percent(self) -> int:
        return self.fidelity * FIDELITY_PERCENT_PER_POINT


class ProjectScore(models.Model):
    """A project's score under one version of the quality rule set (derived data, not audited)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="score")
    score = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("niveau"), max_length=10, choices=ScoreBand.choices)
    rules_version = models.CharField(_("version des règles"), max_length=20)
    met_count = models.PositiveSmallIntegerField(default=0)
    partly_count = models.PositiveSmallIntegerField(default=0)
    criterion_count = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("score qualité")
        indexes = [models.Index(fields=["band", "score"])]

    def __str__(self):
        return f"{self.project_id}: {self.score}"


class CriterionResultQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class CriterionResult(models.Model):
    """One criterion of one project's score: its status and the figures its explanation is written from."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("critère"), max_length=40)
    status = models.CharField(_("statut"), max_length=10, choices=CriterionStatus.choices)
    params = models.JSONField(default=dict)

    objects = CriterionResultQuerySet.as_manager()

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("résultat d'un critère")
        constraints = [models.UniqueConstraint(fields=["project", "criterion"], name="criterion_result_once")]
        indexes = [models.Index(fields=["criterion", "status"])]

    def __str__(self):
        return f"{self.project_id} {self.criterion}: {self.status}"
