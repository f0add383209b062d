"""The educational community of a territory (stakeholders) and its actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.territories import services
from semis.territories.enums import Setting, StakeholderCategory
from semis.territories.forms import ActionForm, StakeholderForm
from semis.territories.models import Action, Stakeholder
from semis.territories.perms import TERRITORY_EDITORS, can_edit_territories
from semis.territories.views.common import add_service_errors, visible_territory


@access(ALL_ROLES)
def stakeholder_list(request, pk):
    territory = visible_territory(request, pk)
    stakeholders = (
        Stakeholder.objects.visible_to(request.user)
        .filter(territory=territory)
        .annotate(action_count=Count("actions", distinct=True), meeting_count=Count("meetings", distinct=True))
        .order_by("name", "pk")
    )
    filters = {"q": request.GET.get("q", "").strip(), "category": request.GET.get("category", "")}
    if filters["q"]:
        text = filters["q"]
        stakeholders = stakeholders.filter(
            Q(name__icontains=text) | Q(organisation__icontains=text) | Q(role__icontains=text)
        )
    if filters["category"] in StakeholderCategory.values:
        stakeholders = stakeholders.filter(category=filters["category"])
    context = {
        "territory": territory,
        "page_obj": Paginator(stakeholders, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "categories": StakeholderCategory.choices,
        "can_edit": can_edit_territories(request.user),
    }
    return render(request, "territories/stakeholder_list.html", context)


@access(*TERRITORY_EDITORS)
def stakeholder_create(request, pk):
    territory = visible_territory(request, pk)
    form = StakeholderForm(request.POST or None, instance=Stakeholder(territory=territory))
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_create(territory=territory, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Acteur ajouté à la communauté éducative."))
            return redirect("territories:stakeholder_list", territory.pk)
    context = {"form": form, "title": _("Nouvel acteur de la communauté éducative"), "territory": territory}
    return render(request, "territories/form_page.html", context)


@access(*TERRITORY_EDITORS)
def stakeholder_edit(request, pk):
    stakeholder = get_object_or_404(Stakeholder.objects.visible_to(request.user).select_related("territory"), pk=pk)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(stakeholder=stakeholder, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Acteur mis à jour."))
            return redirect("territories:stakeholder_list", stakeholder.territory_id)
    context = {"form": form, "title": stakeholder.name, "territory": stakeholder.territory}
    return render(request, "territories/form_page.html", context)


@access(ALL_ROLES)
def action_list(request, pk):
    territory = visible_territory(request, pk)
    actions = (
        Action.objects.visible_to(request.user)
        .filter(territory=territory)
        .select_related("commune")
        .prefetch_related("skills")
    )
    filters = {"setting": request.GET.get("setting", "")}
    if filters["setting"] in Setting.values:
        actions = actions.filter(setting=filters["setting"])
    context = {
        "territory": territory,
        "page_obj": Paginator(actions, 50).get_page(request.GET.get("page")),
        "filters": filters,
        "settings": Setting.choices,
        "can_edit": can_edit_territories(request.user),
    }
    return render(request, "territories/action_list.html", context)


@access(*TERRITORY_EDITORS)
def action_create(request, pk):
    territory = visible_territory(request, pk)
    form = ActionForm(request.POST or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(territory=territory, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action enregistrée."))
            return redirect("territories:action_list", territory.pk)
    context = {"form": form, "title": _("Nouvelle action"), "territory": territory}
    return render(request, "territories/action_form.html", context)


@access(*TERRITORY_EDITORS)
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.visible_to(request.user).select_related("territory__programme"), pk=pk)
    form = ActionForm(request.POST or None, instance=action, territory=action.territory)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action mise à jour."))
            return redirect("territories:action_list", action.territory_id)
    context = {"form": form, "title": action.title, "territory": action.territory}
    return render(request, "territories/action_form.html", context)
