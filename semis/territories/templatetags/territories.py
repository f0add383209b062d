from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("breadcrumb.html")
def territories_breadcrumb(current, programme=None, territory=None):
    """The breadcrumb of a territories page: Territoires › programme › territory › current.

    A page without a programme or a territory leaves them out (an unknown template variable is "").
    """
    links = [(reverse("territories:programme_list"), _("Territoires"))]
    if territory and territory.programme_id and not programme:
        programme = territory.programme
    if programme and current != programme.name:
        links.append((reverse("territories:programme_detail", args=[programme.pk]), programme.name))
    if territory and current != territory.name:
        links.append((reverse("territories:territory_detail", args=[territory.pk]), territory.name))
    return {"links": links, "current": current}


@register.filter
def item(mapping, key):
    return mapping.get(key, "")
