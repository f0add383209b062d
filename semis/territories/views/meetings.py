"""Regional meetings of a programme: agenda, participants from the territories, minutes, lessons."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.territories import services
from semis.territories.forms import DocumentForm, MeetingForm
from semis.territories.models import Meeting, MeetingDocument, Territory
from semis.territories.perms import PROGRAMME_MANAGERS, can_manage_programmes
from semis.territories.views.common import add_service_errors, visible_programme


@access(ALL_ROLES)
def meeting_list(request, pk):
    programme = visible_programme(request, pk)
    meetings = Meeting.objects.visible_to(request.user).filter(programme=programme).prefetch_related("territories")
    context = {"programme": programme, "meetings": meetings, "can_manage": can_manage_programmes(request.user)}
    return render(request, "territories/meeting_list.html", context)


def _meeting_form(request, programme, instance=None):
    territories = Territory.objects.visible_to(request.user).filter(programme=programme)
    return MeetingForm(request.POST or None, instance=instance, programme=programme, territories=territories)


@access(*PROGRAMME_MANAGERS)
def meeting_create(request, pk):
    programme = visible_programme(request, pk)
    form = _meeting_form(request, programme)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rencontre enregistrée."))
            return redirect("territories:meeting_detail", meeting.pk)
    context = {"form": form, "title": _("Nouvelle rencontre régionale"), "programme": programme}
    return render(request, "territories/form_page.html", context)


def _visible_meeting(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("programme"), pk=pk)


@access(*PROGRAMME_MANAGERS)
def meeting_edit(request, pk):
    meeting = _visible_meeting(request, pk)
    form = _meeting_form(request, meeting.programme, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rencontre mise à jour."))
            return redirect("territories:meeting_detail", meeting.pk)
    context = {"form": form, "title": meeting.title, "programme": meeting.programme}
    return render(request, "territories/form_page.html", context)


def _meeting_page(request, meeting, document_form=None, status=200):
    can_manage = can_manage_programmes(request.user)
    context = {
        "meeting": meeting,
        "programme": meeting.programme,
        "territories": meeting.territories.all(),
        "participants": meeting.participants.select_related("territory"),
        "documents": meeting.documents.all(),
        "can_manage": can_manage,
        "document_form": (document_form or DocumentForm()) if can_manage else None,
    }
    return render(request, "territories/meeting_detail.html", context, status=status)


@access(ALL_ROLES)
def meeting_detail(request, pk):
    return _meeting_page(request, _visible_meeting(request, pk))


@access(*PROGRAMME_MANAGERS)
@require_POST
def meeting_document_add(request, pk):
    meeting = _visible_meeting(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_document_add(meeting=meeting, uploaded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document ajouté."))
            return redirect("territories:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting, document_form=form, status=400)


@access(ALL_ROLES)
def meeting_document_download(request, pk):
    document = get_object_or_404(MeetingDocument.objects.visible_to(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=os.path.basename(document.file.name))
