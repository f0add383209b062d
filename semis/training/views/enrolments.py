"""Enrolling one person, importing a list, the import template, cancelling."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.training import imports, services
from semis.training.enums import MANAGER_ROLES, EnrolmentStatus
from semis.training.forms import EnrolmentForm, EnrolmentImportForm
from semis.training.models import Enrolment
from semis.training.perms import can_manage_course
from semis.training.views.common import add_errors, course_crumbs, course_for


@access(*MANAGER_ROLES)
def enrolment_create(request, pk):
    course = course_for(request, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(user=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                message = _("Le stage est complet : %(name)s est inscrit·e en liste d'attente.")
            else:
                message = _("%(name)s est inscrit·e.")
            messages.success(request, message % {"name": enrolment.full_name})
            return redirect("training:course_detail", pk=course.pk)
    context = {"course": course, "form": form, "links": course_crumbs(course)}
    return render(request, "training/enrolment_form.html", context)


@access(*MANAGER_ROLES)
def enrolment_import(request, pk):
    course = course_for(request, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    form = EnrolmentImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_enrolment_file(form.cleaned_data["file"])
            created = services.enrolment_import(user=request.user, course=course, rows=rows)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(count)s personnes sont inscrites au stage.") % {"count": len(created)},
            )
            return redirect("training:course_detail", pk=course.pk)
    context = {"course": course, "form": form, "errors": errors, "links": course_crumbs(course)}
    return render(request, "training/enrolment_import.html", context)


@access(*MANAGER_ROLES)
def enrolment_template(request):
    response = HttpResponse(
        imports.enrolment_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="modele-inscriptions-stage.xlsx"'
    return response


@access(*MANAGER_ROLES)
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user).select_related("course"), pk=pk)
    try:
        promoted = services.enrolment_cancel(user=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'inscription de %(name)s est annulée.") % {"name": enrolment.full_name})
        if promoted:
            messages.info(
                request,
                _("%(name)s quitte la liste d'attente et prend la place libérée.") % {"name": promoted.full_name},
            )
    return redirect("training:course_detail", pk=enrolment.course_id)
