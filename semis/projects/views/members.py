"""The groups, adults and partners of a project."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.projects import services
from semis.projects.enums import EDITOR_ROLES
from semis.projects.forms import AdultEditForm, AdultForm, GroupForm, PartnerForm
from semis.projects.models import Group, ProjectAdult, ProjectPartner
from semis.projects.perms import can_edit_project
from semis.projects.selectors import current_year
from semis.projects.views.common import add_errors, editable_project, project_crumbs


def _editable(request, model, pk):
    """A row of a project the user carries: 404 outside the perimeter, 403 for others in it."""
    row = get_object_or_404(model.objects.visible_to(request.user).select_related("project"), pk=pk)
    if not can_edit_project(request.user, row.project):
        raise PermissionDenied
    return row


def _form_page(request, *, form, project, title, intro=""):
    context = {"form": form, "project": project, "title": title, "intro": intro, "links": project_crumbs(project)}
    return render(request, "projects/member_form.html", context)


@access(*EDITOR_ROLES)
def group_add(request, pk):
    project = editable_project(request, pk)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Groupe ajouté."))
            return redirect("projects:project_detail", pk=project.pk)
    year = current_year(project)
    intro = _("Groupe de l'année %(year)s.") % {"year": year.label} if year else ""
    return _form_page(request, form=form, project=project, title=_("Ajouter un groupe"), intro=intro)


@access(*EDITOR_ROLES)
def group_edit(request, pk):
    group = _editable(request, Group, pk)
    initial = {name: getattr(group, name) for name in ("name", "level", "pupil_count", "planned_hours")}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(user=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Groupe enregistré."))
            return redirect("projects:project_detail", pk=group.project_id)
    return _form_page(
        request, form=form, project=group.project, title=_("Modifier le groupe %(name)s") % {"name": group.name}
    )


@access(*EDITOR_ROLES)
@require_POST
def group_delete(request, pk):
    group = _editable(request, Group, pk)
    try:
        services.group_delete(user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Groupe retiré."))
    return redirect("projects:project_detail", pk=group.project_id)


@access(*EDITOR_ROLES)
def adult_add(request, pk):
    project = editable_project(request, pk)
    form = AdultForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.adult_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Adulte ajouté."))
            return redirect("projects:project_detail", pk=project.pk)
    intro = _(
        "Les adultes qui mènent les séances avec les groupes. Leurs noms servent au suivi du projet ; "
        "jamais de noms d'élèves."
    )
    return _form_page(request, form=form, project=project, title=_("Ajouter un adulte qui anime"), intro=intro)


@access(*EDITOR_ROLES)
def adult_edit(request, pk):
    adult = _editable(request, ProjectAdult, pk)
    initial = {name: getattr(adult, name) for name in ("full_name", "function", "other_training_hours")}
    form = AdultEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.adult_update(user=request.user, adult=adult, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Adulte enregistré."))
            return redirect("projects:project_detail", pk=adult.project_id)
    return _form_page(
        request, form=form, project=adult.project, title=_("Modifier %(name)s") % {"name": adult.full_name}
    )


@access(*EDITOR_ROLES)
@require_POST
def adult_remove(request, pk):
    adult = _editable(request, ProjectAdult, pk)
    services.adult_remove(user=request.user, adult=adult)
    messages.success(request, _("Adulte retiré du projet."))
    return redirect("projects:project_detail", pk=adult.project_id)


@access(*EDITOR_ROLES)
def partner_add(request, pk):
    project = editable_project(request, pk)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Partenaire ajouté."))
            return redirect("projects:project_detail", pk=project.pk)
    intro = _("Un partenaire apporte un autre milieu de vie : familles, périscolaire, centre social, santé, sport…")
    return _form_page(request, form=form, project=project, title=_("Ajouter un partenaire"), intro=intro)


@access(*EDITOR_ROLES)
@require_POST
def partner_remove(request, pk):
    partner = _editable(request, ProjectPartner, pk)
    services.partner_remove(user=request.user, partner=partner)
    messages.success(request, _("Partenaire retiré du projet."))
    return redirect("projects:project_detail", pk=partner.project_id)
