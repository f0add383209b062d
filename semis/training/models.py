"""The training cascade: programmes, professionnels-ressources (trainers), courses ("stages") and their
half-day sessions, enrolments, attendance, attestations, trained teams and their 2-year follow-up,
supervision of the trainers, and the yearly targets of an académie.

Rows are scoped by the académie of the programme a course belongs to (région and département
perimeters follow from it); a trainer also sees what they take part in, whatever their perimeter, and
a trainee their own enrolments, courses and attestations.
"""

import secrets
import uuid
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import Role
from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet, user_roles
from semis.training.dates import school_year_label
from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus, HalfDay
from semis.training.feedback import ITEMS, Agreement

HOURS = {"max_digits": 6, "decimal_places": 1}
ZERO_HOURS = Decimal("0.0")


def hours_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, validators=[MinValueValidator(Decimal("0.5"))], **HOURS, **kwargs)


def summed_hours(queryset, field: str = "hours"):
    """A correlated subquery summing `field` over `queryset` (grouped on its outer reference), 0 when empty."""
    total = queryset.order_by().annotate(total=Sum(field)).values("total")
    return Coalesce(
        Subquery(total, output_field=models.DecimalField(**HOURS)),
        Value(ZERO_HOURS),
        output_field=models.DecimalField(**HOURS),
    )


def counted(queryset):
    return Coalesce(Subquery(queryset.order_by().annotate(n=Count("pk")).values("n")), Value(0))


# Teachers see the training rows of their own enrolments (trainee_path), not those of their
# school's colleagues: attestations, courses and questionnaire answers are cut to the other roles.
NOT_TEACHERS = frozenset(Role) - {Role.TEACHER}


class TrainingScopedQuerySet(ScopedQuerySet):
    """Perimeter scoping (semis.core.scoping) plus the rows a user reaches as a person: for holders of
    the trainer role, from their own trainer profile through `trainer_path` (the courses they run,
    their supervision); for anyone, from their own enrolments through `trainee_path`.

    An enrolment is the user's own when it carries the e-mail address of the account. Both are stored
    lower-case, and an account exists only through an invitation sent to its address, so the address
    is the link between a trainee and their account (there is no other)."""

    trainer_path: str | None = None
    trainee_path: str | None = None

    def visible_to(self, user):
        scoped = super().visible_to(user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return scoped
        own = []
        if self.trainer_path is not None and Role.TRAINER in user_roles(user):
            own.append(Q(**{self.trainer_path: user}))
        if self.trainee_path is not None:
            own.append(Q(**{self.trainee_path: user.email}))
        if not own:
            return scoped
        own_rows = self.model._base_manager.filter(reduce(or_, own)).values("pk")
        return self.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=own_rows))


def prefixed(prefix: str, scope_paths: dict) -> dict:
    """The scope paths of a related model, seen from a model that points to it through `prefix`."""
    return {
        kind: tuple(f"{prefix}__{path}" for path in ((paths,) if isinstance(paths, str) else paths))
        for kind, paths in scope_paths.items()
    }


def default_followup_offsets() -> list[int]:
    return [3, 12, 24]


def validate_followup_offsets(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(months, int) and not isinstance(months, bool) and 1 <= months <= 60 for months in value)
        or sorted(set(value)) != value
    ):
        raise ValidationError(
            _("Indiquez des nombres de mois croissants, entre 1 et 60, par exemple 3, 12, 24."),
            code="followup_offsets",
        )


class TrainingProgrammeQuerySet(TrainingScopedQuerySet):
    scope_paths = {"region": "academie__region", "academie": "academie", "departement": "academie__departements"}
    trainer_path = "courses__trainers__user"


class TrainingProgramme(AuditedModel):
    """A programme of training steered in one académie, e.g. "Programme académique CPS — Académie de Nantes"."""

    name = models.CharField(_("nom"), max_length=200)
    academie = models.ForeignKey(
        "geo.Academie", on_delete=models.PROTECT, related_name="training_programmes", verbose_name=_("académie")
    )
    description = models.TextField(_("présentation"), blank=True)
    followup_offsets_months = models.JSONField(
        _("suivi des équipes formées (mois après le stage)"),
        default=default_followup_offsets,
        validators=[validate_followup_offsets],
        help_text=_("Les contacts de suivi, en mois après la fin du stage : par défaut 3, 12 et 24."),
    )
    is_active = models.BooleanField(_("en cours"), default=True)

    objects = TrainingProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["academie__name", "name"]
        verbose_name = _("programme de formation")
        verbose_name_plural = _("programmes de formation")

    def __str__(self):
        return self.name


class TrainerQuerySet(TrainingScopedQuerySet):
    # A trainer is seen in their académie, and by whoever sees a course they run.
    scope_paths = {
        "region": "academie__region",
        "academie": "academie",
        "departement": ("academie__departements", "courses__departement"),
        "territory": "courses__enrolments__establishment__commune__territories",
        "establishment": "courses__enrolments__establishment",
    }
    trainer_path = "user"

    def with_list_related_data(self):
        return self.select_related("user", "academie")


class Trainer(AuditedModel):
    """A professionnel-ressource: education staff trained to train teachers in their académie."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainer_profile", verbose_name=_("compte")
    )
    academie = models.ForeignKey(
        "geo.Academie", on_delete=models.PROTECT, related_name="trainers", verbose_name=_("académie")
    )
    function = models.CharField(
        _("fonction"), max_length=150, blank=True, help_text=_("Par exemple : conseillère pédagogique, CPE, infirmier.")
    )
    is_active = models.BooleanField(_("actif·ve"), default=True)

    objects = TrainerQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]
        verbose_name = _("professionnel·le-ressource")
        verbose_name_plural = _("professionnel·le·s-ressources")

    def __str__(self):
        return str(self.user)


class TrainerQualification(AuditedModel):
    """One step of a trainer's own training path: a training they received."""

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("formation suivie"), max_length=200)
    organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    hours = hours_field(_("durée (heures)"))
    completed_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("formation reçue")
        verbose_name_plural = _("formations reçues")

    def __str__(self):
        return f"{self.title} ({self.completed_on:%d/%m/%Y})"


class TrainingCourseQuerySet(TrainingScopedQuerySet):
    scope_paths = {
        "region": "programme__academie__region",
        "academie": "programme__academie",
        "departement": "departement",
        "territory": "enrolments__establishment__commune__territories",
        "establishment": "enrolments__establishment",
    }
    visible_roles = NOT_TEACHERS
    trainer_path = "trainers__user"
    trainee_path = "enrolments__email"

    def with_totals(self):
        """Planned hours, first and last session dates, enrolled and waiting counts — one query, no joins."""
        sessions = TrainingSession.objects.filter(course=OuterRef("pk")).values("course")
        enrolments = Enrolment.objects.filter(course=OuterRef("pk")).values("course")
        return self.annotate(
            planned_hours=summed_hours(sessions),
            first_date=Subquery(sessions.order_by().annotate(d=Min("date")).values("d")),
            last_date=Subquery(sessions.order_by().annotate(d=Max("date")).values("d")),
            enrolled_count=counted(enrolments.filter(status=EnrolmentStatus.ENROLLED)),
            waiting_count=counted(enrolments.filter(status=EnrolmentStatus.WAITING)),
        )

    def with_list_related_data(self):
        return self.select_related("programme__academie", "departement").prefetch_related("trainers__user")

    def for_school_year(self, year: int):
        return self.filter(school_year=year)

    def not_cancelled(self):
        return self.exclude(status=CourseStatus.CANCELLED)


class TrainingCourse(AuditedModel):
    """A "stage": half-day sessions for teachers, run by one or more professionnels-ressources."""

    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.PROTECT, related_name="courses", verbose_name=_("programme")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    public = models.CharField(_("public"), max_length=20, choices=CoursePublic.choices)
    departement = models.ForeignKey(
        "geo.Departement", on_delete=models.PROTECT, related_name="training_courses", verbose_name=_("département")
    )
    place = models.CharField(_("lieu"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"), validators=[MinValueValidator(1)])
    description = models.TextField(_("contenu"), blank=True)
    trainers = models.ManyToManyField(Trainer, related_name="courses", verbose_name=_("formateur·rice·s"))
    status = models.CharField(_("état"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.PLANNED)
    # The school year of the first session, kept on the row so planning aggregates without joins.
    school_year = models.PositiveSmallIntegerField(_("année scolaire"))
    # What the trainees live during the course: published sheets and shared sequences of the library.
    sheets = models.ManyToManyField(
        "library.ActivitySheet", blank=True, related_name="training_courses", verbose_name=_("fiches du cartable")
    )
    sequences = models.ManyToManyField(
        "library.Sequence", blank=True, related_name="training_courses", verbose_name=_("séquences du cartable")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Incremented by every edit of the course form: a save made on an older number would overwrite
    # someone else's edit, and is refused (services.course_update).
    version = models.PositiveIntegerField(_("révision"), default=1)
    completed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        ordering = ["-school_year", "title", "pk"]
        verbose_name = _("stage de formation")
        verbose_name_plural = _("stages de formation")
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="training_course_capacity_positive")]
        indexes = [models.Index(fields=["school_year", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.programme_id and self.departement_id and self.departement.academie_id != self.programme.academie_id:
            raise ValidationError(
                {"departement": _("Ce département n'appartient pas à l'académie du programme %(academie)s.")},
                params={"academie": self.programme.academie},
            )

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def hours(self) -> Decimal:
        """Planned hours: the annotation of with_totals() when present, else summed from the sessions."""
        if "planned_hours" in self.__dict__:
            return self.planned_hours
        return self.sessions.aggregate(total=Coalesce(Sum("hours"), Value(ZERO_HOURS)))["total"]

    @property
    def is_below_quality_hours(self) -> bool:
        """Under the quality criterion of TRAINING_MIN_HOURS (12 h): flagged, not forbidden."""
        return self.hours < settings.TRAINING_MIN_HOURS


class TrainingSession(AuditedModel):
    """One half-day of a course."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    half_day = models.CharField(_("demi-journée"), max_length=2, choices=HalfDay.choices)
    hours = models.DecimalField(
        _("durée (heures)"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("4.0"))],
        **HOURS,
    )

    class Meta:
        ordering = ["date", "half_day", "pk"]
        verbose_name = _("demi-journée de formation")
        verbose_name_plural = _("demi-journées de formation")
        constraints = [
            models.UniqueConstraint(fields=["course", "date", "half_day"], name="training_session_one_per_half_day"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_session_hours_positive"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_half_day_display().lower()}"


def new_feedback_token() -> str:
    return secrets.token_urlsafe(32)


class EnrolmentQuerySet(TrainingScopedQuerySet):
    scope_paths = {
        "region": "course__programme__academie__region",
        "academie": "course__programme__academie",
        "departement": ("course__departement", "establishment__commune__departement"),
        "territory": "establishment__commune__territories",
        "establishment": "establishment",
    }
    trainer_path = "course__trainers__user"
    trainee_path = "email"

    def active(self):
        return self.exclude(status=EnrolmentStatus.CANCELLED)

    def with_attended_hours(self):
        attended = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True).values("enrolment")
        return self.annotate(attended_hours=summed_hours(attended))

    def with_list_related_data(self, user):
        """School and attestation of each row; the attestation only where `user` may see it (a teacher
        sees a colleague's enrolment, not the code of their attestation)."""
        attestations = Attestation.objects.visible_to(user)
        return self.select_related("establishment__commune").prefetch_related(
            Prefetch("attestation", queryset=attestations)
        )


class Enrolment(AuditedModel):
    """A teacher enrolled in a course (or on its waiting list); the same e-mail once per course."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="enrolments")
    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    establishment = models.ForeignKey(
        "geo.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_enrolments",
        verbose_name=_("établissement"),
    )
    # Out-of-school trainees (animateurs, éducateurs) name their structure instead of a school.
    organisation = models.CharField(_("structure (hors école)"), max_length=200, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=EnrolmentStatus.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the current status began: the waiting list is served in this order.
    status_changed_at = models.DateTimeField(_("depuis le"))
    # The private link to the end-of-course questionnaire; answering records that the person
    # answered, never what they answered (FeedbackResponse holds no link back).
    feedback_token = models.CharField(max_length=43, unique=True, default=new_feedback_token, editable=False)
    feedback_answered = models.BooleanField(_("a répondu au questionnaire"), default=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("inscription")
        constraints = [models.UniqueConstraint(fields=["course", "email"], name="training_enrolment_one_per_email")]
        indexes = [
            models.Index(fields=["course", "status", "status_changed_at"]),
            # A trainee's own enrolments are found by their address (TrainingScopedQuerySet).
            models.Index(fields=["email"]),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.course}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Attendance(AuditedModel):
    """Whether a trainee attended one half-day, and for how many of its hours."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("présent·e"))
    hours = models.DecimalField(_("heures suivies"), **HOURS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name = _("émargement")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="training_attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(present=True, hours__gt=0) | Q(present=False, hours=0),
                name="training_attendance_hours_match_presence",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.full_name} — {self.session}"


def new_verification_code() -> str:
    """12 characters from an alphabet without look-alikes (no 0/O, 1/I), grouped by four: ≈ 2^60 codes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def attestation_upload_to(instance, filename):
    return f"attestations/{instance.enrolment.course.school_year}/attestation-{instance.code}.pdf"


class AttestationQuerySet(TrainingScopedQuerySet):
    scope_paths = prefixed("enrolment", EnrolmentQuerySet.scope_paths)
    visible_roles = NOT_TEACHERS
    trainer_path = "enrolment__course__trainers__user"
    trainee_path = "enrolment__email"


class Attestation(AuditedModel):
    """A certificate of the hours a trainee attended; anyone holding its code can check it is genuine."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="attestation")
    code = models.CharField(_("code de vérification"), max_length=14, unique=True, default=new_verification_code)
    hours = models.DecimalField(_("heures attestées"), **HOURS)
    issued_at = models.DateTimeField(_("délivrée le"))
    pdf = models.FileField(_("PDF"), upload_to=attestation_upload_to, blank=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("attestation de formation")
        verbose_name_plural = _("attestations de formation")

    def __str__(self):
        return f"{self.code} — {self.enrolment.full_name}"


class TrainedTeamQuerySet(TrainingScopedQuerySet):
    scope_paths = {
        "region": "course__programme__academie__region",
        "academie": "course__programme__academie",
        "departement": ("course__departement", "establishment__commune__departement"),
        "territory": "establishment__commune__territories",
        "establishment": "establishment",
    }
    trainer_path = "trainer__user"


class TrainedTeam(AuditedModel):
    """The teachers of one school trained in one course; followed for two years."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="teams")
    establishment = models.ForeignKey(
        "geo.Establishment", on_delete=models.PROTECT, related_name="trained_teams", verbose_name=_("établissement")
    )
    trainer = models.ForeignKey(
        Trainer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_teams",
        verbose_name=_("professionnel·le-ressource en charge du suivi"),
    )
    members = models.ManyToManyField(Enrolment, related_name="teams", verbose_name=_("membres"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainedTeamQuerySet.as_manager()

    class Meta:
        ordering = ["course", "establishment__name", "pk"]
        verbose_name = _("équipe formée")
        verbose_name_plural = _("équipes formées")
        constraints = [
            models.UniqueConstraint(fields=["course", "establishment"], name="training_team_one_per_school_and_course")
        ]

    def __str__(self):
        return f"{self.establishment.name} — {self.course}"


class FollowUpQuerySet(TrainingScopedQuerySet):
    scope_paths = prefixed("team", TrainedTeamQuerySet.scope_paths)
    trainer_path = "team__trainer__user"

    def pending(self):
        return self.filter(done_on__isnull=True)

    def with_list_related_data(self):
        return self.select_related("team__establishment__commune", "team__course", "team__trainer__user")


class FollowUp(AuditedModel):
    """One scheduled contact with a trained team, and what the team did since the course."""

    team = models.ForeignKey(TrainedTeam, on_delete=models.CASCADE, related_name="followups")
    months_after = models.PositiveSmallIntegerField(_("mois après le stage"))
    due_on = models.DateField(_("prévu le"))
    done_on = models.DateField(_("réalisé le"), null=True, blank=True)
    sessions_run = models.PositiveSmallIntegerField(_("séances menées en classe"), null=True, blank=True)
    sheets_used = models.TextField(_("fiches d'activité utilisées"), blank=True)
    difficulties = models.TextField(_("difficultés rencontrées"), blank=True)
    needs = models.TextField(_("besoins exprimés"), blank=True)
    next_step = models.TextField(_("prochaine étape"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("suivi d'équipe formée")
        verbose_name_plural = _("suivis d'équipes formées")
        constraints = [
            models.UniqueConstraint(fields=["team", "months_after"], name="training_followup_one_per_offset")
        ]
        indexes = [models.Index(fields=["done_on", "reminder_sent_at", "due_on"])]

    def __str__(self):
        return f"{self.team} — {self.months_after} mois"


class SupervisionSessionQuerySet(TrainingScopedQuerySet):
    scope_paths = {
        "region": "programme__academie__region",
        "academie": "programme__academie",
        "departement": "programme__academie__departements",
    }
    trainer_path = "attendees__user"


class SupervisionSession(AuditedModel):
    """An analyse de pratiques of the professionnels-ressources of a programme."""

    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("programme")
    )
    date = models.DateField(_("date"))
    hours = hours_field(_("durée (heures)"))
    facilitator = models.CharField(_("animée par"), max_length=200)
    attendees = models.ManyToManyField(Trainer, related_name="supervisions", verbose_name=_("présent·e·s"))
    notes = models.TextField(_("notes"), blank=True)
    school_year = models.PositiveSmallIntegerField(_("année scolaire"))

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("séance de supervision")
        verbose_name_plural = _("séances de supervision")

    def __str__(self):
        return f"{_('Supervision')} {self.date:%d/%m/%Y}"


class TrainingTargetQuerySet(ScopedQuerySet):
    scope_paths = {"region": "academie__region", "academie": "academie", "departement": "academie__departements"}


class TrainingTarget(AuditedModel):
    """What an académie aims at for one school year and one public."""

    academie = models.ForeignKey(
        "geo.Academie", on_delete=models.CASCADE, related_name="training_targets", verbose_name=_("académie")
    )
    school_year = models.PositiveSmallIntegerField(_("année scolaire"))
    public = models.CharField(_("public"), max_length=20, choices=CoursePublic.choices)
    teachers_to_train = models.PositiveIntegerField(_("personnes à former"))
    courses_to_hold = models.PositiveIntegerField(_("stages à tenir"))

    objects = TrainingTargetQuerySet.as_manager()

    class Meta:
        ordering = ["academie", "-school_year", "public"]
        verbose_name = _("objectif annuel de formation")
        verbose_name_plural = _("objectifs annuels de formation")
        constraints = [
            models.UniqueConstraint(
                fields=["academie", "school_year", "public"], name="training_target_one_per_year_and_public"
            )
        ]

    def __str__(self):
        return f"{self.academie} {school_year_label(self.school_year)} — {self.get_public_display()}"


class FeedbackResponseQuerySet(TrainingScopedQuerySet):
    scope_paths = prefixed("course", TrainingCourseQuerySet.scope_paths)
    visible_roles = NOT_TEACHERS
    trainer_path = "course__trainers__user"


def agreement_field(item: str):
    """A five-point answer to the questionnaire item `item` (semis.training.feedback.ITEMS)."""
    label = next(statement for field, statement, _group in ITEMS if field == item)
    return models.PositiveSmallIntegerField(label, choices=Agreement.choices)


class FeedbackResponse(models.Model):
    """One trainee's answers to the end-of-course questionnaire, kept apart from who gave them: a
    random id (no creation order), the day only, no link to the enrolment, and no audit entry —
    an audit timestamp would pair the answers with the enrolment marked as answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="feedback")
    answered_on = models.DateField(_("répondu le"))
    expectations_met = agreement_field("expectations_met")
    activities_helped = agreement_field("activities_helped")
    room_to_exchange = agreement_field("room_to_exchange")
    would_recommend = agreement_field("would_recommend")
    can_run_session = agreement_field("can_run_session")
    can_adapt_sheet = agreement_field("can_adapt_sheet")
    can_handle_emotions = agreement_field("can_handle_emotions")
    knows_resources = agreement_field("knows_resources")
    comment = models.TextField(_("ce que je retiens, ce que je suggère"), blank=True)

    objects = FeedbackResponseQuerySet.as_manager()

    class Meta:
        ordering = ["course", "answered_on", "id"]
        verbose_name = _("réponse au questionnaire de fin de stage")
        verbose_name_plural = _("réponses au questionnaire de fin de stage")

    def __str__(self):
        return f"{self.course} — {self.answered_on:%d/%m/%Y}"
