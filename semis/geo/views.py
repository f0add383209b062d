from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render

from semis.core.access import ALL_ROLES, access
from semis.geo.enums import EstablishmentKind, PriorityEducation
from semis.geo.models import Academie, Establishment, Region


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
    if filters["q"]:
        establishments = establishments.filter(
            Q(name__icontains=filters["q"]) | Q(uai__iexact=filters["q"]) | Q(commune__name__icontains=filters["q"])
        )
    if filters["kind"] in EstablishmentKind.values:
        establishments = establishments.filter(kind=filters["kind"])
    if filters["academie"]:
        establishments = establishments.filter(commune__departement__academie__code=filters["academie"])
    if filters["priority"] in {"rep", "rep_plus"}:
        establishments = establishments.filter(priority_education=filters["priority"])
    page = Paginator(establishments, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "kinds": EstablishmentKind.choices,
        "academies": Academie.objects.all(),
        "priorities": [c for c in PriorityEducation.choices if c[0]],
    }
    return render(request, "geo/establishment_list.html", context)


@access(ALL_ROLES)
def establishment_detail(request, uai):
    establishment = get_object_or_404(Establishment.objects.visible_to(request.user).with_list_related_data(), uai=uai)
    return render(request, "geo/establishment_detail.html", {"establishment": establishment})
