"""Every write of the territories app: validated in full, in one transaction, all or nothing."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.services import role_assign
from semis.geo.models import Commune, Epci, Region
from semis.referential.models import SpecificSkill
from semis.territories.enums import SheetStatus, StageKind
from semis.territories.models import (
    Action,
    CapitalisationSheet,
    Diagnostic,
    Meeting,
    MeetingDocument,
    StageDocument,
    Stakeholder,
    TerritorialProgramme,
    Territory,
    TerritoryStage,
)


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def programme_create(
    *,
    name: str,
    region: Region,
    funder: str,
    operator: str,
    year_start: int,
    year_end: int,
    age_min: int = 0,
    age_max: int = 25,
    description: str = "",
) -> TerritorialProgramme:
    return _save(
        TerritorialProgramme(region=region),
        name=name,
        funder=funder,
        operator=operator,
        year_start=year_start,
        year_end=year_end,
        age_min=age_min,
        age_max=age_max,
        description=description,
    )


@transaction.atomic
def programme_update(*, programme: TerritorialProgramme, **fields) -> TerritorialProgramme:
    """Change a programme; the actions already recorded must still fall inside its years and ages."""
    _save(programme, **fields)
    outside = Action.objects.filter(territory__programme=programme).exclude(
        date__gte=programme.first_day,
        date__lte=programme.last_day,
        age_min__gte=programme.age_min,
        age_max__lte=programme.age_max,
    )
    if count := outside.count():
        raise ValidationError(
            _("%(count)s action(s) sortiraient des années ou des âges du programme, dont « %(title)s »."),
            params={"count": count, "title": outside.order_by("date").first().title},
        )
    return programme


def _perimeter(epcis: Iterable[Epci], communes: Iterable[Commune]) -> tuple[list[Epci], set[Commune]]:
    """A territory holds every commune it names and every commune of the EPCI it names: at least one."""
    epcis = list(epcis)
    every_commune = set(communes) | set(Commune.objects.filter(epci__in=epcis))
    if not every_commune:
        raise ValidationError(
            {"communes": _("Un territoire compte au moins une commune : choisissez un EPCI ou des communes.")},
            code="territory_without_commune",
        )
    return epcis, every_commune


@transaction.atomic
def territory_create(
    *,
    programme: TerritorialProgramme,
    name: str,
    kind: str,
    epcis: Iterable[Epci] = (),
    communes: Iterable[Commune] = (),
    description: str = "",
    created_by=None,
) -> Territory:
    """Create a territory of the programme with its six journey stages.

    Whoever creates it keeps sight of it: a territorial lead becomes lead of the new territory.
    """
    epcis, communes = _perimeter(epcis, communes)
    territory = _save(
        Territory(programme=programme, region=programme.region), name=name, kind=kind, description=description
    )
    territory.epcis.set(epcis)
    territory.communes.set(communes)
    TerritoryStage.objects.bulk_create(TerritoryStage(territory=territory, kind=stage) for stage in StageKind)
    if created_by is not None and not Territory.objects.visible_to(created_by).filter(pk=territory.pk).exists():
        role_assign(
            user=created_by, role=Role.TERRITORIAL_LEAD, perimeter_kind=PerimeterKind.TERRITORY, perimeter=territory
        )
    return territory


@transaction.atomic
def territory_update(
    *,
    territory: Territory,
    name: str,
    kind: str,
    epcis: Iterable[Epci],
    communes: Iterable[Commune],
    description: str = "",
) -> Territory:
    epcis, communes = _perimeter(epcis, communes)
    _save(territory, name=name, kind=kind, description=description)
    territory.epcis.set(epcis)
    territory.communes.set(communes)
    return territory


@transaction.atomic
def stage_update(*, stage: TerritoryStage, status: str, start_date=None, end_date=None, notes: str = ""):
    return _save(stage, status=status, start_date=start_date, end_date=end_date, notes=notes)


@transaction.atomic
def stage_document_add(*, stage: TerritoryStage, title: str, file, uploaded_by) -> StageDocument:
    return _save(StageDocument(stage=stage, uploaded_by=uploaded_by), title=title, file=file)


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, title: str, file, uploaded_by) -> MeetingDocument:
    return _save(MeetingDocument(meeting=meeting, uploaded_by=uploaded_by), title=title, file=file)


@transaction.atomic
def diagnostic_save(*, territory: Territory, **texts) -> Diagnostic:
    diagnostic = Diagnostic.objects.filter(territory=territory).first() or Diagnostic(territory=territory)
    return _save(diagnostic, **texts)


def _normalise_email(fields: dict) -> dict:
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return fields


@transaction.atomic
def stakeholder_create(*, territory: Territory, **fields) -> Stakeholder:
    return _save(Stakeholder(territory=territory), **_normalise_email(fields))


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, **fields) -> Stakeholder:
    return _save(stakeholder, **_normalise_email(fields))


def _action_save(action: Action, *, skills, stakeholders, fields: dict) -> Action:
    """Validate the action, its skills and its stakeholders together: every mistake is reported at once."""
    skills, stakeholders = list(skills), list(stakeholders)
    errors = {}
    if not skills:
        errors["skills"] = [_("Choisissez au moins une compétence visée.")]
    if any(s.territory_id != action.territory_id for s in stakeholders):
        errors["stakeholders"] = [_("Choisissez des acteurs de ce territoire.")]
    for name, value in fields.items():
        setattr(action, name, value)
    try:
        action.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    action.save()
    action.skills.set(skills)
    action.stakeholders.set(stakeholders)
    return action


@transaction.atomic
def action_create(
    *, territory: Territory, skills: Iterable[SpecificSkill], stakeholders: Iterable[Stakeholder] = (), **fields
) -> Action:
    """Record an action of the territory; `skills` are specific skills of the referential (at least one)."""
    return _action_save(Action(territory=territory), skills=skills, stakeholders=stakeholders, fields=fields)


@transaction.atomic
def action_update(
    *, action: Action, skills: Iterable[SpecificSkill], stakeholders: Iterable[Stakeholder] = (), **fields
) -> Action:
    return _action_save(action, skills=skills, stakeholders=stakeholders, fields=fields)


def _check_meeting_people(programme, territories, participants) -> None:
    if any(t.programme_id != programme.pk for t in territories):
        raise ValidationError({"territories": _("Choisissez des territoires du programme.")})
    territory_ids = {t.pk for t in territories}
    if any(p.territory_id not in territory_ids for p in participants):
        raise ValidationError(
            {
                "participants": _(
                    "Chaque participant·e vient d'un des territoires représentés : cochez aussi son territoire."
                )
            }
        )


@transaction.atomic
def meeting_create(
    *, programme: TerritorialProgramme, territories: Iterable[Territory] = (), participants=(), **fields
) -> Meeting:
    territories, participants = list(territories), list(participants)
    _check_meeting_people(programme, territories, participants)
    meeting = _save(Meeting(programme=programme), **fields)
    meeting.territories.set(territories)
    meeting.participants.set(participants)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, territories: Iterable[Territory] = (), participants=(), **fields) -> Meeting:
    territories, participants = list(territories), list(participants)
    _check_meeting_people(meeting.programme, territories, participants)
    _save(meeting, **fields)
    meeting.territories.set(territories)
    meeting.participants.set(participants)
    return meeting


@transaction.atomic
def sheet_create(*, territory: Territory, author, **fields) -> CapitalisationSheet:
    return _save(CapitalisationSheet(territory=territory, author=author), **fields)


@transaction.atomic
def sheet_update(*, sheet: CapitalisationSheet, **fields) -> CapitalisationSheet:
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError(
            _("Seule une fiche en brouillon se modifie ; celle-ci est « %(status)s »."),
            params={"status": sheet.get_status_display()},
        )
    return _save(sheet, **fields)


@transaction.atomic
def sheet_submit(*, sheet: CapitalisationSheet) -> CapitalisationSheet:
    """A draft goes to review once every CAPS section is written."""
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError(_("Seule une fiche en brouillon peut être envoyée en relecture."))
    if missing := sheet.missing_sections:
        raise ValidationError(
            _("Complétez d'abord ces rubriques : %(sections)s."), params={"sections": ", ".join(missing)}
        )
    return _save(sheet, status=SheetStatus.IN_REVIEW, review_comment="")


@transaction.atomic
def sheet_publish(*, sheet: CapitalisationSheet) -> CapitalisationSheet:
    if sheet.status != SheetStatus.IN_REVIEW:
        raise ValidationError(_("Seule une fiche en relecture peut être publiée."))
    return _save(sheet, status=SheetStatus.PUBLISHED, published_at=timezone.now())


@transaction.atomic
def sheet_return(*, sheet: CapitalisationSheet, comment: str) -> CapitalisationSheet:
    """The reviewer sends the sheet back to its authors with what to change."""
    if sheet.status != SheetStatus.IN_REVIEW:
        raise ValidationError(_("Seule une fiche en relecture peut être renvoyée à ses auteur·rices."))
    if not comment.strip():
        raise ValidationError({"review_comment": _("Dites ce qu'il faut reprendre.")})
    return _save(sheet, status=SheetStatus.DRAFT, review_comment=comment.strip())
