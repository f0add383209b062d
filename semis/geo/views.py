import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from semis.accounts.enums import Role
from semis.core.access import ALL_ROLES, access
from semis.geo import perms, services
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.forms import EstablishmentCreateForm, EstablishmentEditForm, EstablishmentImportForm
from semis.geo.models import Academie, Establishment, Region
from semis.geo.selectors import establishments_filtered


@access(ALL_ROLES)
def overview(request):
    """Reference geography: régions académiques, their académies and what was loaded."""
    regions = Region.objects.annotate(
        departement_count=Count("departements", distinct=True),
        population=Sum("departements__communes__population"),
    ).prefetch_related("academies")
    return render(request, "geo/overview.html", {"regions": regions})


@access(ALL_ROLES)
def establishment_list(request):
    establishments = Establishment.objects.visible_to(request.user).with_list_related_data()
    filters = {
        "q": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "academie": request.GET.get("academie", ""),
        "priority": request.GET.get("priority", ""),
    }
    establishments = establishments_filtered(
        establishments,
        q=filters["q"],
        kind=filters["kind"],
        priority=filters["priority"],
        academie=filters["academie"],
    )
    page = Paginator(establishments, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "kinds": EstablishmentKind.choices,
        "academies": Academie.objects.all(),
        "priorities": [c for c in PriorityEducation.choices if c[0]],
        "can_create": perms.can_create_establishment(request.user),
    }
    return render(request, "geo/establishment_list.html", context)


@access(ALL_ROLES)
def establishment_detail(request, uai):
    establishment = get_object_or_404(Establishment.objects.visible_to(request.user).with_list_related_data(), uai=uai)
    context = {
        "establishment": establishment,
        "can_edit": perms.can_edit_establishment(request.user, establishment),
        "links": _list_link(),
    }
    return render(request, "geo/establishment_detail.html", context)


def _list_link():
    return [(reverse("geo:establishment_list"), _("Établissements"))]


def _add_service_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@access(perms.EDITOR_ROLES)
def establishment_create(request):
    form = EstablishmentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            establishment = services.establishment_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("commune_code", str(error))
        else:
            messages.success(request, _("Établissement « %(name)s » créé.") % {"name": establishment.name})
            return redirect("geo:establishment_detail", establishment.uai)
    context = {"form": form, "title": _("Ajouter un établissement"), "links": _list_link()}
    return render(request, "geo/establishment_form.html", context)


@access(perms.EDITOR_ROLES, Role.SCHOOL_HEAD)
def establishment_edit(request, uai):
    establishment = get_object_or_404(Establishment.objects.visible_to(request.user).with_list_related_data(), uai=uai)
    if not perms.can_edit_establishment(request.user, establishment):
        raise PermissionDenied
    initial = {
        "name": establishment.name,
        "kind": establishment.kind,
        "sector": establishment.sector,
        "priority_education": establishment.priority_education,
        "commune_code": establishment.commune.insee_code,
        "version": establishment.version,
    }
    form = EstablishmentEditForm(request.POST or None, initial=initial)
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            services.establishment_update(user=request.user, establishment=establishment, **form.cleaned_data)
        except services.EstablishmentChanged as conflict:
            # Keep what was typed; the next save, made knowingly, replaces the newer version.
            stored = conflict.current
            data = request.POST.copy()
            data["version"] = stored.version
            form = EstablishmentEditForm(data, initial=initial)
            form.is_valid()
            form.add_error(None, conflict.messages)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("commune_code", str(error))
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect("geo:establishment_detail", establishment.uai)
    links = [*_list_link(), (reverse("geo:establishment_detail", args=[uai]), establishment.name)]
    context = {
        "form": form,
        "establishment": establishment,
        "stored": stored,
        "title": _("Modifier l'établissement"),
        "links": links,
    }
    return render(request, "geo/establishment_form.html", context)


@access(perms.EDITOR_ROLES)
def establishment_import(request):
    form = EstablishmentImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.establishments_import(user=request.user, file=form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request,
                _(
                    "Import réussi : %(created)s établissement(s) créé(s), %(updated)s mis à jour, "
                    "%(unchanged)s inchangé(s)."
                )
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("geo:establishment_list")
    context = {
        "form": form,
        "report": report,
        "columns": services.IMPORT_COLUMNS,
        "kinds": EstablishmentKind.choices,
        "sectors": Sector.choices,
        "priorities": PriorityEducation.choices,
        "links": _list_link(),
    }
    return render(request, "geo/establishment_import.html", context)


TEMPLATE_EXAMPLE = ("0440001M", "École élémentaire des Exemples", "ecole_elementaire", "public", "rep", "44109")


@access(perms.EDITOR_ROLES)
def establishment_import_template(request):
    """An empty import file with its header and one example row, ready for a spreadsheet."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-etablissements.csv"'
    # The byte-order mark makes spreadsheet programs read the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(services.IMPORT_COLUMNS)
    writer.writerow(TEMPLATE_EXAMPLE)
    return response
