"""The professionnels-ressources, their supervision, and the targets of an académie."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.training.dates import school_year_of
from semis.training.models import SupervisionSession, Trainer, TrainerQualification, TrainingProgramme, TrainingTarget
from semis.training.perms import manages_academie


@transaction.atomic
def trainer_register(*, user, trainer_user, academie, function: str = "") -> Trainer:
    """Make an account a professionnel-ressource of an académie (or update its function)."""
    if not manages_academie(user, academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    trainer = Trainer.objects.filter(user=trainer_user).first() or Trainer(user=trainer_user)
    if trainer.pk and trainer.academie_id != academie.pk:
        raise ValidationError(
            _("%(name)s est déjà professionnel·le-ressource de l'académie %(academie)s.")
            % {"name": trainer_user, "academie": trainer.academie}
        )
    trainer.academie, trainer.function = academie, function.strip()
    trainer.full_clean()
    trainer.save()
    return trainer


@transaction.atomic
def trainer_qualification_add(
    *, user, trainer: Trainer, title: str, organisation: str, hours: Decimal, completed_on: datetime.date
) -> TrainerQualification:
    """Add a training the professionnel-ressource received to their path."""
    if not manages_academie(user, trainer.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    qualification = TrainerQualification(
        trainer=trainer, title=title.strip(), organisation=organisation.strip(), hours=hours, completed_on=completed_on
    )
    qualification.full_clean()
    qualification.save()
    return qualification


@transaction.atomic
def supervision_record(
    *,
    user,
    programme: TrainingProgramme,
    date: datetime.date,
    hours: Decimal,
    facilitator: str,
    attendees: list[Trainer],
    notes: str = "",
) -> SupervisionSession:
    """An analyse de pratiques held for the trainers of a programme, with who attended."""
    if not manages_academie(user, programme.academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    if not attendees:
        raise ValidationError({"attendees": _("Cochez les professionnel·le·s-ressources présent·e·s.")})
    if any(trainer.academie_id != programme.academie_id for trainer in attendees):
        raise ValidationError({"attendees": _("Les présent·e·s sont des professionnel·le·s-ressources de l'académie.")})
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("On enregistre une supervision qui a eu lieu : la date ne peut pas être future.")}
        )
    supervision = SupervisionSession(
        programme=programme,
        date=date,
        hours=hours,
        facilitator=facilitator.strip(),
        notes=notes.strip(),
        school_year=school_year_of(date),
    )
    supervision.full_clean()
    supervision.save()
    supervision.attendees.set(attendees)
    return supervision


@transaction.atomic
def target_set(
    *, user, academie, school_year: int, public: str, teachers_to_train: int, courses_to_hold: int
) -> TrainingTarget:
    if not manages_academie(user, academie):
        raise PermissionDenied(_("Vous ne pilotez pas la formation de cette académie."))
    target = TrainingTarget.objects.filter(academie=academie, school_year=school_year, public=public).first()
    target = target or TrainingTarget(academie=academie, school_year=school_year, public=public)
    target.teachers_to_train, target.courses_to_hold = teachers_to_train, courses_to_hold
    target.full_clean(validate_unique=False, validate_constraints=False)
    target.save()
    return target
