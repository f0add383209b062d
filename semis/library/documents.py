"""A sheet and a sequence as printed documents: an A4 PDF made by WeasyPrint, and the same HTML served as
a printable page (semis.core.pdf). One set of templates, library/print/."""

from base64 import b64encode
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from semis.core.pdf import font_faces, render_pdf
from semis.library.sequences import sequence_summary


@dataclass
class PrintedSheet:
    sheet: object
    item: object = None  # the SequenceItem, when the sheet is printed as a session of a sequence
    images: list[tuple[object, str]] = field(default_factory=list)  # (attachment, src)
    files: list = field(default_factory=list)  # attachments that are not images: listed by name


def _image_src(attachment, *, for_browser: bool) -> str:
    """The page asks the (access-checked) attachment view; the PDF carries the image itself."""
    if for_browser:
        return reverse("library:attachment", args=[attachment.sheet.slug, attachment.pk])
    with attachment.file.open("rb") as image:
        return f"data:{attachment.content_type};base64,{b64encode(image.read()).decode('ascii')}"


def printed_sheet(sheet, *, for_browser: bool, item=None) -> PrintedSheet:
    """`sheet` with its attachments prefetched (ActivitySheetQuerySet.with_detail_data)."""
    attachments = list(sheet.attachments.all())
    return PrintedSheet(
        sheet=sheet,
        item=item,
        images=[(a, _image_src(a, for_browser=for_browser)) for a in attachments if a.is_image],
        files=[a for a in attachments if not a.is_image],
    )


def _common(*, for_browser: bool) -> dict:
    return {"for_browser": for_browser, "printed_on": timezone.localdate(), "site_url": settings.SITE_URL}


def sheet_context(sheet, *, for_browser: bool) -> dict:
    return {
        **_common(for_browser=for_browser),
        "printed": printed_sheet(sheet, for_browser=for_browser),
        "sheet": sheet,
        "page_url": settings.SITE_URL + reverse("library:sheet_detail", args=[sheet.slug]),
    }


def sequence_context(sequence, sheets: dict, *, for_browser: bool) -> dict:
    """`sequence` with its items prefetched (SequenceQuerySet.with_items); `sheets` the full sheets the
    reader may see, by id: a session whose sheet they may not see is listed by its title only."""
    items = list(sequence.items.all())
    return {
        **_common(for_browser=for_browser),
        "sequence": sequence,
        "items": items,
        "summary": sequence_summary(sequence),
        "printed_sheets": [
            printed_sheet(sheets[item.sheet_id], for_browser=for_browser, item=item)
            for item in items
            if item.sheet_id in sheets
        ],
        "page_url": settings.SITE_URL + reverse("library:sequence_detail", args=[sequence.pk]),
    }


def sheet_pdf(sheet) -> bytes:
    return render_pdf("library/print/sheet.html", sheet_context(sheet, for_browser=False))


def sequence_pdf(sequence, sheets: dict) -> bytes:
    return render_pdf("library/print/sequence.html", sequence_context(sequence, sheets, for_browser=False))


def browser_font_faces() -> str:
    return font_faces(for_browser=True)
