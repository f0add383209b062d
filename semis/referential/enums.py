from django.db import models
from django.utils.translation import gettext_lazy as _


class MappingRelation(models.TextChoices):
    """How a skill of one referential version relates to a skill of another (SKOS-like)."""

    EQUIVALENT = "equivalent", _("Équivalente")
    BROADER = "broader", _("Plus large")
    NARROWER = "narrower", _("Plus étroite")
    RELATED = "related", _("Proche")
