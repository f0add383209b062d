import csv
import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.library import services
from semis.library.enums import REVIEWER_ROLES
from semis.library.exchange import ExchangeError, exchange_document, read_exchange, sheet_to_exchange
from semis.library.forms import ImportForm
from semis.library.models import ActivitySheet
from semis.library.views.common import library_breadcrumb


@access(REVIEWER_ROLES)
def sheet_import(request):
    """Import sheets from an exchange file: all of them are published, or none if one is wrong."""
    problems = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
                report = services.sheets_import(contents=read_exchange(data), actor=request.user)
            except (UnicodeDecodeError, ValueError):
                problems = [_("Le fichier n'est pas un JSON valide (encodage UTF-8 attendu).")]
            except ExchangeError as error:
                problems = error.messages
            else:
                messages.success(request, _("Import terminé : %(summary)s") % {"summary": report.summary()})
                return redirect("library:search")
    else:
        form = ImportForm()
    context = {"form": form, "problems": problems, "breadcrumb_links": library_breadcrumb()}
    return render(request, "library/import.html", context)


def _published(request):
    return ActivitySheet.objects.visible_to(request.user).published().with_list_related_data().order_by("slug")


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access(ALL_ROLES)
def export_json(request):
    """The published library in the exchange format (the import reads it back)."""
    document = exchange_document(_published(request))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _attachment(response, f"cartable-{timezone.localdate():%Y-%m-%d}.json")


CSV_COLUMNS = [
    ("slug", "identifiant"),
    ("title", "titre"),
    ("summary", "résumé"),
    ("skills", "compétences"),
    ("cycles", "cycles"),
    ("settings", "milieux"),
    ("duration_minutes", "durée (min)"),
    ("group_size", "taille du groupe"),
    ("materials", "matériel"),
    ("objectives", "objectifs"),
    ("steps", "déroulé"),
    ("facilitator_posture", "posture"),
    ("variants", "variantes"),
    ("adaptations", "adaptations"),
    ("debriefing_questions", "questions de retour"),
    ("safe", "SAFE"),
    ("safety_notes", "précautions"),
    ("sources", "sources"),
    ("authors", "auteurs"),
    ("licence", "licence"),
]


def _csv_cell(key: str, value) -> str:
    if key == "steps":
        return " | ".join(f"{s['title']} ({s['minutes']} min) : {s['instructions']}" for s in value)
    if key == "adaptations":
        return f"handicap : {value['handicap']} | langue : {value['langue']}"
    if key == "safe":
        return " | ".join(name for name, on in value.items() if on)
    if isinstance(value, list):
        return " | ".join(value)
    return str(value)


@access(ALL_ROLES)
def export_csv(request):
    """The published library as a spreadsheet (semicolons and a BOM, as French spreadsheet software expects)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([label for _key, label in CSV_COLUMNS])
    for sheet in _published(request):
        data = sheet_to_exchange(sheet)
        writer.writerow([_csv_cell(key, data[key]) for key, _label in CSV_COLUMNS])
    return _attachment(response, f"cartable-{timezone.localdate():%Y-%m-%d}.csv")
