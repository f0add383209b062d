"""The user's own cartable (favourites) and the coverage of the referential by the library."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.library import services
from semis.library.enums import Cycle
from semis.library.models import ActivitySheet, Favourite, Sequence
from semis.library.selectors import coverage_matrix
from semis.library.views.common import library_breadcrumb


@access(ALL_ROLES)
@require_POST
def favourite_toggle(request, slug):
    sheet = get_object_or_404(ActivitySheet.objects.visible_to(request.user), slug=slug)
    if services.favourite_toggle(user=request.user, sheet=sheet):
        messages.success(request, _("Fiche ajoutée à votre cartable."))
    else:
        messages.success(request, _("Fiche retirée de votre cartable."))
    return redirect("library:sheet_detail", slug=sheet.slug)


@access(ALL_ROLES)
def my_cartable(request):
    """Mon cartable: the sheets the user kept and the sequences they built."""
    favourites = (
        Favourite.objects.visible_to(request.user)
        .filter(sheet__in=ActivitySheet.objects.visible_to(request.user))
        .select_related("sheet")
        .prefetch_related("sheet__skills", "sheet__cycle_entries")
    )
    sequences = Sequence.objects.visible_to(request.user).filter(owner=request.user)
    context = {"favourites": favourites, "sequences": sequences, "breadcrumb_links": library_breadcrumb()}
    return render(request, "library/my_cartable.html", context)


@access(ALL_ROLES)
def coverage(request):
    """Published sheets per specific skill and cycle: where the library is thin."""
    rows = coverage_matrix(request.user)
    search_url = reverse("library:search")
    for row in rows:
        row.links = [
            (count, f"{search_url}?{urlencode({'competence': row.skill.code, 'cycle': cycle})}")
            for cycle, count in row.cells
        ]
    empty = sum(1 for row in rows for _cycle, count in row.cells if count == 0)
    context = {
        "rows": rows,
        "cycles": list(Cycle),
        "empty_cells": empty,
        "breadcrumb_links": library_breadcrumb(),
    }
    return render(request, "library/coverage.html", context)
