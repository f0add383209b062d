"""The cartable: activity sheets tied to the referential, their published versions and review comments.

Multi-valued choices (cycles, settings) live in two small tables rather than JSON lists: the same
filters and facet counts then work unchanged on SQLite and PostgreSQL.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet, user_roles
from semis.library.enums import (
    DEFAULT_LICENCE,
    REVIEWER_ROLES,
    CommentKind,
    Cycle,
    DurationBand,
    EvidenceLevel,
    Setting,
    SheetStatus,
)
from semis.referential.models import SpecificSkill

MIN_DURATION, MAX_DURATION = 10, 180


@deconstructible
class TextListValidator:
    """A JSON list of non-empty strings, with at least `minimum` items."""

    def __init__(self, minimum: int = 0):
        self.minimum = minimum

    def __call__(self, value):
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ValidationError(_("Une liste de textes non vides est attendue."), code="text_list")
        if len(value) < self.minimum:
            raise ValidationError(
                _("Au moins %(minimum)d éléments sont attendus (%(count)d reçus)."),
                code="too_few",
                params={"minimum": self.minimum, "count": len(value)},
            )

    def __eq__(self, other):
        return isinstance(other, TextListValidator) and other.minimum == self.minimum


validate_text_list = TextListValidator()
validate_objectives = TextListValidator(2)
validate_debriefing = TextListValidator(3)

MIN_STEPS = 3


def validate_steps(value):
    """At least three steps, each {"title": text, "minutes": positive integer, "instructions": text}."""
    if not isinstance(value, list):
        raise ValidationError(_("Une liste d'étapes est attendue."), code="steps")
    for number, step in enumerate(value, start=1):
        valid = (
            isinstance(step, dict)
            and set(step) == {"title", "minutes", "instructions"}
            and isinstance(step["title"], str)
            and step["title"].strip()
            and isinstance(step["minutes"], int)
            and not isinstance(step["minutes"], bool)
            and step["minutes"] > 0
            and isinstance(step["instructions"], str)
            and step["instructions"].strip()
        )
        if not valid:
            raise ValidationError(
                _(
                    "Étape %(number)d : un titre, une durée en minutes (nombre entier positif) "
                    "et des consignes sont attendus."
                ),
                code="step",
                params={"number": number},
            )
    if len(value) < MIN_STEPS:
        raise ValidationError(
            _("Au moins %(minimum)d étapes sont attendues (%(count)d reçues)."),
            code="too_few_steps",
            params={"minimum": MIN_STEPS, "count": len(value)},
        )


class ActivitySheetQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Published sheets for every signed-in user; drafts and sheets in review only to their author and
        to reviewers. The library is national, so this rule replaces the perimeter rule of ScopedQuerySet."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser or user_roles(user) & REVIEWER_ROLES:
            return self
        return self.filter(Q(status=SheetStatus.PUBLISHED) | Q(author=user))

    def published(self):
        return self.filter(status=SheetStatus.PUBLISHED)

    def in_duration_band(self, band: DurationBand):
        low, high = band.bounds
        return self.filter(duration_minutes__gte=low, **({"duration_minutes__lte": high} if high else {}))

    def with_list_related_data(self):
        return self.prefetch_related("skills", "cycle_entries", "setting_entries")

    def with_detail_data(self):
        return self.select_related("author", "updated_by").prefetch_related(
            models.Prefetch("skills", queryset=SpecificSkill.objects.with_tree()),
            "cycle_entries",
            "setting_entries",
            "attachments",
        )


class ActivitySheet(AuditedModel):
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"))
    skills = models.ManyToManyField(
        "referential.SpecificSkill", related_name="activity_sheets", verbose_name=_("compétences visées")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)]
    )
    group_size = models.CharField(_("taille du groupe"), max_length=120)
    materials = models.JSONField(_("matériel"), default=list, blank=True, validators=[validate_text_list])
    objectives = models.JSONField(_("objectifs"), default=list, validators=[validate_objectives])
    steps = models.JSONField(_("déroulé"), default=list, validators=[validate_steps])
    facilitator_posture = models.TextField(_("posture de l'animateur·rice"))
    variants = models.JSONField(_("variantes"), default=list, blank=True, validators=[validate_text_list])
    adaptation_disability = models.TextField(_("adaptation : handicap"), blank=True)
    adaptation_language = models.TextField(_("adaptation : élèves allophones"), blank=True)
    debriefing_questions = models.JSONField(_("questions de retour"), default=list, validators=[validate_debriefing])
    safe_sequenced = models.BooleanField(_("séquencée"), default=False)
    # A context: Django's own French catalogue would turn the bare word "active" into "actif".
    safe_active = models.BooleanField(pgettext_lazy("fiche", "active"), default=False)
    safe_focused = models.BooleanField(_("centrée sur la compétence"), default=False)
    safe_explicit = models.BooleanField(_("explicite"), default=False)
    safety_notes = models.TextField(_("précautions"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True, validators=[validate_text_list])
    authors = models.CharField(_("auteurs"), max_length=200)
    licence = models.CharField(_("licence"), max_length=60, default=DEFAULT_LICENCE)

    status = models.CharField(_("statut"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_sheets",
        verbose_name=_("proposée par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )
    # Incremented by every write: an edit made on an older number is someone else's change, not overwritten.
    version = models.PositiveIntegerField(_("révision"), default=1)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Derived from the sheet's duration, cycles, settings and skills by semis.library.search.index_sheets
    # (format in search.facet_key), so that the search counts its facets in one grouped query.
    facet_key = models.TextField(editable=False, blank=True, default="")

    # The facet key is derived data, rewritten with the search document: not worth a line in the log.
    audit_exclude = ("facet_key",)

    objects = ActivitySheetQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("fiche activité")
        verbose_name_plural = _("fiches activités")
        indexes = [
            models.Index(fields=["status", "title"]),
            # Covers the visibility rule, the duration filter and the facet counts: the search reads the
            # sheets it may show from this narrow index, never from the table, whose rows carry long texts.
            models.Index(fields=["status", "author", "duration_minutes", "facet_key"], name="library_sheet_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION, duration_minutes__lte=MAX_DURATION),
                name="activity_sheet_duration_in_range",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def cycle_list(self) -> list[Cycle]:
        """The sheet's cycles in school order (reads the prefetched entries)."""
        chosen = {entry.cycle for entry in self.cycle_entries.all()}
        return [cycle for cycle in Cycle if cycle in chosen]

    @property
    def skill_list(self) -> list[SpecificSkill]:
        return list(self.skills.all())

    @property
    def setting_list(self) -> list[Setting]:
        chosen = {entry.setting for entry in self.setting_entries.all()}
        return [setting for setting in Setting if setting in chosen]

    @property
    def safe_attributes(self) -> dict[str, bool]:
        return {
            "sequenced": self.safe_sequenced,
            "active": self.safe_active,
            "focused": self.safe_focused,
            "explicit": self.safe_explicit,
        }


# Extension -> (content type, signature the file must start with, what to call it in a message).
ATTACHMENT_TYPES = {
    "png": ("image/png", b"\x89PNG\r\n\x1a\n", _("une image PNG")),
    "jpg": ("image/jpeg", b"\xff\xd8\xff", _("une image JPEG")),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff", _("une image JPEG")),
    "pdf": ("application/pdf", b"%PDF-", _("un PDF")),
}
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_PER_SHEET = 10


def attachment_extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def validate_attachment(file) -> None:
    """An image (PNG, JPEG) or a PDF of 5 MB at most, whose content is what its extension says."""
    extension = attachment_extension(file.name)
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Format non accepté (%(name)s) : joignez une image PNG ou JPEG, ou un PDF."),
            code="attachment_type",
            params={"name": PurePath(file.name).name},
        )
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo : 5 Mo au plus."),
            code="attachment_size",
            params={"size": f"{file.size / 2**20:.1f}".replace(".", ",")},
        )
    _content_type, signature, kind = ATTACHMENT_TYPES[extension]
    file.seek(0)
    start = file.read(len(signature))
    file.seek(0)
    if start != signature:
        raise ValidationError(
            _("Ce fichier n'est pas %(kind)s, contrairement à son extension (.%(extension)s)."),
            code="attachment_content",
            params={"kind": kind, "extension": extension},
        )


def attachment_upload_to(instance, filename: str) -> str:
    # A random name: the file's address tells nothing and cannot be guessed; the original name is kept apart.
    return f"library/attachments/{uuid.uuid4().hex}.{attachment_extension(filename)}"


class SheetAttachment(AuditedModel):
    """An image or a PDF joined to a sheet; served only to those who may see the sheet."""

    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_upload_to, validators=[validate_attachment])
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    description = models.CharField(
        _("description"),
        max_length=300,
        help_text=_("Ce que montre l'image (lu aux personnes aveugles) ou ce que contient le document."),
    )
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        ordering = ["sheet", "pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return attachment_extension(self.file.name)

    @property
    def content_type(self) -> str:
        return ATTACHMENT_TYPES[self.extension][0]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class SheetCycle(models.Model):
    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="cycle_entries")
    cycle = models.CharField(_("cycle"), max_length=10, choices=Cycle.choices)

    class Meta:
        ordering = ["sheet", "cycle"]
        verbose_name = _("cycle d'une fiche")
        constraints = [models.UniqueConstraint(fields=["sheet", "cycle"], name="sheet_cycle_unique")]
        indexes = [models.Index(fields=["cycle", "sheet"])]

    def __str__(self):
        return self.get_cycle_display()


class SheetSetting(models.Model):
    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="setting_entries")
    setting = models.CharField(_("milieu"), max_length=30, choices=Setting.choices)

    class Meta:
        ordering = ["sheet", "setting"]
        verbose_name = _("milieu d'une fiche")
        constraints = [models.UniqueConstraint(fields=["sheet", "setting"], name="sheet_setting_unique")]
        indexes = [models.Index(fields=["setting", "sheet"])]

    def __str__(self):
        return self.get_setting_display()


class SheetVersion(models.Model):
    """The content of a sheet as it was published, in the exchange format (semis.library.exchange)."""

    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("contenu"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)

    class Meta:
        ordering = ["sheet", "-number"]
        verbose_name = _("version publiée")
        verbose_name_plural = _("versions publiées")
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="sheet_version_number_unique")]

    def __str__(self):
        return f"{self.sheet} — v{self.number}"


class ReviewComment(AuditedModel):
    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["sheet", "created_at", "pk"]
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.sheet}"


class FavouriteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Favourites are private: each user sees only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Favourite(AuditedModel):
    """A sheet kept in a user's own cartable ("mon cartable")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_sheets")
    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FavouriteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fiche favorite")
        constraints = [models.UniqueConstraint(fields=["user", "sheet"], name="favourite_unique_per_user")]

    def __str__(self):
        return f"{self.user} — {self.sheet}"


class SequenceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A sequence is seen by its owner, and by every signed-in user once its owner shares it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(is_shared=True) | Q(owner=user))

    def with_items(self):
        return self.prefetch_related(
            models.Prefetch(
                "items",
                queryset=SequenceItem.objects.select_related("sheet").prefetch_related(
                    "sheet__skills", "sheet__cycle_entries"
                ),
            )
        )


class Sequence(AuditedModel):
    """An ordered progression of sessions (SAFE "sequenced"), e.g. eight sessions on emotions in CM1."""

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cycle = models.CharField(_("cycle ou public"), max_length=10, choices=Cycle.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sequences", verbose_name=_("créée par")
    )
    is_shared = models.BooleanField(
        _("partagée"), default=False, help_text=_("Une séquence partagée est visible de tous les utilisateurs.")
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", verbose_name=_("copiée de")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SequenceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("séquence")

    def __str__(self):
        return self.title


class SequenceItem(models.Model):
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="items")
    sheet = models.ForeignKey(ActivitySheet, on_delete=models.PROTECT, related_name="sequence_items")
    position = models.PositiveSmallIntegerField(_("rang"))
    note = models.TextField(_("adaptation"), blank=True, help_text=_("Ce que vous changez pour ce groupe."))

    class Meta:
        ordering = ["sequence", "position"]
        verbose_name = _("séance d'une séquence")
        constraints = [models.UniqueConstraint(fields=["sequence", "position"], name="sequence_item_position_unique")]

    def __str__(self):
        return f"{self.sequence} — {self.position}. {self.sheet}"


class Programme(AuditedModel):
    """An evaluated programme of the registry (Unplugged, GBG…); its evidence level is rated, with its source."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    summary = models.TextField(_("présentation"))
    age_min = models.PositiveSmallIntegerField(_("âge minimum"))
    age_max = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    audience = models.CharField(_("public"), max_length=300)
    delivery = models.TextField(_("format"))
    session_count = models.PositiveSmallIntegerField(_("nombre de séances"), null=True, blank=True)
    session_minutes = models.PositiveSmallIntegerField(_("durée d'une séance (minutes)"), null=True, blank=True)
    dosage = models.CharField(_("dosage"), max_length=300)
    training_required = models.TextField(_("formation requise"))
    evidence_level = models.CharField(_("niveau de preuve"), max_length=30, choices=EvidenceLevel.choices)
    evidence_source = models.TextField(_("source du niveau de preuve"))
    evidence_checked = models.BooleanField(
        _("niveau de preuve vérifié"),
        default=False,
        help_text=_("Décoché tant que personne n'a relu la source ; la page le signale."),
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    website = models.URLField(_("site"), blank=True)
    skills = models.ManyToManyField(
        "referential.SpecificSkill", blank=True, related_name="programmes", verbose_name=_("compétences travaillées")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme probant")
        verbose_name_plural = _("programmes probants")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__gte=F("age_min")), name="programme_ages_ordered"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def total_hours(self) -> float | None:
        if self.session_count and self.session_minutes:
            return self.session_count * self.session_minutes / 60
        return None


class SheetSearchDocument(models.Model):
    """PostgreSQL only: a sheet's search document. The table is created by migration 0002 on PostgreSQL
    and written by semis.library.search; SQLite keeps its documents in an FTS5 table instead."""

    sheet = models.OneToOneField(
        ActivitySheet, on_delete=models.DO_NOTHING, primary_key=True, related_name="search_document"
    )
    text = models.TextField()
    title = SearchVectorField()
    document = SearchVectorField()

    class Meta:
        managed = False
        db_table = "library_sheet_search"

    def __str__(self):
        return str(self.sheet_id)
