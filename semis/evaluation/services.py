"""Writes of the evaluation app: instruments loaded from their exchange format, campaigns and their
pupil codes, pupils' answers."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from semis.evaluation.enums import CampaignStatus, Phase
from semis.evaluation.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_SCALE_POINTS,
    MIN_SCALE_POINTS,
    Campaign,
    Instrument,
    InstrumentItem,
    PupilCode,
    Response,
    WrongCodeCounter,
)
from semis.evaluation.perms import can_run_campaign
from semis.training.dates import add_months

# A questionnaire refuses every answer for a while once this many wrong codes were typed on it within
# the window: enough for a class of children mistyping their slips, far too few to find a code among
# 25^6 by chance.
WRONG_CODES_LIMIT = 20
WRONG_CODES_WINDOW = datetime.timedelta(minutes=15)
WRONG_CODES_BLOCK = datetime.timedelta(minutes=10)

INSTRUMENT_FORMAT = "semis-instrument/1"
INSTRUMENT_FIELDS = ("slug", "version", "title", "scale_name", "audience", "instructions", "source")


def _instrument_errors(data) -> list[str]:
    if not isinstance(data, dict):
        return [_("Le fichier doit contenir un objet JSON.")]
    errors = []
    if data.get("format") != INSTRUMENT_FORMAT:
        errors.append(_("« format » doit valoir « %(format)s ».") % {"format": INSTRUMENT_FORMAT})
    for name in INSTRUMENT_FIELDS:
        value = data.get(name)
        if name == "version":
            if not isinstance(value, int) or value < 1:
                errors.append(_("« version » doit être un entier positif."))
        elif not isinstance(value, str) or not value.strip():
            errors.append(_("« %(field)s » est obligatoire.") % {"field": name})
    if not isinstance(data.get("validated"), bool):
        errors.append(_("« validated » doit valoir true ou false."))
    labels = data.get("scale_labels")
    if (
        not isinstance(labels, list)
        or not MIN_SCALE_POINTS <= len(labels) <= MAX_SCALE_POINTS
        or not all(isinstance(label, str) and label.strip() for label in labels)
    ):
        errors.append(
            _("« scale_labels » doit lister de %(min)d à %(max)d réponses, de la plus faible à la plus forte.")
            % {"min": MIN_SCALE_POINTS, "max": MAX_SCALE_POINTS}
        )
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return [*errors, _("« items » doit lister au moins un item.")]
    seen = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(_("Item %(n)d : un objet est attendu.") % {"n": number})
            continue
        code, text = item.get("code"), item.get("text")
        if not isinstance(code, str) or not code.strip():
            errors.append(_("Item %(n)d : « code » est obligatoire.") % {"n": number})
        elif code in seen:
            errors.append(_("Item %(n)d : le code « %(code)s » est déjà pris.") % {"n": number, "code": code})
        seen.add(code)
        if not isinstance(text, str) or not text.strip():
            errors.append(_("Item %(n)d : « text » est obligatoire.") % {"n": number})
        if not isinstance(item.get("reverse", False), bool):
            errors.append(_("Item %(n)d : « reverse » doit valoir true ou false.") % {"n": number})
    return errors


@transaction.atomic
def instrument_import(*, data) -> tuple[Instrument, bool]:
    """Load one instrument version from the semis-instrument/1 format (docs/instrument-format.md).
    All or nothing; loading the same version again changes nothing. Returns (instrument, created)."""
    errors = _instrument_errors(data)
    if errors:
        raise ValidationError(errors)
    existing = Instrument.objects.filter(slug=data["slug"], version=data["version"]).first()
    if existing is not None:
        return existing, False
    instrument = Instrument(
        **{name: data[name].strip() if isinstance(data[name], str) else data[name] for name in INSTRUMENT_FIELDS},
        validated=data["validated"],
        scale_labels=[label.strip() for label in data["scale_labels"]],
    )
    instrument.full_clean()
    instrument.save()
    for position, item in enumerate(data["items"], start=1):
        row = InstrumentItem(
            instrument=instrument,
            position=position,
            code=item["code"].strip(),
            text=item["text"].strip(),
            reverse=item.get("reverse", False),
        )
        row.full_clean()
        row.save()
    return instrument, True


def _draw_codes(count: int, taken: set[str]) -> list[str]:
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


class CampaignChanged(ValidationError):
    """Someone saved the campaign after the form was opened; `current` is what is stored now."""

    def __init__(self, current: Campaign):
        super().__init__(
            _(
                "Quelqu'un d'autre a enregistré cette campagne pendant que vous la modifiiez. Vos saisies sont "
                "conservées ci-dessous : comparez-les aux valeurs enregistrées, puis enregistrez à nouveau "
                "pour les appliquer."
            ),
            code="campaign_changed",
        )
        self.current = current


def _window_errors(pre_opens, pre_closes, post_opens, post_closes) -> dict:
    errors = {}
    if pre_closes < pre_opens:
        errors["pre_closes"] = _("La clôture ne peut pas précéder l'ouverture.")
    if post_closes < post_opens:
        errors["post_closes"] = _("La clôture ne peut pas précéder l'ouverture.")
    if post_opens <= pre_closes:
        errors["post_opens"] = _("Le questionnaire « après » s'ouvre après la clôture du questionnaire « avant ».")
    return errors


def _locked_runnable(user, campaign: Campaign) -> Campaign:
    """The campaign's row, locked so that two writes take turns; refused to whoever does not run it."""
    current = Campaign.objects.select_for_update(of=("self",)).select_related("project").get(pk=campaign.pk)
    if not can_run_campaign(user, current.project):
        raise PermissionDenied(_("Seules les personnes qui portent le projet gèrent ses évaluations."))
    return current


@transaction.atomic
def campaign_create(
    *,
    user,
    project,
    instrument: Instrument,
    groups,
    title: str,
    pre_opens: datetime.date,
    pre_closes: datetime.date,
    post_opens: datetime.date,
    post_closes: datetime.date,
) -> Campaign:
    """A campaign for some groups of a project, with one pupil code per pupil of each group."""
    if not can_run_campaign(user, project):
        raise PermissionDenied(_("Seules les personnes qui portent le projet lancent ses évaluations."))
    groups = list(groups)
    errors = {}
    if not groups:
        errors["groups"] = _("Choisissez au moins un groupe.")
    elif any(group.project_id != project.pk for group in groups):
        errors["groups"] = _("Ces groupes n'appartiennent pas tous à ce projet.")
    errors.update(_window_errors(pre_opens, pre_closes, post_opens, post_closes))
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(
        project=project,
        instrument=instrument,
        title=title.strip(),
        pre_opens=pre_opens,
        pre_closes=pre_closes,
        post_opens=post_opens,
        post_closes=post_closes,
        created_by=user,
    )
    campaign.full_clean()
    campaign.save()
    campaign.groups.set(groups)
    taken: set[str] = set()
    PupilCode.objects.bulk_create(
        PupilCode(campaign=campaign, group=group, code=code)
        for group in groups
        for code in _draw_codes(group.pupil_count, taken)
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    user,
    campaign: Campaign,
    version: int,
    title: str,
    pre_opens: datetime.date,
    pre_closes: datetime.date,
    post_opens: datetime.date,
    post_closes: datetime.date,
) -> Campaign:
    """Save the title and windows edited from `version`; raises CampaignChanged when a newer save
    exists. The title may always change (it is a label). A phase that has received answers keeps
    its opening date, and its closing date may move later (extend) or earlier down to today (close
    sooner), never into the past: the answers already given stay inside their window, and no
    pupil's later answer is made to look out of time."""
    current = _locked_runnable(user, campaign)
    if current.version != version:
        raise CampaignChanged(current)
    if current.status == CampaignStatus.ARCHIVED:
        raise ValidationError(_("Cette campagne est archivée : elle ne se modifie plus."))
    errors = _window_errors(pre_opens, pre_closes, post_opens, post_closes)
    answered = set(Response.objects.filter(campaign=current).values_list("phase", flat=True).distinct())
    today = timezone.localdate()
    new_windows = {Phase.PRE: (pre_opens, pre_closes), Phase.POST: (post_opens, post_closes)}
    for phase in answered:
        (old_opens, old_closes), (new_opens, new_closes) = current.window(phase), new_windows[phase]
        if new_opens != old_opens:
            errors[f"{phase}_opens"] = _(
                "Des élèves ont déjà répondu à ce questionnaire : son ouverture ne change plus."
            )
        elif new_closes < min(old_closes, today):
            errors[f"{phase}_closes"] = _(
                "Des élèves ont déjà répondu à ce questionnaire : sa clôture peut être repoussée, ou avancée "
                "jusqu'à aujourd'hui au plus tôt."
            )
    if errors:
        raise ValidationError(errors)
    current.title = title.strip()
    current.pre_opens, current.pre_closes = pre_opens, pre_closes
    current.post_opens, current.post_closes = post_opens, post_closes
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def campaign_close(*, user, campaign: Campaign) -> Campaign:
    """Close a campaign before its windows end: no more answers in either phase."""
    current = _locked_runnable(user, campaign)
    if current.status == CampaignStatus.OPEN:
        current.status = CampaignStatus.CLOSED
        current.version += 1
        current.save()
    return current


@transaction.atomic
def campaign_delete(*, user, campaign: Campaign) -> None:
    """Delete a campaign with its pupils' codes and answers (the audit log keeps the campaign's
    deletion, not the answers, which it never held)."""
    current = _locked_runnable(user, campaign)
    current.delete()


# At most this many codes at once: newcomers arrive one or two at a time; a new class is a new campaign.
MAX_ADDED_CODES = 10


@transaction.atomic
def codes_add(*, user, campaign: Campaign, group, count: int) -> tuple[int, list[str]]:
    """Draw `count` more codes in one of the campaign's groups (a pupil who arrived after the
    printing). Returns their batch number, which prints them alone, and the codes."""
    current = _locked_runnable(user, campaign)
    if current.status == CampaignStatus.ARCHIVED:
        raise ValidationError(_("Cette campagne est archivée : elle ne reçoit plus de codes."))
    if not current.groups.filter(pk=group.pk).exists():
        raise ValidationError({"group": _("Ce groupe n'est pas interrogé par cette campagne.")})
    if not 1 <= count <= MAX_ADDED_CODES:
        raise ValidationError({"count": _("Ajoutez de 1 à %(max)d codes à la fois.") % {"max": MAX_ADDED_CODES}})
    existing = PupilCode.objects.filter(campaign=current)
    batch = (existing.aggregate(last=Max("batch"))["last"] or 0) + 1
    codes = _draw_codes(count, set(existing.values_list("code", flat=True)))
    PupilCode.objects.bulk_create(PupilCode(campaign=current, group=group, code=code, batch=batch) for code in codes)
    return batch, sorted(codes)


def retention_cutoff(today: datetime.date) -> datetime.date:
    """Pupil data of a project that ended before this day has outlived its retention."""
    return add_months(today, -settings.EVALUATION_RETENTION_MONTHS)


def campaigns_expire(*, today: datetime.date) -> int:
    """Delete the pupils' codes and answers of the campaigns whose project ended (the last day of
    its last school year) more than EVALUATION_RETENTION_MONTHS ago, and whose "after" window closed
    before that too; each campaign is kept, archived, for the project's history. Its results go with
    the answers: Semis keeps no aggregate apart from them. Returns how many campaigns were archived;
    running it again archives nothing more."""
    cutoff = retention_cutoff(today)
    # The project ends on 31 August after its last school year starts (school_year_bounds).
    last_ended_year = cutoff.year - 1 if cutoff > datetime.date(cutoff.year, 8, 31) else cutoff.year - 2
    expired = Campaign.objects.exclude(status=CampaignStatus.ARCHIVED).filter(
        project__last_year__lte=last_ended_year, post_closes__lt=cutoff
    )
    archived = 0
    for campaign in expired.order_by("pk"):
        with transaction.atomic():
            # Answers go with their codes (cascade); neither is audited, so nothing of them remains.
            PupilCode.objects.filter(campaign=campaign).delete()
            WrongCodeCounter.objects.filter(campaign=campaign).delete()
            campaign.status = CampaignStatus.ARCHIVED
            campaign.version += 1
            campaign.save()  # audited, without an actor: the system archived it
        archived += 1
    return archived


def normalise_code(raw: str) -> str:
    """What a child types from the paper slip: any case, spaces or dashes."""
    return "".join(char for char in raw.upper() if char.isalnum())


def _blocked_until(campaign: Campaign, phase: str):
    counter = WrongCodeCounter.objects.filter(campaign=campaign, phase=phase, blocked_until__gt=timezone.now())
    return counter.values_list("blocked_until", flat=True).first()


def _count_wrong_code(campaign: Campaign, phase: str) -> None:
    """One more wrong code on this questionnaire; the limit reached blocks it for a while."""
    now = timezone.now()
    with transaction.atomic():
        counter, _created = WrongCodeCounter.objects.select_for_update().get_or_create(
            campaign=campaign, phase=phase, defaults={"window_started_at": now}
        )
        if counter.window_started_at <= now - WRONG_CODES_WINDOW:
            counter.window_started_at, counter.failures = now, 0
        counter.failures += 1
        if counter.failures >= WRONG_CODES_LIMIT:
            counter.blocked_until, counter.window_started_at, counter.failures = now + WRONG_CODES_BLOCK, now, 0
        counter.save()


# Not one transaction: a wrong code must stay counted when the refusal is raised. The only write of
# the answer itself has its own savepoint below.
def response_submit(
    *, campaign: Campaign, phase: str, code: str, answers: dict[str, int], submission_key: uuid.UUID
) -> tuple[Response, bool]:
    """Record one pupil's answers. Returns (response, created): the same form sent twice (same
    submission key, same code) returns the first response and writes nothing. A closed phase, an
    unknown code or a code that has already answered this phase is refused with a message for the
    pupil; after WRONG_CODES_LIMIT wrong codes, the questionnaire refuses everything for a while,
    with a message for the adult in the room."""
    already = Response.objects.select_related("code").filter(submission_key=submission_key).first()
    if already is not None:
        if (already.campaign_id, already.phase, already.code.code) == (campaign.pk, phase, normalise_code(code)):
            return already, False
        # A form shown again with the browser's Back button, filled in by the next pupil: a new answer.
        submission_key = uuid.uuid4()
    if not campaign.is_answerable(phase):
        raise ValidationError(_("Ce questionnaire est fermé : il ne reçoit plus de réponses."))
    blocked_until = _blocked_until(campaign, phase)
    if blocked_until is not None:
        raise ValidationError(
            _(
                "Trop de codes erronés ont été saisis sur ce questionnaire : par sécurité, il n'accepte plus "
                "de réponse jusqu'à %(time)s. Adulte qui accompagne : vérifiez que chaque élève recopie bien "
                "le code de son papier. Les réponses déjà envoyées sont enregistrées, et celles-ci restent "
                "à l'écran : il suffira de les envoyer à nouveau."
            )
            % {"time": time_format(timezone.localtime(blocked_until), "H \\h i")}
        )
    pupil_code = PupilCode.objects.filter(campaign=campaign, code=normalise_code(code)).first()
    if pupil_code is None:
        _count_wrong_code(campaign, phase)
        raise ValidationError(
            {"code": _("Ce code n'existe pas. Vérifie chaque lettre et chaque chiffre sur ton papier.")}
        )
    items = list(campaign.instrument.items.values_list("code", flat=True))
    points = campaign.instrument.scale_points
    if set(answers) != set(items) or not all(isinstance(v, int) and 1 <= v <= points for v in answers.values()):
        raise ValidationError(_("Réponds à chaque phrase avant d'envoyer."))
    already_answered = ValidationError(
        {"code": _("Ce code a déjà servi pour ce questionnaire : tes réponses sont bien enregistrées.")}
    )
    if Response.objects.filter(code=pupil_code, phase=phase).exists():
        raise already_answered
    try:
        # A savepoint: two sendings racing past the checks above meet the unique constraints here.
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                code=pupil_code,
                phase=phase,
                answers={item: answers[item] for item in items},
                submitted_on=timezone.localdate(),
                submission_key=submission_key,
            )
    except IntegrityError:
        raced = Response.objects.filter(submission_key=submission_key).first()
        if raced is not None:
            return raced, False
        raise already_answered from None
    return response, True
