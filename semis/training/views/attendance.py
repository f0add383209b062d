"""The trainer's attendance page, signature sheets, attestations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.training import services
from semis.training.documents import signature_sheet_pdf
from semis.training.enums import READER_ROLES, RUNNER_ROLES, CourseStatus, EnrolmentStatus
from semis.training.formats import by_name
from semis.training.models import Attestation, Enrolment, TrainingCourse, TrainingSession
from semis.training.perms import can_run_course
from semis.training.views.common import course_crumbs


@access(*RUNNER_ROLES)
def attendance(request, pk):
    """The trainer's phone page: one large checkbox per trainee for one half-day."""
    session = get_object_or_404(
        TrainingSession.objects.filter(course__in=TrainingCourse.objects.visible_to(request.user)).select_related(
            "course__programme__academie"
        ),
        pk=pk,
    )
    course = session.course
    may_mark = can_run_course(request.user, course) and course.status == CourseStatus.PLANNED
    trainees = by_name(
        Enrolment.objects.visible_to(request.user)
        .filter(course=course, status=EnrolmentStatus.ENROLLED)
        .select_related("establishment")
    )
    marked = {a.enrolment_id: a for a in session.attendances.all()}
    errors = []
    if request.method == "POST":
        if not may_mark:
            raise PermissionDenied
        present = set(request.POST.getlist("present"))
        hours = {t.pk: (session.hours if str(t.pk) in present else 0) for t in trainees}
        try:
            services.attendance_record(user=request.user, session=session, hours_by_enrolment=hours)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Émargement enregistré : %(present)s présent·e·s sur %(total)s.")
                % {"present": len(present & {str(t.pk) for t in trainees}), "total": len(trainees)},
            )
            return redirect("training:attendance", pk=session.pk)
    rows = [{"enrolment": t, "attendance": marked.get(t.pk)} for t in trainees]
    siblings = list(course.sessions.all())
    context = {
        "session": session,
        "course": course,
        "rows": rows,
        "may_mark": may_mark,
        "errors": errors,
        "present_count": sum(1 for row in rows if row["attendance"] and row["attendance"].present),
        "siblings": siblings,
        "links": course_crumbs(course),
    }
    return render(request, "training/attendance.html", context)


@access(*RUNNER_ROLES)
def signature_sheet(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.filter(course__in=TrainingCourse.objects.visible_to(request.user)).select_related(
            "course__programme__academie", "course__departement"
        ),
        pk=pk,
    )
    trainees = by_name(
        Enrolment.objects.visible_to(request.user)
        .filter(course=session.course, status=EnrolmentStatus.ENROLLED)
        .select_related("establishment")
    )
    filename = f"emargement-{slugify(session.course.title)[:40]}-{session.date:%Y-%m-%d}-{session.half_day}.pdf"
    response = HttpResponse(signature_sheet_pdf(session, trainees), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Attestations


@access(*RUNNER_ROLES)
@require_POST
def attestation_issue(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user).select_related("course"), pk=pk)
    try:
        services.attestation_issue(user=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("L'attestation de %(name)s est en cours de production.") % {"name": enrolment.full_name}
        )
    return redirect("training:course_detail", pk=enrolment.course_id)


@access(*READER_ROLES)
def attestation_download(request, pk):
    attestation = get_object_or_404(Attestation.objects.visible_to(request.user), pk=pk)
    if not attestation.pdf:
        raise Http404(_("Cette attestation est encore en cours de production."))
    return FileResponse(
        attestation.pdf.open("rb"), content_type="application/pdf", filename=f"attestation-{attestation.code}.pdf"
    )
