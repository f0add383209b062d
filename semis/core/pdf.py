"""HTML → PDF with WeasyPrint, in the État's typeface (Marianne, shipped with django-dsfr).

The same templates give the printable web page: `font_faces(for_browser=True)` points the browser at the
static files instead of the files on disk that WeasyPrint reads.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static

# (file under dsfr/dist/fonts/, weight, style); WOFF rather than WOFF2, which needs an extra decoder.
MARIANNE = [
    ("Marianne-Regular.woff", 400, "normal"),
    ("Marianne-Regular_Italic.woff", 400, "italic"),
    ("Marianne-Bold.woff", 700, "normal"),
]


def font_faces(*, for_browser: bool = False) -> str:
    """@font-face rules for Marianne, read from the static files; DejaVu Sans stands in when absent."""
    rules = []
    for filename, weight, style in MARIANNE:
        name = f"dsfr/dist/fonts/{filename}"
        found = finders.find(name)
        if found:
            url = static(name) if for_browser else Path(found).as_uri()
            rules.append(
                f'@font-face {{ font-family: "Marianne"; src: url("{url}") format("woff"); '
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here, not at module level: loading WeasyPrint takes seconds, and every URLconf load
    # (each process's first request) would pay it through the views that import this module.
    import weasyprint

    html = render_to_string(template_name, {**context, "font_faces": font_faces(), "site_url": settings.SITE_URL})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
