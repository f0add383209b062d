from django.urls import reverse
from django.utils.translation import gettext as _


def library_breadcrumb() -> list[tuple[str, str]]:
    """The breadcrumb link back to the library home, for pages inside the library."""
    return [(reverse("library:search"), _("Cartable"))]
