"""The delivery log: one session in under a minute from a phone, the sessions of a project."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.library.models import SequenceItem
from semis.projects import services
from semis.projects.enums import EDITOR_ROLES
from semis.projects.forms import DeliveryForm
from semis.projects.models import DeliveredSession, Group
from semis.projects.perms import can_edit_project
from semis.projects.selectors import current_year, project_delivery
from semis.projects.views.common import PAGE_SIZE, add_errors, editable_project, project_crumbs, visible_project

DEFAULT_MINUTES = 45


def _ordered_sheets(project) -> list:
    """The project's sheets in the order of its sequences (first sequence first, then by position)."""
    items = (
        SequenceItem.objects.filter(sequence__in=project.sequences.all())
        .select_related("sheet")
        .order_by("sequence__title", "sequence_id", "position")
    )
    seen, sheets = set(), []
    for item in items:
        if item.sheet_id not in seen:
            seen.add(item.sheet_id)
            sheets.append(item.sheet)
    return sheets


def _next_sheet(sheets: list, group: Group):
    done = set(DeliveredSession.objects.filter(group=group).exclude(sheet=None).values_list("sheet_id", flat=True))
    return next((sheet for sheet in sheets if sheet.pk not in done), sheets[0] if sheets else None)


@access(*EDITOR_ROLES)
def delivery_log(request, pk):
    project = editable_project(request, pk)
    year = current_year(project)
    groups = Group.objects.filter(year=year).order_by("name", "pk") if year else Group.objects.none()
    group_list = list(groups)
    if not group_list:
        messages.info(request, _("Ajoutez d'abord un groupe au projet : chaque séance se consigne pour un groupe."))
        return redirect("projects:project_detail", pk=project.pk)
    sheets = _ordered_sheets(project)
    sheet_queryset = services.project_sheets(project).order_by("title", "pk")
    chosen = request.GET.get("groupe", "")
    group = next((g for g in group_list if str(g.pk) == chosen), group_list[0])
    next_sheet = _next_sheet(sheets, group)
    initial = {
        "group": group,
        "date": timezone.localdate(),
        "sheet": next_sheet,
        "minutes": next_sheet.duration_minutes if next_sheet else DEFAULT_MINUTES,
        "pupils_present": group.pupil_count,
    }
    form = DeliveryForm(request.POST or None, initial=initial, groups=groups, sheets=sheet_queryset)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session, created = services.delivery_record(user=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if created:
                messages.success(request, _("Séance consignée pour %(group)s.") % {"group": session.group.name})
            else:
                messages.info(
                    request,
                    _("Cette séance était déjà enregistrée (formulaire envoyé deux fois) : rien n'a été ajouté."),
                )
            return redirect(reverse("projects:delivery_log", args=[project.pk]) + f"?groupe={session.group_id}")
    delivery = project_delivery(project, year)
    context = {
        "project": project,
        "form": form,
        "group": group,
        "group_list": group_list,
        "row": next((row for row in delivery.groups if row.group.pk == group.pk), None),
        "delivery": delivery,
        "links": project_crumbs(project),
    }
    return render(request, "projects/delivery_log.html", context)


@access(ALL_ROLES)
def delivery_list(request, pk):
    project = visible_project(request, pk)
    sessions = (
        DeliveredSession.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("group__year", "sheet", "recorded_by")
        .order_by("-date", "-pk")
    )
    groups = Group.objects.filter(project=project).select_related("year").order_by("-year__school_year", "name")
    chosen = request.GET.get("groupe", "")
    if chosen.isdigit():
        sessions = sessions.filter(group_id=int(chosen))
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "page_obj": page,
        "groups": groups,
        "chosen": chosen,
        "may_edit": can_edit_project(request.user, project),
        "links": project_crumbs(project),
    }
    return render(request, "projects/delivery_list.html", context)


@access(*EDITOR_ROLES)
@require_POST
def delivery_delete(request, pk):
    session = get_object_or_404(DeliveredSession.objects.visible_to(request.user).select_related("project"), pk=pk)
    if not can_edit_project(request.user, session.project):
        raise PermissionDenied
    services.delivery_delete(user=request.user, session=session)
    messages.success(request, _("Séance retirée du journal."))
    return redirect("projects:delivery_list", pk=session.project_id)
