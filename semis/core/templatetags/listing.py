"""Building blocks of the list pages' filter forms."""

from django import template

register = template.Library()


@register.inclusion_tag("core/_partials/filter_select.html")
def filter_select(name, label, choices, selected, empty="", width="fr-col-6 fr-col-md-3"):
    """A labelled <select> of a GET filter form. `choices` are (value, label) pairs; `selected` is the
    value the request asked for; `empty` labels the "no filter" option (none when empty, so a sort
    select starts on its first choice)."""
    chosen = "" if selected is None else str(selected)
    options = [(value, text, str(value) == chosen) for value, text in choices]
    return {"name": name, "label": label, "options": options, "empty": empty, "width": width}
