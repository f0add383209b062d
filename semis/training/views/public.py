"""Pages open to anyone: checking an attestation, answering the end-of-course questionnaire."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from semis.core.access import access
from semis.training import services
from semis.training.feedback import QUESTIONNAIRE_TITLE
from semis.training.forms import FeedbackForm
from semis.training.models import Attestation
from semis.training.services.feedback import feedback_for_token
from semis.training.views.common import add_errors


@access(public=True)
def attestation_verify(request, code=None):
    """Public: confirms that a certificate is genuine — name, course, hours, nothing more."""
    code = (code or request.GET.get("code", "")).strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    attestation = None
    if code:
        attestation = (
            Attestation.objects.select_related("enrolment__course")
            .filter(code=code)
            .only(
                "code",
                "hours",
                "issued_at",
                "enrolment__first_name",
                "enrolment__last_name",
                "enrolment__course__title",
            )
        ).first()
    context = {"code": code, "attestation": attestation, "searched": bool(code)}
    return render(request, "training/attestation_verify.html", context, status=200 if attestation or not code else 404)


@access(public=True)
def feedback(request, token):
    """Public, reached through the private link e-mailed to each attendee when the course closes."""
    try:
        enrolment = feedback_for_token(token)
    except ValidationError as error:
        return render(request, "training/feedback_form.html", {"closed": error.messages[0]})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(token=token, answers=form.answers(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(request, "training/feedback_form.html", {"thanks": True, "course": enrolment.course})
    context = {"form": form, "course": enrolment.course, "title": QUESTIONNAIRE_TITLE}
    return render(request, "training/feedback_form.html", context)
