from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.library.models import Programme
from semis.library.views.common import library_breadcrumb

MAX_COMPARED = 4


def _programmes_link():
    return [*library_breadcrumb(), (reverse("library:programme_list"), _("Programmes probants"))]


@access(ALL_ROLES)
def programme_list(request):
    programmes = Programme.objects.all()
    return render(
        request,
        "library/programme_list.html",
        {"programmes": programmes, "max_compared": MAX_COMPARED, "breadcrumb_links": library_breadcrumb()},
    )


@access(ALL_ROLES)
def programme_compare(request):
    """Up to four programmes side by side."""
    slugs = request.GET.getlist("p")[:MAX_COMPARED]
    programmes = list(Programme.objects.filter(slug__in=slugs).prefetch_related("skills"))
    context = {"programmes": programmes, "breadcrumb_links": _programmes_link()}
    return render(request, "library/programme_compare.html", context)


@access(ALL_ROLES)
def programme_detail(request, slug):
    programme = get_object_or_404(Programme.objects.prefetch_related("skills__version"), slug=slug)
    return render(
        request, "library/programme_detail.html", {"programme": programme, "breadcrumb_links": _programmes_link()}
    )
