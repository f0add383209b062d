import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet
from semis.territories.enums import (
    Audience,
    DeterminantLevel,
    Lever,
    Setting,
    SheetStatus,
    StageKind,
    StageStatus,
    StakeholderCategory,
    StakeholderKind,
    TerritoryKind,
)

MAX_AGE = 25

# How a territory reaches each kind of perimeter; the other models reach it through their territory.
TERRITORY_SCOPE = {
    "region": "region",
    "academie": "communes__departement__academie",
    "departement": "communes__departement",
    "territory": "pk",
    "establishment": "communes__establishments",
}
PROGRAMME_SCOPE = {
    "region": "region",
    "academie": "region__academies",
    "departement": "region__departements",
    "territory": "territories",
    "establishment": "territories__communes__establishments",
}


def scope_through(relation: str, scope: dict[str, str]) -> dict[str, str]:
    """The scope paths of a related model, seen from a model that points to it by `relation`."""
    return {kind: relation if path == "pk" else f"{relation}__{path}" for kind, path in scope.items()}


class TerritorialProgrammeQuerySet(ScopedQuerySet):
    scope_paths = PROGRAMME_SCOPE

    def with_territory_count(self):
        return self.annotate(territory_count=Count("territories"))


class TerritorialProgramme(AuditedModel):
    """A regional programme (funder, operator, years, ages) run with several territories."""

    name = models.CharField(_("nom"), max_length=200)
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, related_name="territorial_programmes", verbose_name=_("région")
    )
    funder = models.CharField(_("financeur"), max_length=200, help_text=_("Par exemple : ARS Auvergne-Rhône-Alpes."))
    operator = models.CharField(
        _("opérateur"), max_length=200, help_text=_("Par exemple : IREPS Auvergne-Rhône-Alpes.")
    )
    year_start = models.PositiveSmallIntegerField(_("année de début"))
    year_end = models.PositiveSmallIntegerField(_("année de fin"))
    age_min = models.PositiveSmallIntegerField(_("âge minimum"), default=0, validators=[MaxValueValidator(MAX_AGE)])
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum"), default=MAX_AGE, validators=[MaxValueValidator(MAX_AGE)]
    )
    description = models.TextField(_("présentation"), blank=True)

    objects = TerritorialProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-year_start", "name"]
        verbose_name = _("programme territorial")
        verbose_name_plural = _("programmes territoriaux")
        constraints = [
            models.CheckConstraint(condition=Q(year_end__gte=models.F("year_start")), name="programme_years_in_order"),
            models.CheckConstraint(condition=Q(age_max__gte=models.F("age_min")), name="programme_ages_in_order"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.year_start and self.year_end and self.year_end < self.year_start:
            errors["year_end"] = _("L'année de fin ne peut pas précéder l'année de début.")
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("L'âge maximum ne peut pas être inférieur à l'âge minimum.")
        if errors:
            raise ValidationError(errors)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year_start, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year_end, 12, 31)

    @property
    def years_label(self) -> str:
        return f"{self.year_start}–{self.year_end}"

    @property
    def ages_label(self) -> str:
        return f"{self.age_min}–{self.age_max}"


class TerritoryQuerySet(ScopedQuerySet):
    scope_paths = TERRITORY_SCOPE

    def with_population(self):
        """Population and number of communes, summed in the database (no query per territory)."""
        links = Territory.communes.through.objects.filter(territory_id=OuterRef("pk")).values("territory_id")
        return self.annotate(
            population=Coalesce(Subquery(links.annotate(total=Sum("commune__population")).values("total")), Value(0)),
            commune_count=Coalesce(Subquery(links.annotate(total=Count("commune_id")).values("total")), Value(0)),
        )

    def with_comparison_data(self):
        """What the programme page compares: population, stakeholders, actions, people reached, adults trained.

        Each figure is its own subquery: joining stakeholders and actions in one GROUP BY would
        multiply the rows of one by the other.
        """
        actions = Action.objects.filter(territory_id=OuterRef("pk")).values("territory_id")
        stakeholders = Stakeholder.objects.filter(territory_id=OuterRef("pk")).values("territory_id")
        return (
            self.with_population()
            .select_related("programme")
            .prefetch_related("stages")
            .annotate(
                stakeholder_count=Coalesce(Subquery(stakeholders.annotate(n=Count("pk")).values("n")), Value(0)),
                action_count=Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), Value(0)),
                people_reached=Coalesce(Subquery(actions.annotate(n=Sum("people_reached")).values("n")), Value(0)),
                adults_trained=Coalesce(Subquery(actions.annotate(n=Sum("adults_trained")).values("n")), Value(0)),
            )
        )


class Territory(AuditedModel):
    """A project perimeter made of communes (those of the chosen EPCI included); may overlap others."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=TerritoryKind.choices)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="territories")
    programme = models.ForeignKey(
        TerritorialProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territories",
        verbose_name=_("programme"),
    )
    epcis = models.ManyToManyField("geo.Epci", blank=True, related_name="territories", verbose_name=_("EPCI"))
    communes = models.ManyToManyField("geo.Commune", related_name="territories", verbose_name=_("communes"))
    description = models.TextField(_("présentation"), blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("territoire")

    def __str__(self):
        return self.name

    @property
    def current_stage(self):
        """The stage under way, else the last one finished; reads the (prefetched) stages."""
        stages = list(self.stages.all())
        for stage in stages:
            if stage.status == StageStatus.IN_PROGRESS:
                return stage
        done = [stage for stage in stages if stage.status == StageStatus.DONE]
        return done[-1] if done else None


STAGE_ORDER = {kind: position for position, kind in enumerate(StageKind)}


class TerritoryStageQuerySet(ScopedQuerySet):
    scope_paths = scope_through("territory", TERRITORY_SCOPE)


class TerritoryStage(AuditedModel):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("étape"), max_length=20, choices=StageKind.choices)
    status = models.CharField(_("état"), max_length=20, choices=StageStatus.choices, default=StageStatus.PLANNED)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = TerritoryStageQuerySet.as_manager()

    class Meta:
        ordering = ["territory_id", Case(*[When(kind=kind, then=Value(pos)) for kind, pos in STAGE_ORDER.items()])]
        verbose_name = _("étape du parcours")
        constraints = [
            models.UniqueConstraint(fields=["territory", "kind"], name="one_stage_of_each_kind_per_territory"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="stage_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.territory} — {self.get_kind_display()}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin ne peut pas précéder la date de début.")})


DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg"]
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_document_size(file) -> None:
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Le document dépasse 10 Mo."), code="document_too_large")


class Document(AuditedModel):
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(
        _("fichier"),
        upload_to="territories/%Y/%m/",
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_size],
        help_text=_("PDF, bureautique ou image, 10 Mo au plus."),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class StageDocumentQuerySet(ScopedQuerySet):
    scope_paths = scope_through("stage__territory", TERRITORY_SCOPE)


class StageDocument(Document):
    stage = models.ForeignKey(TerritoryStage, on_delete=models.CASCADE, related_name="documents")

    objects = StageDocumentQuerySet.as_manager()

    class Meta(Document.Meta):
        verbose_name = _("document d'étape")


class DiagnosticQuerySet(ScopedQuerySet):
    scope_paths = scope_through("territory", TERRITORY_SCOPE)


class Diagnostic(AuditedModel):
    """The shared territorial diagnostic: what the territory has, needs and already does."""

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="diagnostic")
    resources = models.TextField(_("ressources du territoire"), blank=True)
    needs = models.TextField(_("besoins repérés"), blank=True)
    existing_actions = models.TextField(_("actions existantes"), blank=True)
    partners = models.TextField(_("partenaires"), blank=True)
    priorities = models.TextField(_("priorités retenues"), blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = _("diagnostic territorial")

    def __str__(self):
        return f"{self.territory} — {self._meta.verbose_name}"


class StakeholderQuerySet(ScopedQuerySet):
    scope_paths = scope_through("territory", TERRITORY_SCOPE)


class Stakeholder(AuditedModel):
    """A member of the territory's educational community: an organisation or a person."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(_("nature"), max_length=20, choices=StakeholderKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=StakeholderCategory.choices)
    role = models.CharField(_("rôle dans le territoire"), max_length=200, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("acteur de la communauté éducative")
        verbose_name_plural = _("acteurs de la communauté éducative")
        constraints = [
            # One e-mail names one member of a territory's community, whatever its case. The same
            # person may act in two territories (they overlap), so other territories may reuse it.
            models.UniqueConstraint(
                Lower("email"),
                "territory",
                condition=~Q(email=""),
                name="stakeholder_email_unique_in_territory",
                violation_error_code="stakeholder_email_taken",
                violation_error_message=_("Cette adresse e-mail est déjà celle d'un autre acteur de ce territoire."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The constraint guarantees it; this check puts the message next to the e-mail field.
        if self.email and self.territory_id:
            other = (
                Stakeholder.objects.filter(territory_id=self.territory_id, email__iexact=self.email)
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "email": ValidationError(
                            _("Cette adresse e-mail est déjà celle de « %(name)s », acteur de ce territoire."),
                            code="stakeholder_email_taken",
                            params={"name": other.name},
                        )
                    }
                )


class ActionQuerySet(ScopedQuerySet):
    scope_paths = scope_through("territory", TERRITORY_SCOPE)


class Action(AuditedModel):
    """Something done with children, young people, families or adults in one living environment."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    setting = models.CharField(_("milieu de vie"), max_length=30, choices=Setting.choices)
    skills = models.ManyToManyField(
        "referential.SpecificSkill", related_name="territorial_actions", verbose_name=_("compétences visées")
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    age_min = models.PositiveSmallIntegerField(_("âge minimum"), validators=[MaxValueValidator(MAX_AGE)])
    age_max = models.PositiveSmallIntegerField(_("âge maximum"), validators=[MaxValueValidator(MAX_AGE)])
    hours = models.DecimalField(_("durée (heures)"), max_digits=6, decimal_places=1, default=0)
    people_reached = models.PositiveIntegerField(_("personnes touchées"), default=0)
    adults_trained = models.PositiveIntegerField(_("adultes formés"), default=0)
    lever = models.CharField(_("levier (charte d'Ottawa)"), max_length=30, choices=Lever.choices)
    determinant_level = models.CharField(_("niveau de déterminant"), max_length=30, choices=DeterminantLevel.choices)
    date = models.DateField(_("date de début"))
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territorial_actions",
        verbose_name=_("commune"),
    )
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="actions", verbose_name=_("acteurs impliqués")
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title", "pk"]
        verbose_name = _("action")
        constraints = [
            models.CheckConstraint(condition=Q(age_max__gte=models.F("age_min")), name="action_ages_in_order")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        programme = self.territory.programme if self.territory_id else None
        ages_known = self.age_min is not None and self.age_max is not None
        if ages_known and self.age_max < self.age_min:
            errors["age_max"] = _("L'âge maximum ne peut pas être inférieur à l'âge minimum.")
        elif programme and ages_known and (self.age_min < programme.age_min or self.age_max > programme.age_max):
            errors["age_max"] = ValidationError(
                _("Le programme s'adresse aux %(min)s–%(max)s ans : les âges de l'action doivent y tenir."),
                params={"min": programme.age_min, "max": programme.age_max},
            )
        if programme and self.date and not programme.first_day <= self.date <= programme.last_day:
            errors["date"] = ValidationError(
                _("La date doit tomber pendant le programme (%(years)s), entre le %(first)s et le %(last)s."),
                code="action_outside_programme",
                params={
                    "years": programme.years_label,
                    "first": date_format(programme.first_day, "SHORT_DATE_FORMAT"),
                    "last": date_format(programme.last_day, "SHORT_DATE_FORMAT"),
                },
            )
        if self.commune_id and self.territory_id and not self.territory.communes.filter(pk=self.commune_id).exists():
            errors["commune"] = _("Cette commune ne fait pas partie du territoire.")
        if errors:
            raise ValidationError(errors)

    @property
    def in_school(self) -> bool:
        return Setting(self.setting).in_school


class MeetingQuerySet(ScopedQuerySet):
    scope_paths = scope_through("programme", PROGRAMME_SCOPE)


class Meeting(AuditedModel):
    """A regional meeting where the territories of a programme share and capitalise their experience."""

    programme = models.ForeignKey(TerritorialProgramme, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("intitulé"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="meetings", verbose_name=_("territoires représentés")
    )
    participants = models.ManyToManyField(
        Stakeholder, blank=True, related_name="meetings", verbose_name=_("participant·es des territoires")
    )
    other_participants = models.TextField(
        _("autres participant·es"), blank=True, help_text=_("Financeur, institutions, intervenant·es…")
    )
    minutes = models.TextField(_("compte rendu"), blank=True)
    lessons = models.TextField(_("enseignements retenus"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("rencontre régionale")
        verbose_name_plural = _("rencontres régionales")

    def __str__(self):
        return self.title


class MeetingDocumentQuerySet(ScopedQuerySet):
    scope_paths = scope_through("meeting__programme", PROGRAMME_SCOPE)


class MeetingDocument(Document):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta(Document.Meta):
        verbose_name = _("document de rencontre")


class CapitalisationSheetQuerySet(ScopedQuerySet):
    scope_paths = scope_through("territory", TERRITORY_SCOPE)

    def visible_to(self, user):
        """Sheets of the user's territories, and the published ones of every programme they see.

        Published sheets form the programme's regional library: every territory learns from the others.
        """
        library = self.filter(
            status=SheetStatus.PUBLISHED,
            territory__programme__in=TerritorialProgramme.objects.visible_to(user).values("pk"),
        )
        return self.filter(Q(pk__in=super().visible_to(user).values("pk")) | Q(pk__in=library.values("pk")))

    def search(self, text: str):
        query = Q()
        for field in ("title", "summary", *CAPS_FIELDS):
            query |= Q(**{f"{field}__icontains": text})
        return self.filter(query)


# The sections of a CAPS capitalisation sheet (SFSP/FNES), in the order they are written.
CAPS_FIELDS = (
    "context",
    "protagonists",
    "key_moments",
    "key_functions",
    "skills_mobilised",
    "partnerships",
    "participation",
    "success_factors",
    "obstacles",
)


class CapitalisationSheet(AuditedModel):
    """An experience written in the CAPS structure, reviewed, then published to the regional library."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="capitalisation_sheets")
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), blank=True)
    status = models.CharField(_("état"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    context = models.TextField(
        _("contexte"),
        blank=True,
        help_text=_("Où et quand l'expérience s'est-elle déroulée ? Quels constats ou besoins l'ont fait naître ?"),
    )
    protagonists = models.TextField(
        _("protagonistes et promoteur"),
        blank=True,
        help_text=_("Qui a porté le projet ? Qui y a pris part, avec quel rôle ?"),
    )
    key_moments = models.TextField(
        _("moments clés"),
        blank=True,
        help_text=_("Quelles étapes ont compté, du démarrage à aujourd'hui ? Quels tournants ?"),
    )
    key_functions = models.TextField(
        _("fonctions clés"),
        blank=True,
        help_text=_(
            "Quelles fonctions ont fait avancer le projet (coordination, animation, formation, médiation…) "
            "et qui les a tenues ?"
        ),
    )
    skills_mobilised = models.TextField(
        _("compétences mobilisées"),
        blank=True,
        help_text=_("Quels savoir-faire les professionnel·les et bénévoles ont-ils mobilisés ou acquis ?"),
    )
    partnerships = models.TextField(
        _("partenariats"),
        blank=True,
        help_text=_("Avec quels partenaires, sous quelle forme (convention, comité, co-animation) ?"),
    )
    participation = models.TextField(
        _("participation des personnes concernées"),
        blank=True,
        help_text=_("Comment les enfants, les jeunes et les familles ont-ils pris part aux choix et aux actions ?"),
    )
    success_factors = models.TextField(
        _("facteurs clés de succès"),
        blank=True,
        help_text=_("Qu'est-ce qui a rendu l'expérience possible et utile ? Qu'est-ce qui se transposerait ailleurs ?"),
    )
    obstacles = models.TextField(
        _("obstacles rencontrés"),
        blank=True,
        help_text=_("Quelles difficultés, et comment ont-elles été surmontées ou non ?"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("remarques de relecture"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    objects = CapitalisationSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("fiche de capitalisation")
        verbose_name_plural = _("fiches de capitalisation")

    def __str__(self):
        return self.title

    def sections(self) -> list[tuple[str, str, str]]:
        """(field name, label, text) of each CAPS section, in order."""
        return [(name, self._meta.get_field(name).verbose_name, getattr(self, name)) for name in CAPS_FIELDS]

    @property
    def missing_sections(self) -> list[str]:
        return [str(label) for _name, label, text in self.sections() if not text.strip()]
