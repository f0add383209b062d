"""The end-of-course questionnaire: each attendee gets a private link when the course closes, and
answers once; the answers are stored apart from who gave them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.core.tasks import send_email
from semis.training.enums import CourseStatus
from semis.training.feedback import ITEM_FIELDS
from semis.training.models import Enrolment, FeedbackResponse


def feedback_invite(enrolments: list[Enrolment]) -> None:
    """E-mail each attendee the link to their questionnaire, once the caller's transaction commits."""
    for enrolment in enrolments:
        link = settings.SITE_URL + reverse("training:feedback", args=[enrolment.feedback_token])
        body = render_to_string("training/emails/feedback_invite.txt", {"enrolment": enrolment, "link": link})
        subject = _("Votre avis sur le stage « %(title)s »") % {"title": enrolment.course.title}
        to = [enrolment.email]
        transaction.on_commit(
            lambda subject=subject, body=body, to=to: send_email.enqueue(subject=subject, body=body, to=to)
        )


def feedback_for_token(token: str, *, lock: bool = False) -> Enrolment:
    """The enrolment a questionnaire link belongs to, if it may still be answered (locked for the
    transaction when `lock`, so that a double submission records one answer)."""
    enrolments = Enrolment.objects.select_related("course")
    if lock:
        enrolments = enrolments.select_for_update(of=("self",))
    enrolment = enrolments.filter(feedback_token=token).first()
    if enrolment is None:
        raise ValidationError(_("Ce lien de questionnaire n'est pas valable. Vérifiez qu'il est complet."))
    if enrolment.course.status != CourseStatus.COMPLETED:
        raise ValidationError(_("Le questionnaire ouvre quand le stage est clos."))
    if enrolment.feedback_answered:
        raise ValidationError(_("Vous avez déjà répondu à ce questionnaire. Merci !"))
    if not enrolment.attendances.filter(present=True).exists():
        raise ValidationError(_("Ce questionnaire est réservé aux personnes qui ont suivi le stage."))
    return enrolment


@transaction.atomic
def feedback_submit(*, token: str, answers: dict[str, int], comment: str = "") -> FeedbackResponse:
    """Record one attendee's answers, once. Public: the private link is the only credential."""
    enrolment = feedback_for_token(token, lock=True)
    if set(answers) != set(ITEM_FIELDS):
        raise ValidationError(_("Répondez à chaque affirmation."))
    response = FeedbackResponse(
        course=enrolment.course, answered_on=timezone.localdate(), comment=comment.strip(), **answers
    )
    response.full_clean()
    response.save()
    enrolment.feedback_answered = True
    enrolment.save(update_fields=["feedback_answered"])
    return response
