"""Capitalisation sheets printed to PDF with WeasyPrint, from an HTML template, in the État's typeface."""

from django.utils import timezone

from semis.core.pdf import render_pdf


def sheet_pdf(sheet) -> bytes:
    return render_pdf("territories/sheet_pdf.html", {"sheet": sheet, "printed_at": timezone.localdate()})
