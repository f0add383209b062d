from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.territories import exports, selectors, services
from semis.territories.enums import Lever, Setting
from semis.territories.forms import ProgrammeForm
from semis.territories.models import CapitalisationSheet, Meeting, TerritorialProgramme, Territory
from semis.territories.perms import PROGRAMME_MANAGERS, can_edit_territories, can_manage_programmes
from semis.territories.views.common import add_service_errors, visible_programme


@access(ALL_ROLES)
def programme_list(request):
    """The programmes and territories of the user's perimeter."""
    programmes = TerritorialProgramme.objects.visible_to(request.user).select_related("region")
    territories = (
        Territory.objects.visible_to(request.user).with_population().select_related("programme").order_by("name")
    )
    page = Paginator(territories, 50).get_page(request.GET.get("page"))
    context = {
        "programmes": programmes,
        "page_obj": page,
        "can_manage": can_manage_programmes(request.user),
    }
    return render(request, "territories/programme_list.html", context)


@access(*PROGRAMME_MANAGERS)
def programme_create(request):
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme créé : ajoutez-lui ses territoires."))
            return redirect("territories:programme_detail", programme.pk)
    return render(request, "territories/form_page.html", {"form": form, "title": _("Nouveau programme territorial")})


@access(*PROGRAMME_MANAGERS)
def programme_edit(request, pk):
    programme = visible_programme(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme mis à jour."))
            return redirect("territories:programme_detail", programme.pk)
    context = {"form": form, "title": _("Modifier le programme"), "programme": programme}
    return render(request, "territories/form_page.html", context)


def _programme_territories(request, programme):
    return Territory.objects.visible_to(request.user).filter(programme=programme)


@access(ALL_ROLES)
def programme_detail(request, pk):
    """The programme's territories side by side: stage, actions by setting and lever, people reached."""
    programme = visible_programme(request, pk)
    comparison = selectors.programme_comparison(_programme_territories(request, programme))
    context = {
        "programme": programme,
        "comparison": comparison,
        "levers": Lever,
        "settings": Setting,
        "totals": selectors.comparison_totals(comparison),
        "meeting_count": Meeting.objects.visible_to(request.user).filter(programme=programme).count(),
        "sheet_count": CapitalisationSheet.objects.visible_to(request.user)
        .filter(territory__programme=programme)
        .count(),
        "can_manage": can_manage_programmes(request.user),
        "can_edit": can_edit_territories(request.user),
    }
    return render(request, "territories/programme_detail.html", context)


@access(ALL_ROLES)
def programme_map(request, pk):
    programme = visible_programme(request, pk)
    drawn = selectors.programme_maps(programme, _programme_territories(request, programme))
    return render(request, "territories/programme_map.html", {"programme": programme, "maps": drawn})


@access(ALL_ROLES)
def programme_export_csv(request, pk):
    programme = visible_programme(request, pk)
    comparison = selectors.programme_comparison(_programme_territories(request, programme))
    return exports.comparison_csv(programme, comparison)


@access(ALL_ROLES)
def programme_export_xlsx(request, pk):
    programme = visible_programme(request, pk)
    comparison = selectors.programme_comparison(_programme_territories(request, programme))
    return exports.comparison_xlsx(programme, comparison)
