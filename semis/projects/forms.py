import uuid
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.core.forms import DateField
from semis.geo.models import Establishment
from semis.library.models import Programme, Sequence
from semis.projects.enums import (
    Carrier,
    Engagement,
    EvaluationKind,
    FamilyInvolvement,
    Fidelity,
    GroupLevel,
    PartnerKind,
)
from semis.projects.models import MAX_PLANNED_HOURS, MAX_PUPILS, MAX_SESSION_MINUTES, MIN_PUPILS, MIN_SESSION_MINUTES
from semis.projects.services import GroupSpec
from semis.referential.models import ReferentialVersion, SpecificSkill
from semis.territories.enums import Setting
from semis.territories.models import Territory
from semis.training.dates import school_year_label, school_year_of
from semis.training.models import Enrolment, TrainedTeam

# Above this many schools in reach, the school is typed as its UAI rather than picked from a list.
SCHOOL_SELECT_LIMIT = 100
SHARED_SEQUENCES_OFFERED = 50
# The fields that only concern one kind of carrier: the new-project form shows those of the chosen one.
CARRIER_FIELDS = {Carrier.SCHOOL: ("establishment",), Carrier.TERRITORY: ("territory", "structure", "setting")}


def year_choices() -> list[tuple[int, str]]:
    current = school_year_of(timezone.localdate())
    return [(year, school_year_label(year)) for year in range(current - 2, current + 6)]


def current_skills():
    version = ReferentialVersion.objects.current()
    return (
        SpecificSkill.objects.filter(version=version).order_by("position", "code")
        if version
        else SpecificSkill.objects.none()
    )


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


PUPIL_ERRORS = {
    "min_value": _("Un groupe compte au moins %(limit_value)s élève."),
    "max_value": _(
        "Un groupe compte au plus %(limit_value)s élèves : au-delà, créez plusieurs groupes "
        "(une séance CPS se mène en classe ou en petit groupe)."
    ),
    "invalid": _("Indiquez un nombre d'élèves, par exemple 24."),
}


def pupils_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Nombre d'élèves ou de jeunes"),
        min_value=MIN_PUPILS,
        max_value=MAX_PUPILS,
        error_messages=PUPIL_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def hours_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Heures de séances prévues dans l'année"),
        min_value=Decimal("0.5"),
        max_value=MAX_PLANNED_HOURS,
        decimal_places=1,
        error_messages={
            "min_value": _("Prévoyez au moins une demi-heure de séances."),
            "max_value": _("Au plus %(limit_value)s heures dans l'année."),
        },
        help_text=_("Par exemple 10 pour dix séances d'une heure ; au moins 8 h sont recommandées."),
        **kwargs,
    )


class ProjectForm(DsfrBaseForm):
    """The plan of a project. The place (school or territory) and the first year are chosen at creation
    (`creating`); the choices offered are those the user sees, and the service checks the rest."""

    carrier = forms.ChoiceField(
        label=_("Le projet est porté par"), choices=Carrier.choices, initial=Carrier.SCHOOL, widget=forms.RadioSelect
    )
    # Required for their own carrier only: clean() drops the other carrier's fields and their errors.
    establishment = forms.ModelChoiceField(
        label=_("Établissement"),
        queryset=Establishment.objects.none(),
        to_field_name="uai",
        error_messages={"required": _("Choisissez l'établissement qui porte le projet.")},
    )
    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        error_messages={"required": _("Choisissez le territoire où le projet se déroule.")},
    )
    setting = forms.ChoiceField(label=_("Milieu de vie"), choices=[("", "—"), *Setting.choices], required=False)
    structure = forms.CharField(
        label=_("Structure qui porte le projet"),
        max_length=200,
        help_text=_("Centre social, accueil de loisirs, club…"),
        error_messages={
            "required": _("Indiquez la structure qui porte le projet (centre social, accueil de loisirs…).")
        },
    )
    title = forms.CharField(label=_("Intitulé du projet"), max_length=200)
    summary = forms.CharField(
        label=_("Présentation"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le contexte et ce que le projet veut changer, en quelques lignes."),
    )  # fmt: skip
    first_year = forms.TypedChoiceField(label=_("Première année scolaire"), coerce=int, choices=())
    last_year = forms.TypedChoiceField(label=_("Dernière année scolaire prévue"), coerce=int, choices=())
    skills = SkillChoiceField(
        label=_("Compétences psychosociales visées"),
        queryset=SpecificSkill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sequences = forms.ModelMultipleChoiceField(
        label=_("Séquences du cartable prévues"),
        queryset=Sequence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vos séquences et les séquences partagées ; les séances se consignent sur leurs fiches."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme probant suivi"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        help_text=_("Si le projet met en œuvre un programme du registre (Unplugged, GBG…)."),
    )
    trained_team = forms.ModelChoiceField(
        label=_("Équipe formée dans le programme académique"), queryset=TrainedTeam.objects.none(), required=False
    )
    family_involvement = forms.TypedChoiceField(
        label=_("Place des familles"),
        coerce=int,
        choices=FamilyInvolvement.choices,
        initial=FamilyInvolvement.NONE,
        widget=forms.RadioSelect,
    )
    family_actions = forms.CharField(
        label=_("Actions avec les familles et les partenaires"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    climate_team_commitment = forms.BooleanField(
        label=_("Toute l'équipe adulte s'engage à pratiquer les CPS au quotidien (adultes modèles)"), required=False
    )
    climate_actions = forms.CharField(
        label=_("Actions prévues sur le climat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : règles de vie co-construites, messages clairs dans la cour, conseil d'élèves."),
    )
    support_followup = forms.BooleanField(
        label=_("Suivi régulier par un·e professionnel·le-ressource ou l'IREPS"), required=False
    )
    support_coleading = forms.BooleanField(label=_("Séances co-animées avec une personne formée"), required=False)
    support_peer_exchange = forms.BooleanField(label=_("Échanges de pratiques entre adultes du projet"), required=False)
    support_notes = forms.CharField(label=_("Accompagnement : précisions"), required=False, max_length=2000)
    evaluation_kind = forms.ChoiceField(
        label=_("Évaluation prévue"),
        choices=EvaluationKind.choices,
        initial=EvaluationKind.NONE,
        widget=forms.RadioSelect,
    )
    evaluation_notes = forms.CharField(
        label=_("Évaluation : précisions"),
        required=False,
        max_length=2000,
        help_text=_("Jamais de nom d'élève : les questionnaires se relient par des codes pseudonymes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = project is None
        years = year_choices()
        if project is not None:
            known = {year for year, _label in years}
            years += [(y, school_year_label(y)) for y in (project.first_year, project.last_year) if y not in known]
            years.sort()
        self.fields["first_year"].choices = years
        self.fields["last_year"].choices = years
        self.fields["skills"].queryset = current_skills()
        selected = list(project.sequences.values_list("pk", flat=True)) if project else []
        if self.is_bound:
            selected += [int(pk) for pk in self.data.getlist("sequences") if str(pk).isdigit()]
        elif self.initial.get("sequences"):
            selected += [sequence.pk for sequence in self.initial["sequences"]]
        shared = Sequence.objects.visible_to(user).filter(is_shared=True).order_by("-updated_at")
        self.fields["sequences"].queryset = (
            Sequence.objects.visible_to(user)
            .filter(Q(owner=user) | Q(pk__in=selected) | Q(pk__in=shared[:SHARED_SEQUENCES_OFFERED].values("pk")))
            .order_by("title", "pk")
        )
        if self.creating:
            schools = Establishment.objects.visible_to(user).order_by("name", "uai")
            self.fields["establishment"].queryset = schools
            if schools[: SCHOOL_SELECT_LIMIT + 1].count() > SCHOOL_SELECT_LIMIT:
                self.fields["establishment"].widget = forms.TextInput(attrs={"autocomplete": "off"})
                self.fields["establishment"].label = _("UAI de l'établissement")
                self.fields["establishment"].help_text = _("7 chiffres et une lettre, par exemple 0440001M.")
                self.fields["establishment"].error_messages["invalid_choice"] = _(
                    "Aucun établissement de votre périmètre ne porte cet UAI."
                )
            elif len(schools) == 1:
                self.fields["establishment"].initial = schools[0].uai
            self.fields["territory"].queryset = Territory.objects.visible_to(user).order_by("name")
            del self.fields["trained_team"], self.fields["version"]
        else:
            for name in ("carrier", "establishment", "territory"):
                del self.fields[name]
            if project.carrier == Carrier.SCHOOL:
                del self.fields["structure"], self.fields["setting"]
            teams = TrainedTeam.objects.visible_to(user).select_related("course", "establishment")
            self.fields["trained_team"].queryset = (
                teams.filter(establishment=project.establishment) if project.establishment_id else teams.none()
            )
            if not project.establishment_id:
                del self.fields["trained_team"]

    def clean(self):
        data = super().clean()
        if data.get("first_year") and data.get("last_year") and data["last_year"] < data["first_year"]:
            self.add_error("last_year", _("La dernière année ne peut pas précéder la première."))
        if self.creating:
            # The other carrier's fields are hidden in the page: what they hold (errors included) is dropped.
            for carrier, names in CARRIER_FIELDS.items():
                if carrier != data.get("carrier"):
                    for name in names:
                        self._errors.pop(name, None)
                        data[name] = self.fields[name].to_python(None)
        return data

    def plan(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class GroupForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du groupe"),
        max_length=60,
        help_text=_("Le nom de la classe ou du groupe, par exemple « CE2 B » — jamais de noms d'élèves."),
    )
    level = forms.ChoiceField(label=_("Niveau ou âge"), choices=GroupLevel.choices)
    pupil_count = pupils_field()
    planned_hours = hours_field()

    def spec(self) -> GroupSpec:
        data = self.cleaned_data
        return GroupSpec(data["name"], data["level"], data["pupil_count"], data["planned_hours"])


class BaseGroupFormSet(forms.BaseFormSet):
    def specs(self) -> list[GroupSpec]:
        return [form.spec() for form in self.forms if form.has_changed() and form.cleaned_data]


class InitialGroupForm(GroupForm):
    """A group row of the new-project form; untouched rows are left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False
        # An untouched row posts an empty level, so it counts as unchanged and is left out.
        self.fields["level"].choices = [("", "—"), *GroupLevel.choices]


GroupFormSet = forms.formset_factory(InitialGroupForm, formset=BaseGroupFormSet, extra=3, max_num=12)


class AdultForm(DsfrBaseForm):
    enrolment = forms.ModelChoiceField(
        label=_("Personne formée dans le programme académique"),
        queryset=Enrolment.objects.none(),
        required=False,
        help_text=_("Ses heures de formation émargées comptent d'elles-mêmes."),
    )
    full_name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=150,
        required=False,
        help_text=_("Inutile si vous l'avez choisie ci-dessus."),
    )
    function = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    other_training_hours = forms.DecimalField(
        label=_("Autres heures de formation CPS"),
        min_value=0,
        max_value=500,
        decimal_places=2,
        required=False,
        help_text=_("Formations reçues ailleurs (IREPS, autre organisme), en heures : 12 pour deux jours."),
    )

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        if project.establishment_id:
            taken = project.adults.exclude(enrolment=None).values("enrolment")
            self.fields["enrolment"].queryset = (
                Enrolment.objects.visible_to(user)
                .filter(establishment=project.establishment)
                .exclude(pk__in=taken)
                .active()
                .with_attended_hours()
                .select_related("course")
                .order_by("last_name", "first_name", "pk")
            )
            self.fields["enrolment"].label_from_instance = lambda e: (
                _("%(name)s — %(course)s (%(hours)s h émargées)")
                % {
                    "name": e.full_name,
                    "course": e.course.title,
                    "hours": f"{e.attended_hours:g}".replace(".", ","),
                }
            )
        else:
            del self.fields["enrolment"]

    def clean(self):
        data = super().clean()
        if not data.get("full_name", "").strip():
            if data.get("enrolment"):
                data["full_name"] = data["enrolment"].full_name
            else:
                self.add_error("full_name", _("Indiquez le prénom et le nom de la personne qui anime."))
        data["other_training_hours"] = data.get("other_training_hours") or Decimal("0")
        return data


class AdultEditForm(DsfrBaseForm):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150)
    function = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    other_training_hours = AdultForm.base_fields["other_training_hours"]

    def clean_other_training_hours(self):
        return self.cleaned_data.get("other_training_hours") or Decimal("0")


class PartnerForm(DsfrBaseForm):
    name = forms.CharField(label=_("Nom du partenaire"), max_length=200)
    kind = forms.ChoiceField(label=_("Milieu de vie qu'il apporte"), choices=PartnerKind.choices)
    contribution = forms.CharField(label=_("Ce qu'il apporte au projet"), max_length=300, required=False)


class CommentForm(DsfrBaseForm):
    body = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SheetSelect(forms.Select):
    """Each sheet option carries its duration, so choosing a sheet can fill in the minutes."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-minutes"] = instance.duration_minutes
        return option


class DeliveryForm(DsfrBaseForm):
    """A session run with a group: built to be filled in on a phone in under a minute (defaults: today,
    the group's next sheet and its duration, every pupil present)."""

    # Chosen with the group links above the form (each reloads it with that group's defaults).
    group = forms.ModelChoiceField(label=_("Groupe"), queryset=None, empty_label=None, widget=forms.HiddenInput)
    date = DateField(
        label=_("Date de la séance"),
        help_text=_("Format attendu : jj/mm/aaaa"),
        error_messages={"required": _("Indiquez la date de la séance.")},
    )
    sheet = forms.ModelChoiceField(
        label=_("Fiche menée"), queryset=None, required=False, empty_label=_("Autre activité"), widget=SheetSelect
    )
    activity = forms.CharField(label=_("Autre activité : laquelle ?"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=MIN_SESSION_MINUTES,
        max_value=MAX_SESSION_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Une séance dure au moins %(limit_value)s minutes."),
            "max_value": _("Une séance dure au plus %(limit_value)s minutes."),
        },
    )
    pupils_present = forms.IntegerField(
        label=_("Présents"),
        min_value=0,
        max_value=MAX_PUPILS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    fidelity = forms.TypedChoiceField(
        label=_("Fait comme prévu ?"), coerce=int, choices=Fidelity.choices, widget=forms.RadioSelect
    )
    engagement = forms.TypedChoiceField(
        label=_("Engagement du groupe"), coerce=int, choices=Engagement.choices, widget=forms.RadioSelect
    )
    adaptations = forms.CharField(
        label=_("Adaptations faites"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, groups, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["sheet"].queryset = sheets
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        if "sheet" in data and not data.get("sheet") and not data.get("activity", "").strip():
            self.add_error("activity", _("Choisissez la fiche menée, ou décrivez l'activité."))
        return data
