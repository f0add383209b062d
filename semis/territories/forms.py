import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.core.forms import DateField
from semis.geo.models import Commune, Epci
from semis.referential.models import SpecificSkill
from semis.territories.enums import SheetStatus
from semis.territories.models import (
    CAPS_FIELDS,
    Action,
    CapitalisationSheet,
    Diagnostic,
    Meeting,
    Stakeholder,
    TerritorialProgramme,
    Territory,
    TerritoryStage,
)
from semis.territories.perms import programme_regions


class DsfrModelForm(DsfrBaseForm, forms.ModelForm):
    """Fields and validation from the model; the view hands `cleaned_data` to a service."""


class ProgrammeForm(DsfrModelForm):
    class Meta:
        model = TerritorialProgramme
        fields = ["name", "region", "funder", "operator", "year_start", "year_end", "age_min", "age_max", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = programme_regions(user)


INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
NAME_WITH_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<departement>\w{2,3})\)$")


class TerritoryForm(DsfrModelForm):
    epcis = forms.ModelMultipleChoiceField(
        label=_("EPCI"),
        queryset=Epci.objects.none(),
        required=False,
        help_text=_("Toutes les communes de l'EPCI entrent dans le territoire. Ctrl ou Cmd pour en choisir plusieurs."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    communes = forms.CharField(
        label=_("Communes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Une commune par ligne : son code INSEE (42316) ou son nom, suivi au besoin du département "
            "(Saint-Denis (01)). Elles s'ajoutent à celles de l'EPCI."
        ),
    )

    field_order = ["name", "kind", "epcis", "communes", "description"]

    class Meta:
        model = Territory
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epcis"].queryset = Epci.objects.filter(
            pk__in=Commune.objects.filter(departement__region=region, epci__isnull=False).values("epci_id")
        )
        territory = self.instance
        if territory.pk and not self.is_bound:
            epcis = list(territory.epcis.all())
            self.initial["epcis"] = epcis
            own = territory.communes.exclude(epci__in=epcis).order_by("name")
            self.initial["communes"] = "\n".join(f"{c.insee_code} {c.name}" for c in own)

    def clean_communes(self) -> list[Commune]:
        """Each line names one commune, by INSEE code or by name; every line is checked, all errors reported."""
        lines = [line.strip() for line in re.split(r"[\n;]", self.cleaned_data["communes"]) if line.strip()]
        communes, errors = [], []
        for line in lines:
            found, error = _find_commune(line)
            if error:
                errors.append(error)
            else:
                communes.append(found)
        if errors:
            raise forms.ValidationError(errors)
        return communes


def _find_commune(line: str) -> tuple[Commune | None, str | None]:
    code = line.split()[0]
    if INSEE_CODE.match(code):
        commune = Commune.objects.filter(insee_code=code.upper()).first()
        if commune is None:
            return None, _("« %(line)s » : aucune commune n'a ce code INSEE.") % {"line": line}
        return commune, None
    name, departement = line, None
    if match := NAME_WITH_DEPARTEMENT.match(line):
        name, departement = match["name"], match["departement"].upper()
    matches = Commune.objects.filter(name__iexact=name).select_related("departement")
    if departement:
        matches = matches.filter(departement__code=departement)
    matches = list(matches[:6])
    if not matches:
        return None, _("« %(line)s » : aucune commune de ce nom ; essayez son code INSEE.") % {"line": line}
    if len(matches) > 1:
        choices = ", ".join(f"{c.insee_code} ({c.departement.name})" for c in matches)
        return None, _("« %(line)s » : plusieurs communes portent ce nom, donnez le code INSEE : %(choices)s.") % {
            "line": line,
            "choices": choices,
        }
    return matches[0], None


class StageForm(DsfrModelForm):
    class Meta:
        model = TerritoryStage
        fields = ["status", "start_date", "end_date", "notes"]
        field_classes = {"start_date": DateField, "end_date": DateField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class DocumentForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre du document"), max_length=200)
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, bureautique ou image, 10 Mo au plus."))


class DiagnosticForm(DsfrModelForm):
    class Meta:
        model = Diagnostic
        fields = ["resources", "needs", "existing_actions", "partners", "priorities"]
        help_texts = {
            "resources": _("Équipements, dispositifs (CLS, ASV, PEdT), associations, personnes ressources."),
            "needs": _("Ce que disent les habitant·es, les professionnel·les, les données de santé et sociales."),
            "existing_actions": _("Ce qui se fait déjà auprès des enfants, des jeunes et des familles."),
            "partners": _("Qui est prêt à s'engager, qui reste à convaincre."),
            "priorities": _("Les priorités retenues ensemble pour le plan d'action."),
        }


class StakeholderForm(DsfrModelForm):
    class Meta:
        model = Stakeholder
        fields = ["kind", "name", "organisation", "category", "role", "email"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "name": _("Nom de la structure, ou prénom et nom de la personne."),
            "organisation": _("Pour une personne : la structure où elle agit."),
            "role": _("Par exemple : porteur du projet, membre du comité de suivi, relais auprès des familles."),
        }


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ActionForm(DsfrModelForm):
    skills = SkillChoiceField(
        label=_("Compétences psychosociales visées"),
        queryset=SpecificSkill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une compétence visée.")},
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "setting",
            "date",
            "commune",
            "audience",
            "age_min",
            "age_max",
            "skills",
            "hours",
            "people_reached",
            "adults_trained",
            "lever",
            "determinant_level",
            "stakeholders",
        ]
        field_classes = {"date": DateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "stakeholders": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.territory = territory
        # The skills of the referential in force, and those an older action already names.
        chosen = Q(pk__in=self.instance.skills.all()) if self.instance.pk else Q()
        self.fields["skills"].queryset = SpecificSkill.objects.filter(Q(version__is_current=True) | chosen).order_by(
            "version_id", "position"
        )
        self.fields["commune"].queryset = territory.communes.order_by("name")
        self.fields["stakeholders"].queryset = territory.stakeholders.all()
        if not territory.stakeholders.exists():
            del self.fields["stakeholders"]


class MeetingForm(DsfrModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "place",
            "agenda",
            "territories",
            "participants",
            "other_participants",
            "minutes",
            "lessons",
        ]
        field_classes = {"date": DateField}
        widgets = {
            "territories": forms.CheckboxSelectMultiple,
            "participants": forms.SelectMultiple(attrs={"size": 10}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "other_participants": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "participants": _("Acteurs des territoires présents. Ctrl ou Cmd pour en choisir plusieurs."),
            "lessons": _("Ce que les territoires retiennent les uns des autres : à reprendre dans les fiches."),
        }

    def __init__(self, *args, programme, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["territories"].queryset = territories
        self.fields["participants"].queryset = Stakeholder.objects.filter(territory__in=territories).select_related(
            "territory"
        )
        self.fields["participants"].label_from_instance = lambda s: f"{s.name} — {s.territory.name}"


class SheetForm(DsfrModelForm):
    class Meta:
        model = CapitalisationSheet
        fields = ["title", "summary", *CAPS_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in ["summary", *CAPS_FIELDS]}


class ReviewForm(DsfrBaseForm):
    review_comment = forms.CharField(
        label=_("Ce qu'il faut reprendre"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class SheetSearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher dans les fiches"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False, choices=[("", _("Tous")), *SheetStatus.choices])
