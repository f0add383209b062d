import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.territories import selectors, services
from semis.territories.enums import AGE_BANDS, StakeholderCategory
from semis.territories.forms import DiagnosticForm, DocumentForm, StageForm, TerritoryForm
from semis.territories.models import Diagnostic, StageDocument, Territory, TerritoryStage
from semis.territories.perms import TERRITORY_EDITORS, can_edit_territories
from semis.territories.views.common import add_service_errors, visible_programme, visible_territory


@access(*TERRITORY_EDITORS)
def territory_create(request, pk):
    """A territory is drawn by picking EPCI (expanded to their communes) and/or communes."""
    programme = visible_programme(request, pk)
    form = TerritoryForm(request.POST or None, region=programme.region)
    if request.method == "POST" and form.is_valid():
        try:
            territory = services.territory_create(programme=programme, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Territoire créé : son parcours commence par le diagnostic partagé."))
            return redirect("territories:territory_detail", territory.pk)
    context = {"form": form, "title": _("Nouveau territoire"), "programme": programme}
    return render(request, "territories/territory_form.html", context)


@access(*TERRITORY_EDITORS)
def territory_edit(request, pk):
    territory = visible_territory(request, pk)
    form = TerritoryForm(request.POST or None, instance=territory, region=territory.region)
    if request.method == "POST" and form.is_valid():
        try:
            services.territory_update(territory=territory, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Territoire mis à jour."))
            return redirect("territories:territory_detail", territory.pk)
    context = {"form": form, "title": _("Modifier le territoire"), "territory": territory}
    return render(request, "territories/territory_form.html", context)


@access(ALL_ROLES)
def territory_detail(request, pk):
    """Population, map, journey, community and actions of one territory."""
    territory = get_object_or_404(
        Territory.objects.visible_to(request.user).with_comparison_data().prefetch_related("epcis"), pk=pk
    )
    svg, communes = selectors.territory_map(territory)
    counts = territory.stakeholders.order_by().values("category").annotate(n=Count("pk"))
    categories = {row["category"]: row["n"] for row in counts}
    context = {
        "territory": territory,
        "map_svg": svg,
        "communes": communes,
        "stages": territory.stages.all(),
        "diagnostic": Diagnostic.objects.filter(territory=territory).first(),
        "stakeholders": territory.stakeholders.all()[:10],
        "stakeholder_categories": [(c.label, categories.get(c, 0)) for c in StakeholderCategory],
        "actions": territory.actions.select_related("commune").prefetch_related("skills")[:10],
        "sheets": territory.capitalisation_sheets.all(),
        "can_edit": can_edit_territories(request.user),
    }
    return render(request, "territories/territory_detail.html", context)


@access(ALL_ROLES)
def territory_map_svg(request, pk):
    """The territory map alone, as an SVG file to download or embed elsewhere."""
    territory = visible_territory(request, pk)
    svg, _communes = selectors.territory_map(territory)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="carte-territoire-{territory.pk}.svg"'
    return response


@access(ALL_ROLES)
def territory_coherence(request, pk):
    """Educational coherence: skills × settings for one territory, optionally for one age band."""
    territory = visible_territory(request, pk)
    band = request.GET.get("ages", "")
    band = int(band) if band.isdigit() and int(band) < len(AGE_BANDS) else None
    context = {
        "territory": territory,
        "coherence": selectors.territory_coherence(territory, band),
        "band": band,
        "bands": [(i, label) for i, (label, _low, _high) in enumerate(AGE_BANDS)],
    }
    return render(request, "territories/coherence.html", context)


@access(*TERRITORY_EDITORS)
def diagnostic_edit(request, pk):
    territory = visible_territory(request, pk)
    diagnostic = Diagnostic.objects.filter(territory=territory).first() or Diagnostic(territory=territory)
    form = DiagnosticForm(request.POST or None, instance=diagnostic)
    if request.method == "POST" and form.is_valid():
        services.diagnostic_save(territory=territory, **form.cleaned_data)
        messages.success(request, _("Diagnostic territorial enregistré."))
        return redirect("territories:territory_detail", territory.pk)
    context = {"form": form, "title": _("Diagnostic territorial partagé"), "territory": territory}
    return render(request, "territories/form_page.html", context)


def _visible_stage(request, pk):
    return get_object_or_404(TerritoryStage.objects.visible_to(request.user).select_related("territory"), pk=pk)


def _stage_page(request, stage, document_form=None, status=200):
    can_edit = can_edit_territories(request.user)
    context = {
        "stage": stage,
        "territory": stage.territory,
        "documents": stage.documents.all(),
        "can_edit": can_edit,
        "document_form": (document_form or DocumentForm()) if can_edit else None,
    }
    return render(request, "territories/stage_detail.html", context, status=status)


@access(ALL_ROLES)
def stage_detail(request, pk):
    """One journey stage: its dates, status, notes and documents."""
    return _stage_page(request, _visible_stage(request, pk))


@access(*TERRITORY_EDITORS)
def stage_edit(request, pk):
    stage = _visible_stage(request, pk)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Étape « %(stage)s » mise à jour.") % {"stage": stage.get_kind_display()})
            return redirect("territories:stage_detail", stage.pk)
    title = _("Étape « %(stage)s »") % {"stage": stage.get_kind_display()}
    context = {"form": form, "title": title, "territory": stage.territory}
    return render(request, "territories/form_page.html", context)


@access(*TERRITORY_EDITORS)
@require_POST
def stage_document_add(request, pk):
    stage = _visible_stage(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.stage_document_add(stage=stage, uploaded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document ajouté."))
            return redirect("territories:stage_detail", stage.pk)
    return _stage_page(request, stage, document_form=form, status=400)


@access(ALL_ROLES)
def stage_document_download(request, pk):
    document = get_object_or_404(StageDocument.objects.visible_to(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=os.path.basename(document.file.name))
