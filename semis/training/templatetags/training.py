from django import template
from django.utils.translation import gettext

from semis.training.formats import hours_label

register = template.Library()


@register.filter
def hours(value) -> str:
    """A number of hours written the French way, without a useless ",0": 12 h, 1,5 h."""
    return f"{hours_label(value)} h"


@register.filter
def academie_label(academie) -> str:
    """ "Académie de Nantes", "Académie d'Aix-Marseille": the name with its elided preposition."""
    name = str(academie)
    if name[:1].upper() in "AEIOUYÉÈÂÎ":
        return gettext("Académie d'%(name)s") % {"name": name}
    return gettext("Académie de %(name)s") % {"name": name}
