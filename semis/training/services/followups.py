"""Follow-up of the trained teams: recording a contact, reminding the trainer in charge."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semis.core.tasks import send_email
from semis.training.models import FollowUp
from semis.training.perms import can_record_followup


@transaction.atomic
def followup_record(
    *,
    user,
    followup: FollowUp,
    done_on: datetime.date,
    sessions_run: int | None,
    sheets_used: str,
    difficulties: str,
    needs: str,
    next_step: str,
) -> FollowUp:
    if not can_record_followup(user, followup):
        raise PermissionDenied(
            _("Seul·e la personne en charge du suivi de cette équipe (ou le pilotage) le renseigne.")
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("La date du suivi ne peut pas être dans le futur.")})
    followup.done_on = done_on
    followup.sessions_run = sessions_run
    followup.sheets_used = sheets_used.strip()
    followup.difficulties = difficulties.strip()
    followup.needs = needs.strip()
    followup.next_step = next_step.strip()
    followup.recorded_by = user
    followup.full_clean()
    followup.save()
    return followup


def followup_send_reminders(*, today: datetime.date) -> int:
    """E-mail the professionnel-ressource in charge of each team whose follow-up falls due within
    TRAINING_FOLLOWUP_REMINDER_DAYS. Each follow-up is reminded once: the mark and the e-mail
    commit together, and a follow-up already marked (by another worker too) is skipped."""
    horizon = today + datetime.timedelta(days=settings.TRAINING_FOLLOWUP_REMINDER_DAYS)
    candidates = list(
        FollowUp.objects.pending()
        .filter(
            reminder_sent_at__isnull=True,
            due_on__gte=today,
            due_on__lte=horizon,
            team__trainer__is_active=True,
        )
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            followup = FollowUp.objects.select_for_update(skip_locked=True).filter(pk=pk, reminder_sent_at=None).first()
            if followup is None:
                continue
            followup.reminder_sent_at = timezone.now()
            followup.save(update_fields=["reminder_sent_at"])
            _send_reminder(FollowUp.objects.with_list_related_data().get(pk=pk))
            sent += 1
    return sent


def _send_reminder(followup: FollowUp) -> None:
    team = followup.team
    context = {
        "followup": followup,
        "team": team,
        "link": settings.SITE_URL + reverse("training:followup_detail", args=[followup.pk]),
    }
    body = render_to_string("training/emails/followup_reminder.txt", context)
    subject = _("Suivi à %(months)s mois de l'équipe formée de %(school)s, prévu le %(date)s") % {
        "months": followup.months_after,
        "school": team.establishment.name,
        "date": date_format(followup.due_on, "SHORT_DATE_FORMAT"),
    }
    to = [team.trainer.user.email]
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))
