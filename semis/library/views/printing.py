"""Print and share: sheets and sequences as A4 PDFs and printable pages; the files joined to sheets."""

from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render

from semis.core.access import ALL_ROLES, access
from semis.library import documents
from semis.library.models import ActivitySheet, Sequence


def _sheet(request, slug):
    return get_object_or_404(ActivitySheet.objects.visible_to(request.user).with_detail_data(), slug=slug)


def _sequence_and_sheets(request, pk):
    sequence = get_object_or_404(Sequence.objects.visible_to(request.user).with_items().select_related("owner"), pk=pk)
    sheet_ids = [item.sheet_id for item in sequence.items.all()]
    sheets = ActivitySheet.objects.visible_to(request.user).filter(pk__in=sheet_ids).with_detail_data()
    return sequence, {sheet.pk: sheet for sheet in sheets}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Outside the request transaction: rendering takes a second or more (several for a long sequence), and on
# SQLite a request transaction holds the write lock the whole time. The views only read.
@access(ALL_ROLES)
@transaction.non_atomic_requests
def sheet_pdf(request, slug):
    sheet = _sheet(request, slug)
    return _pdf(documents.sheet_pdf(sheet), f"fiche-{sheet.slug}.pdf")


@access(ALL_ROLES)
def sheet_print(request, slug):
    """The sheet as the PDF shows it, for the browser's own printing."""
    context = documents.sheet_context(_sheet(request, slug), for_browser=True)
    return render(request, "library/print/sheet.html", {**context, "font_faces": documents.browser_font_faces()})


@access(ALL_ROLES)
@transaction.non_atomic_requests
def sequence_pdf(request, pk):
    sequence, sheets = _sequence_and_sheets(request, pk)
    return _pdf(documents.sequence_pdf(sequence, sheets), f"sequence-{sequence.pk}.pdf")


@access(ALL_ROLES)
def sequence_print(request, pk):
    sequence, sheets = _sequence_and_sheets(request, pk)
    context = documents.sequence_context(sequence, sheets, for_browser=True)
    return render(request, "library/print/sequence.html", {**context, "font_faces": documents.browser_font_faces()})


@access(ALL_ROLES)
def attachment(request, slug, pk):
    """A file joined to a sheet, for those who may see the sheet: images shown in the page, PDFs downloaded."""
    sheet = get_object_or_404(ActivitySheet.objects.visible_to(request.user), slug=slug)
    joined = get_object_or_404(sheet.attachments.all(), pk=pk)
    return FileResponse(
        joined.file.open("rb"),
        content_type=joined.content_type,
        as_attachment=not joined.is_image,
        filename=joined.original_name,
    )
