"""Capitalisation sheets (CAPS): written with a guided form, reviewed, published, searched, printed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.territories import pdf, services
from semis.territories.enums import SheetStatus
from semis.territories.forms import ReviewForm, SheetForm, SheetSearchForm
from semis.territories.models import CapitalisationSheet
from semis.territories.perms import PROGRAMME_MANAGERS, TERRITORY_EDITORS, can_edit_territories, can_manage_programmes
from semis.territories.views.common import add_service_errors, visible_territory


@access(ALL_ROLES)
def sheet_list(request):
    """The sheets the user may read: their territories' own, and every published sheet of their programmes."""
    sheets = CapitalisationSheet.objects.visible_to(request.user).select_related("territory__programme")
    form = SheetSearchForm(request.GET or None)
    if form.is_valid():
        if text := form.cleaned_data["q"].strip():
            sheets = sheets.search(text)
        if status := form.cleaned_data["status"]:
            sheets = sheets.filter(status=status)
    context = {"form": form, "page_obj": Paginator(sheets, 20).get_page(request.GET.get("page"))}
    return render(request, "territories/sheet_list.html", context)


@access(*TERRITORY_EDITORS)
def sheet_create(request, pk):
    territory = visible_territory(request, pk)
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sheet = services.sheet_create(territory=territory, author=request.user, **form.cleaned_data)
        messages.success(request, _("Fiche enregistrée en brouillon."))
        return redirect("territories:sheet_detail", sheet.pk)
    context = {"form": form, "title": _("Nouvelle fiche de capitalisation"), "territory": territory}
    return render(request, "territories/sheet_form.html", context)


def _visible_sheet(request, pk):
    return get_object_or_404(
        CapitalisationSheet.objects.visible_to(request.user).select_related("territory__programme", "author"), pk=pk
    )


@access(*TERRITORY_EDITORS)
def sheet_edit(request, pk):
    sheet = _visible_sheet(request, pk)
    form = SheetForm(request.POST or None, instance=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_update(sheet=sheet, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fiche enregistrée."))
            return redirect("territories:sheet_detail", sheet.pk)
    context = {"form": form, "title": sheet.title, "territory": sheet.territory, "sheet": sheet}
    return render(request, "territories/sheet_form.html", context)


def _sheet_page(request, sheet, review_form=None, status=200):
    context = {
        "sheet": sheet,
        "territory": sheet.territory,
        "can_edit": can_edit_territories(request.user) and sheet.status == SheetStatus.DRAFT,
        "can_review": can_manage_programmes(request.user) and sheet.status == SheetStatus.IN_REVIEW,
        "review_form": review_form or ReviewForm(),
    }
    return render(request, "territories/sheet_detail.html", context, status=status)


@access(ALL_ROLES)
def sheet_detail(request, pk):
    return _sheet_page(request, _visible_sheet(request, pk))


def _transition(request, pk, action, done_message):
    sheet = _visible_sheet(request, pk)
    try:
        action(sheet)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect("territories:sheet_detail", sheet.pk)


@access(*TERRITORY_EDITORS)
@require_POST
def sheet_submit(request, pk):
    return _transition(request, pk, lambda sheet: services.sheet_submit(sheet=sheet), _("Fiche envoyée en relecture."))


@access(*PROGRAMME_MANAGERS)
@require_POST
def sheet_publish(request, pk):
    return _transition(
        request,
        pk,
        lambda sheet: services.sheet_publish(sheet=sheet),
        _("Fiche publiée dans la bibliothèque régionale."),
    )


@access(*PROGRAMME_MANAGERS)
@require_POST
def sheet_return(request, pk):
    sheet = _visible_sheet(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_return(sheet=sheet, comment=form.cleaned_data["review_comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fiche renvoyée à ses auteur·rices avec vos remarques."))
            return redirect("territories:sheet_detail", sheet.pk)
    return _sheet_page(request, sheet, review_form=form, status=400)


@access(ALL_ROLES)
def sheet_pdf(request, pk):
    sheet = _visible_sheet(request, pk)
    response = HttpResponse(pdf.sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="capitalisation-{slugify(sheet.title)[:60]}.pdf"'
    return response
