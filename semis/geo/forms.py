from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector


class EstablishmentEditForm(DsfrBaseForm):
    """A school's editable fields; `version` is the one the form was opened on."""

    name = forms.CharField(label=_("Nom"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EstablishmentKind.choices)
    sector = forms.ChoiceField(label=_("Secteur"), choices=Sector.choices)
    priority_education = forms.ChoiceField(
        label=_("Éducation prioritaire"), choices=PriorityEducation.choices, required=False
    )
    commune_code = forms.CharField(
        label=_("Code INSEE de la commune"),
        max_length=5,
        help_text=_("5 caractères, par exemple 44109 pour Nantes ou 2A004 pour Ajaccio."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["uai", "name", "kind", "sector", "priority_education", "commune_code"]


class EstablishmentCreateForm(EstablishmentEditForm):
    uai = forms.CharField(
        label=_("UAI"),
        max_length=8,
        help_text=_("7 chiffres suivis de la lettre de contrôle, par exemple 0440001M."),
    )
    version = None


class UploadInput(forms.FileInput):
    # django-dsfr's field template wraps the input in the widget's group_class: DSFR's upload group.
    group_class = "fr-upload-group"


class EstablishmentImportForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Encodage UTF-8, séparateur point-virgule ou virgule, première ligne : noms des colonnes."),
        widget=UploadInput(attrs={"class": "fr-upload", "accept": ".csv,text/csv"}),
    )
