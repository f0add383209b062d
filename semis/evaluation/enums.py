from django.db import models
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import Role
from semis.projects.enums import EDITOR_ROLES


class Phase(models.TextChoices):
    PRE = "pre", _("avant le programme")
    POST = "post", _("après le programme")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Clôturée")  # not "Close": Django's own French catalogue reads that English word as "Fermer"
    # The pupils' codes and answers were deleted at the end of their retention (services.campaigns_expire).
    ARCHIVED = "archived", _("Archivée")


# Who reads a campaign and its results: the project's carriers (who also run it, see perms.py), the
# pilots and coordinators over them, and evaluators — each on their perimeter.
READER_ROLES = EDITOR_ROLES | {Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT, Role.EVALUATOR}
