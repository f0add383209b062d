"""The psychosocial-skill referential, versioned.

A ReferentialVersion (e.g. SpF 2022) holds categories (C/E/S), general skills (C1…S3) and
specific skills (C1.1…): the skills activity sheets and programmes point at. Codes are unique
within a version only, because a later version may reuse or change them; SkillMapping says how
the skills of two versions correspond. The WHO 1993 life skills, the older reference many
resources still cite, are kept beside it with their own mapping to the specific skills.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.referential.enums import MappingRelation


class ReferentialVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()


class ReferentialVersion(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom court"), max_length=60)
    title = models.CharField(_("titre"), max_length=300)
    publisher = models.CharField(_("éditeur"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    source = models.TextField(_("source"))
    source_url = models.URLField(_("adresse de la source"), blank=True)
    codes_note = models.TextField(_("note sur les codes"), blank=True)
    is_current = models.BooleanField(_("version en vigueur"), default=False)

    objects = ReferentialVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("version du référentiel")
        verbose_name_plural = _("versions du référentiel")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_referential_version"
            )
        ]

    def __str__(self):
        return self.name


class Category(models.Model):
    version = models.ForeignKey(
        ReferentialVersion, on_delete=models.CASCADE, related_name="categories", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["version_id", "position", "code"]
        verbose_name = _("catégorie de compétences")
        verbose_name_plural = _("catégories de compétences")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="category_code_unique_in_version")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class VersionedSkill(models.Model):
    """A skill of a referential version; its version is stored to keep codes unique per version."""

    version = models.ForeignKey(ReferentialVersion, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("nom"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.name}"

    def _check_parent_version(self, parent):
        if parent is not None and self.version_id and parent.version_id != self.version_id:
            raise ValidationError(_("Une compétence et son parent doivent appartenir à la même version."))


class GeneralSkill(VersionedSkill):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="general_skills", verbose_name=_("catégorie")
    )

    class Meta:
        ordering = ["version_id", "position", "code"]
        verbose_name = _("compétence générale")
        verbose_name_plural = _("compétences générales")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="general_skill_code_unique_in_version")]

    def clean(self):
        self._check_parent_version(self.category if self.category_id else None)


class SpecificSkillQuerySet(models.QuerySet):
    def with_tree(self):
        return self.select_related("general_skill__category", "version")


class SpecificSkill(VersionedSkill):
    general_skill = models.ForeignKey(
        GeneralSkill, on_delete=models.CASCADE, related_name="specific_skills", verbose_name=_("compétence générale")
    )
    definition = models.TextField(_("définition"))

    objects = SpecificSkillQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "position", "code"]
        verbose_name = _("compétence spécifique")
        verbose_name_plural = _("compétences spécifiques")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="specific_skill_code_unique_in_version")
        ]

    def clean(self):
        self._check_parent_version(self.general_skill if self.general_skill_id else None)


class SkillMapping(models.Model):
    """How a specific skill of one version corresponds to a specific skill of another version."""

    source = models.ForeignKey(
        SpecificSkill, on_delete=models.CASCADE, related_name="mappings_from", verbose_name=_("compétence d'origine")
    )
    target = models.ForeignKey(
        SpecificSkill, on_delete=models.CASCADE, related_name="mappings_to", verbose_name=_("compétence cible")
    )
    relation = models.CharField(_("relation"), max_length=20, choices=MappingRelation.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["source__version_id", "source__position", "target__version_id", "target__position"]
        verbose_name = _("correspondance entre versions")
        verbose_name_plural = _("correspondances entre versions")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="skill_mapping_unique_pair")]

    def __str__(self):
        return f"{self.source.version.name} {self.source.code} → {self.target.version.name} {self.target.code}"

    def clean(self):
        if self.source_id and self.target_id and self.source.version_id == self.target.version_id:
            raise ValidationError(_("Une correspondance relie deux versions différentes du référentiel."))


class LifeSkill(models.Model):
    """One of the ten WHO 1993 life skills, grouped in five pairs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    name_en = models.CharField(_("nom anglais"), max_length=200)
    pair = models.PositiveSmallIntegerField(_("paire"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    source = models.TextField(_("source"))
    specific_skills = models.ManyToManyField(
        SpecificSkill, through="LifeSkillMapping", related_name="life_skills", verbose_name=_("compétences spécifiques")
    )

    class Meta:
        ordering = ["pair", "position"]
        verbose_name = _("compétence de vie (OMS 1993)")
        verbose_name_plural = _("compétences de vie (OMS 1993)")

    def __str__(self):
        return self.name


class LifeSkillMapping(models.Model):
    life_skill = models.ForeignKey(LifeSkill, on_delete=models.CASCADE, related_name="mappings")
    specific_skill = models.ForeignKey(SpecificSkill, on_delete=models.CASCADE, related_name="life_skill_mappings")

    class Meta:
        ordering = ["life_skill_id", "specific_skill__position"]
        verbose_name = _("correspondance OMS ↔ référentiel")
        constraints = [
            models.UniqueConstraint(fields=["life_skill", "specific_skill"], name="life_skill_mapping_unique_pair")
        ]

    def __str__(self):
        return f"{self.life_skill} → {self.specific_skill.code}"
