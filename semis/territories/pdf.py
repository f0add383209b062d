"""Capitalisation sheets printed to PDF with WeasyPrint, from an HTML template, in the État's typeface."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

FONT_FILES = {
    ("normal", 400): "dsfr/dist/fonts/Marianne-Regular.woff",
    ("normal", 700): "dsfr/dist/fonts/Marianne-Bold.woff",
    ("italic", 400): "dsfr/dist/fonts/Marianne-Regular_Italic.woff",
}


def _font_faces() -> list[dict]:
    """Marianne as shipped by django-dsfr; WeasyPrint falls back to the system's sans-serif without it."""
    faces = []
    for (style, weight), name in FONT_FILES.items():
        if path := finders.find(name):
            faces.append({"style": style, "weight": weight, "url": Path(path).as_uri()})
    return faces


def sheet_pdf(sheet, *, base_url: str) -> bytes:
    html = render_to_string(
        "territories/sheet_pdf.html",
        {"sheet": sheet, "font_faces": _font_faces(), "printed_at": timezone.localdate()},
    )
    from weasyprint import HTML  # slow to load: only when a PDF is asked for (see semis/core/pdf.py)

    return HTML(string=html, base_url=base_url).write_pdf()
