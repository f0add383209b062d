"""Pre/post evaluation of a project's groups with a questionnaire, without any pupil's identity.

An Instrument is a versioned questionnaire whose items are data; a Campaign asks it of some groups
of a project, once before and once after the programme. Pupils have no account: each receives on
paper a PupilCode drawn by Semis, and the teacher writes the pupil's name next to it on paper only
(DOMAIN.md §6). A Response carries the code, never a name, a birth date or an address; it is linked
to the other phase's response of the same code for the paired analysis (semis.evaluation.analysis).
"""

import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet
from semis.evaluation.enums import CampaignStatus, Phase
from semis.projects.models import through_project

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a child copying a code from paper cannot confuse two characters.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MIN_SCALE_POINTS, MAX_SCALE_POINTS = 2, 7
# The original instrument shipped with Semis (manage.py load_instruments loads it).
DATA_FILE = Path(__file__).resolve().parent / "data" / "semis-emotions-relations.json"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Instrument(models.Model):
    """One version of a questionnaire. Reference data shared by every perimeter; a version is never
    changed once a campaign uses it — a new wording is a new version."""

    slug = models.SlugField(_("identifiant"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    scale_name = models.CharField(_("nom du score"), max_length=120)
    audience = models.CharField(_("public"), max_length=120, help_text=_("Par exemple : élèves de 8 à 11 ans."))
    instructions = models.TextField(_("consigne lue aux élèves"))
    # Labels of the answer scale, from 1 to len(labels): the score is the mean of the items on it.
    scale_labels = models.JSONField(_("réponses possibles"))
    validated = models.BooleanField(
        _("instrument validé"),
        default=False,
        help_text=_("Validé scientifiquement (et utilisé sous la licence de ses auteurs) ; sinon « non validé »."),
    )
    source = models.TextField(_("source et licence"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("questionnaire")
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="instrument_version_once")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def scale_points(self) -> int:
        return len(self.scale_labels)

    @property
    def status_label(self) -> str:
        return _("validé") if self.validated else _("non validé")


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("rang"))
    code = models.SlugField(_("code"), max_length=30)
    text = models.CharField(_("affirmation"), max_length=300)
    # A reverse-scored item says the opposite of the score's direction ("Je me sens seul·e"):
    # its answer v counts as (points + 1 − v).
    reverse = models.BooleanField(_("cotation inversée"), default=False)

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("item de questionnaire")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="instrument_item_position_once"),
            models.UniqueConstraint(fields=["instrument", "code"], name="instrument_item_code_once"),
        ]

    def __str__(self):
        return self.text


class CampaignQuerySet(ScopedQuerySet):
    scope_paths = through_project()


class Campaign(AuditedModel):
    """A questionnaire asked to some groups of a project, before and after the programme."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("projet")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    groups = models.ManyToManyField("projects.Group", related_name="campaigns", verbose_name=_("groupes"))
    title = models.CharField(_("intitulé"), max_length=200)
    pre_opens = models.DateField(_("avant : ouverture"))
    pre_closes = models.DateField(_("avant : clôture"))
    post_opens = models.DateField(_("après : ouverture"))
    post_closes = models.DateField(_("après : clôture"))
    status = models.CharField(_("état"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    # The secret part of each phase's public address: whoever has the link and a code may answer once.
    pre_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    post_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by one at every edit: a form carries the version it was opened on, so a save over someone
    # else's newer save is refused instead of silently overwriting it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    audit_exclude = ("pre_token", "post_token")
    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-pre_opens", "-pk"]
        verbose_name = _("campagne d'évaluation")
        verbose_name_plural = _("campagnes d'évaluation")
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_closes__gte=F("pre_opens"))
                & Q(post_opens__gt=F("pre_closes"))
                & Q(post_closes__gte=F("post_opens")),
                name="campaign_windows_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def token(self, phase: str) -> str:
        return self.pre_token if phase == Phase.PRE else self.post_token

    def window(self, phase: str):
        if phase == Phase.PRE:
            return self.pre_opens, self.pre_closes
        return self.post_opens, self.post_closes

    def is_answerable(self, phase: str, today=None) -> bool:
        opens, closes = self.window(phase)
        return self.status == CampaignStatus.OPEN and opens <= (today or timezone.localdate()) <= closes


class PupilCodeQuerySet(ScopedQuerySet):
    scope_paths = through_project("campaign__project")


class PupilCode(models.Model):
    """A pseudonymous code handed out on paper to one pupil of a group. Semis never knows whose it is.
    Derived from the campaign's groups by a service, so not audited."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    group = models.ForeignKey("projects.Group", on_delete=models.CASCADE, related_name="evaluation_codes")
    code = models.CharField(_("code"), max_length=CODE_LENGTH)
    # 1 for the codes drawn with the campaign; each later addition (a newcomer pupil) is the next
    # batch, so that its slips print alone.
    batch = models.PositiveSmallIntegerField(_("lot"), default=1)

    objects = PupilCodeQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "group", "code"]
        verbose_name = _("code élève")
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="pupil_code_once_per_campaign")]

    def __str__(self):
        return self.code


class ResponseQuerySet(ScopedQuerySet):
    scope_paths = through_project("campaign__project")


class Response(models.Model):
    """One pupil's answers in one phase, under their code only. No name, birth date or IP address;
    the day, not the time, of the answer. Not audited: the audit log would add a time and an actor."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    code = models.ForeignKey(PupilCode, on_delete=models.CASCADE, related_name="responses")
    phase = models.CharField(_("temps"), max_length=4, choices=Phase.choices)
    # {item code: answer from 1 to the instrument's scale points}
    answers = models.JSONField(_("réponses"))
    submitted_on = models.DateField(_("jour de réponse"), default=timezone.localdate)
    # Drawn when the form is shown and sent back with it: the same form sent twice writes once.
    submission_key = models.UUIDField(unique=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "phase", "pk"]
        verbose_name = _("réponse")
        constraints = [models.UniqueConstraint(fields=["code", "phase"], name="response_once_per_code_and_phase")]

    def __str__(self):
        return f"{self.code} ({self.phase})"


class WrongCodeCounter(models.Model):
    """Wrong codes typed on one phase's questionnaire within the current window, to stop someone
    trying codes at random (services.response_submit). Counted per questionnaire, which every pupil
    of the campaign shares: no IP address, device or cookie is kept to tell them apart."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    window_started_at = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("compteur de codes erronés")
        constraints = [models.UniqueConstraint(fields=["campaign", "phase"], name="wrong_code_counter_once")]

    def __str__(self):
        return f"{self.campaign_id} {self.phase}: {self.failures}"
