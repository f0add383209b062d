"""Form pieces shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's calendar, which sends and shows back the ISO date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from the browser's calendar (ISO) or typed by hand where there is none: then French,
    whatever the interface language — 05/11/2026 is the 5th of November, never May the 11th."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
    default_error_messages = {
        "invalid": _("Indiquez une date qui existe, au format jj/mm/aaaa : par exemple 05/11/2026."),
    }
