"""Steering pages: the indicators of a perimeter, its sub-perimeters, and their exports."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.accounts.enums import PerimeterKind
from semis.core.access import access
from semis.reporting import exports, selectors
from semis.reporting.perimeters import CHILD_LABELS, default_perimeter, may_see, perimeter_for
from semis.reporting.roles import STEERING_ROLES

SCHOOLS_PER_PAGE = 50


def _year(request) -> int:
    """The school year asked for (?annee=2025), else the current one; an unknown year falls back to it."""
    years = selectors.school_years()
    asked = request.GET.get("annee", "")
    return int(asked) if asked.isdigit() and int(asked) in years else selectors.current_school_year()


@access(STEERING_ROLES)
def home(request):
    perimeter = default_perimeter(request.user)
    if perimeter is None:
        raise PermissionDenied
    url = reverse("reporting:dashboard", kwargs={"perimeter": perimeter.key})
    # The year asked for, if any, follows.
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _title(perimeter) -> str:
    return _("Pilotage — %(perimeter)s") % {"perimeter": perimeter.name}


@access(STEERING_ROLES)
def dashboard(request, perimeter):
    perimeter = perimeter_for(request.user, perimeter)
    year = _year(request)
    board = selectors.dashboard(perimeter, year)
    groups = []
    page_obj = None
    if board.refresh:
        for kind, label, queryset, indicators in selectors.child_groups(perimeter):
            if kind == PerimeterKind.ESTABLISHMENT:
                page_obj = Paginator(queryset, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
                queryset = page_obj.object_list
            rows = selectors.child_rows(kind, queryset, year, indicators)
            groups.append((label, indicators, rows, CHILD_LABELS[kind][1]))
    breadcrumb = [
        (reverse("reporting:dashboard", kwargs={"perimeter": parent.key}) + f"?annee={year}", parent.name)
        for parent in perimeter.parents()
        if may_see(request.user, parent)
    ]
    return render(
        request,
        "reporting/dashboard.html",
        {
            "title": _title(perimeter),
            "board": board,
            "groups": groups,
            "page_obj": page_obj,
            "years": [(y, selectors.school_year_label(y)) for y in selectors.school_years()],
            "breadcrumb": breadcrumb,
            "formats": [
                ("csv", _("Tableau CSV"), "CSV, UTF-8"),
                ("xlsx", _("Classeur Excel"), "XLSX"),
                ("ods", _("Classeur OpenDocument"), "ODS"),
                ("pdf", _("Document PDF"), "PDF"),
            ],
        },
    )


def _groups_for_print(perimeter, board, year) -> list:
    """Every sub-perimeter, unpaginated: a printed document holds them all."""
    if not board.refresh:
        return []
    return [
        (label, indicators, selectors.child_rows(kind, queryset, year, indicators))
        for kind, label, queryset, indicators in selectors.child_groups(perimeter)
    ]


def _pdf_response(template: str, context: dict, name: str) -> HttpResponse:
    from semis.core.pdf import render_pdf

    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access(STEERING_ROLES)
def annual_report(request, perimeter):
    """The funder's annual report: the year's headline figures against the year before, each theme's table,
    the sub-perimeters, the programmes and their funders, and what each figure counts."""
    perimeter = perimeter_for(request.user, perimeter)
    year = _year(request)
    board = selectors.dashboard(perimeter, year)
    context = {
        "title": _("Rapport annuel %(year)s — %(perimeter)s")
        % {"year": selectors.school_year_label(year), "perimeter": perimeter.name},
        "board": board,
        "headline": selectors.headline(board),
        "groups": _groups_for_print(perimeter, board, year),
        "programmes": selectors.programmes_of(perimeter, year),
        "printed_at": timezone.now(),
    }
    return _pdf_response(
        "reporting/annual_report_pdf.html", context, f"rapport-annuel-{perimeter.key}-{year}-{year + 1}.pdf"
    )


@access(STEERING_ROLES)
def export(request, perimeter, fmt):
    perimeter = perimeter_for(request.user, perimeter)
    year = _year(request)
    name = exports.filename(perimeter, year, fmt)
    title = _("Indicateurs %(year)s") % {"year": selectors.school_year_label(year)}
    if fmt == "csv":
        return exports.export_csv(selectors.export_rows(perimeter, year), name)
    if fmt == "xlsx":
        return exports.export_xlsx(selectors.export_rows(perimeter, year), name, title)
    if fmt == "ods":
        return exports.export_ods(selectors.export_rows(perimeter, year), name, title)
    if fmt == "pdf":
        board = selectors.dashboard(perimeter, year)
        context = {
            "title": _title(perimeter),
            "board": board,
            "groups": _groups_for_print(perimeter, board, year),
            "printed_at": timezone.now(),
        }
        return _pdf_response("reporting/dashboard_pdf.html", context, name)
    raise Http404
