"""The end-of-course questionnaire: our own items, not a validated instrument (DOMAIN.md §6), on a
five-point agreement scale. The item list is versioned with the questionnaire's title."""

from django.db import models
from django.utils.translation import gettext_lazy as _

QUESTIONNAIRE_TITLE = _("Questionnaire de fin de stage Semis, version 1 — non validé")


class Agreement(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Pas du tout d'accord")
    DISAGREE = 2, _("Plutôt pas d'accord")
    NEUTRAL = 3, _("Ni d'accord ni pas d'accord")
    AGREE = 4, _("Plutôt d'accord")
    STRONGLY_AGREE = 5, _("Tout à fait d'accord")


SATISFACTION = "satisfaction"
SELF_EFFICACY = "self_efficacy"
GROUPS = {SATISFACTION: _("Satisfaction"), SELF_EFFICACY: _("Sentiment de capacité")}

# (field of FeedbackResponse, statement, group)
ITEMS = [
    ("expectations_met", _("Le stage a répondu à mes attentes."), SATISFACTION),
    ("activities_helped", _("Les activités vécues pendant le stage m'ont aidé·e à comprendre les CPS."), SATISFACTION),
    ("room_to_exchange", _("L'animation a laissé une place aux échanges entre participant·e·s."), SATISFACTION),
    ("would_recommend", _("Je recommanderais ce stage à un·e collègue."), SATISFACTION),
    ("can_run_session", _("Je me sens capable de mener une séance CPS avec mes élèves."), SELF_EFFICACY),
    ("can_adapt_sheet", _("Je me sens capable d'adapter une fiche d'activité à mes élèves."), SELF_EFFICACY),
    ("can_handle_emotions", _("Je me sens capable d'accueillir les émotions exprimées en séance."), SELF_EFFICACY),
    ("knows_resources", _("Je sais où trouver des ressources pour continuer."), SELF_EFFICACY),
]
ITEM_FIELDS = [field for field, _label, _group in ITEMS]
