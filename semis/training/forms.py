from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from dsfr.forms import DsfrBaseForm

from semis.accounts.models import User
from semis.core.forms import DateField
from semis.geo.models import Academie, Departement, Establishment, validate_uai
from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, Sequence
from semis.training.enums import CoursePublic, HalfDay
from semis.training.feedback import ITEM_FIELDS, ITEMS, Agreement
from semis.training.models import Trainer, TrainingProgramme
from semis.training.services import SessionSpec


class CourseForm(DsfrBaseForm):
    """The choices offered are the programmes and trainers the user sees; the service checks the rest."""

    programme = forms.ModelChoiceField(label=_("Programme de formation"), queryset=TrainingProgramme.objects.none())
    title = forms.CharField(label=_("Intitulé du stage"), max_length=200)
    public = forms.ChoiceField(label=_("Public"), choices=CoursePublic.choices)
    departement = forms.ModelChoiceField(label=_("Département"), queryset=Departement.objects.none())
    place = forms.CharField(label=_("Lieu"), max_length=200, help_text=_("Par exemple : Inspé de Nantes, salle 12."))
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=500, initial=20)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Professionnel·le·s-ressources qui animent le stage"),
        queryset=Trainer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Objectifs et déroulé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que les stagiaires vivent et emportent ; les fiches et séquences se choisissent ci-dessous."),
    )
    sheets = forms.ModelMultipleChoiceField(
        label=_("Fiches du cartable vécues pendant le stage"),
        required=False,
        queryset=ActivitySheet.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les fiches publiées du cartable."),
    )
    sequences = forms.ModelMultipleChoiceField(
        label=_("Séquences du cartable présentées"),
        required=False,
        queryset=Sequence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les séquences partagées : celles que chaque stagiaire peut ouvrir."),
    )

    # Rendered apart, as the content of the course.
    content_fields = ("description", "sheets", "sequences")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = TrainingProgramme.objects.visible_to(user).filter(is_active=True).select_related("academie")
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]
        self.fields["departement"].queryset = Departement.objects.filter(
            academie__in=programmes.values("academie")
        ).order_by("code")
        self.fields["trainers"].queryset = (
            Trainer.objects.visible_to(user).filter(is_active=True).with_list_related_data()
        )
        self.fields["sheets"].queryset = (
            ActivitySheet.objects.visible_to(user).filter(status=SheetStatus.PUBLISHED).order_by("title", "pk")
        )
        self.fields["sequences"].queryset = (
            Sequence.objects.visible_to(user).filter(is_shared=True).select_related("owner").order_by("title", "pk")
        )

    def main_fields(self):
        return [field for field in self if field.name not in self.content_fields and not field.is_hidden]

    def content_bound_fields(self):
        return [self[name] for name in self.content_fields]


class CourseEditForm(CourseForm):
    """The course form on an existing course: its programme stays, the revision it was loaded at travels along."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["programme"]
        self.fields["departement"].queryset = Departement.objects.filter(
            academie=course.programme.academie_id
        ).order_by("code")
        # A trainer no longer active stays offered while they are on the course.
        self.fields["trainers"].queryset = (
            Trainer.objects.filter(
                Q(pk__in=self.fields["trainers"].queryset.values("pk")) | Q(pk__in=course.trainers.values("pk"))
            )
            .filter(academie=course.programme.academie_id)
            .with_list_related_data()
        )
        # Content already linked stays offered (and checked), so saving does not drop it silently.
        self.fields["sheets"].queryset = ActivitySheet.objects.filter(
            Q(pk__in=self.fields["sheets"].queryset.values("pk")) | Q(pk__in=course.sheets.values("pk"))
        ).order_by("title", "pk")
        self.fields["sequences"].queryset = Sequence.objects.filter(
            Q(pk__in=self.fields["sequences"].queryset.values("pk")) | Q(pk__in=course.sequences.values("pk"))
        ).order_by("title", "pk")

    @staticmethod
    def initial_from(course) -> dict:
        return {
            "title": course.title,
            "public": course.public,
            "departement": course.departement_id,
            "place": course.place,
            "capacity": course.capacity,
            "trainers": list(course.trainers.values_list("pk", flat=True)),
            "description": course.description,
            "sheets": list(course.sheets.values_list("pk", flat=True)),
            "sequences": list(course.sequences.values_list("pk", flat=True)),
            "version": course.version,
        }


class SessionForm(DsfrBaseForm):
    date = DateField(label=_("Date"))
    # Initial values match what an untouched row posts, so blank rows are left out, not refused.
    half_day = forms.ChoiceField(label=_("Demi-journée"), choices=HalfDay.choices, initial=HalfDay.MORNING)
    hours = forms.DecimalField(
        label=_("Heures"), min_value=Decimal("0.5"), max_value=Decimal("4"), decimal_places=1, initial=Decimal("3")
    )

    def spec(self) -> SessionSpec:
        return SessionSpec(
            date=self.cleaned_data["date"], half_day=self.cleaned_data["half_day"], hours=self.cleaned_data["hours"]
        )


class BaseSessionFormSet(forms.BaseFormSet):
    def specs(self) -> list[SessionSpec]:
        return [form.spec() for form in self.forms if form.has_changed() and form.cleaned_data]


SessionFormSet = forms.formset_factory(SessionForm, formset=BaseSessionFormSet, extra=6, max_num=20)


class SessionEditForm(SessionForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def spec(self) -> SessionSpec:
        return SessionSpec(
            date=self.cleaned_data["date"],
            half_day=self.cleaned_data["half_day"],
            hours=self.cleaned_data["hours"],
            pk=self.cleaned_data.get("id"),
        )


class BaseSessionEditFormSet(forms.BaseFormSet):
    """The half-days of an existing course: its rows (each can be removed) and blank rows to add more."""

    def specs(self) -> list[SessionSpec]:
        specs = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.cleaned_data or (form.cleaned_data.get("id") is None and not form.has_changed()):
                continue
            specs.append(form.spec())
        return specs

    @staticmethod
    def initial_from(course) -> list[dict]:
        return [
            {"id": session.pk, "date": session.date, "half_day": session.half_day, "hours": session.hours}
            for session in course.sessions.all()
        ]


SessionEditFormSet = forms.formset_factory(
    SessionEditForm, formset=BaseSessionEditFormSet, extra=2, max_num=20, can_delete=True
)


class EstablishmentByUaiField(forms.CharField):
    """A school typed as its UAI, answered with the Establishment."""

    def __init__(self, **kwargs):
        super().__init__(max_length=8, min_length=8, **kwargs)

    def clean(self, value):
        value = super().clean(value).strip().upper()
        if not value:
            return None
        validate_uai(value)
        establishment = Establishment.objects.filter(uai=value).select_related("commune").first()
        if establishment is None:
            raise ValidationError(_("Aucun établissement ne porte l'UAI %(uai)s."), params={"uai": value})
        return establishment


class EnrolmentForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("nom de famille", "Nom"), max_length=150)
    establishment = EstablishmentByUaiField(
        label=_("UAI de l'établissement"),
        required=False,
        help_text=_("7 chiffres et une lettre, par exemple 0440001M."),
    )
    organisation = forms.CharField(
        label=_("Structure (hors école)"),
        max_length=200,
        required=False,
        help_text=_("Pour un stage hors école : le centre social, le service ou l'association de la personne."),
    )


class EnrolmentImportForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier des inscriptions"),
        help_text=_("Au format XLSX ou CSV (séparateur point-virgule ou virgule), 2 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class FollowUpForm(DsfrBaseForm):
    done_on = DateField(label=_("Date du suivi"), initial=timezone.localdate)
    sessions_run = forms.IntegerField(
        label=_("Séances CPS menées en classe depuis le dernier contact"), min_value=0, max_value=500, required=False
    )
    sheets_used = forms.CharField(
        label=_("Fiches d'activité utilisées"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    difficulties = forms.CharField(
        label=_("Difficultés rencontrées"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(label=_("Besoins exprimés"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("Prochaine étape"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionForm(DsfrBaseForm):
    programme = forms.ModelChoiceField(label=_("Programme de formation"), queryset=TrainingProgramme.objects.none())
    date = DateField(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Durée (heures)"), min_value=Decimal("0.5"), max_value=Decimal("8"), decimal_places=1, initial=3
    )
    facilitator = forms.CharField(
        label=_("Animée par"), max_length=200, help_text=_("Par exemple : chargée de projet de l'IREPS.")
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Professionnel·le·s-ressources présent·e·s"),
        queryset=Trainer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes (thèmes abordés, situations analysées)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = TrainingProgramme.objects.visible_to(user).filter(is_active=True)
        self.fields["attendees"].queryset = (
            Trainer.objects.visible_to(user).filter(is_active=True).with_list_related_data()
        )


class TrainerForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de son compte"),
        help_text=_("La personne a déjà un compte : invitez-la d'abord avec le rôle de professionnel·le-ressource."),
    )
    academie = forms.ModelChoiceField(label=_("Académie"), queryset=Academie.objects.none())
    function = forms.CharField(
        label=_("Fonction"), max_length=150, required=False, help_text=_("Par exemple : conseillère pédagogique, CPE.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        academies = Academie.objects.filter(
            pk__in=TrainingProgramme.objects.visible_to(user).values("academie")
        ).order_by("name")
        self.fields["academie"].queryset = academies
        if len(academies) == 1:
            self.fields["academie"].initial = academies[0]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        account = User.objects.visible_to(self.user).filter(email=email).first()
        if account is None:
            raise forms.ValidationError(
                _("Aucun compte de votre périmètre n'a cette adresse : invitez d'abord la personne.")
            )
        return account


class QualificationForm(DsfrBaseForm):
    title = forms.CharField(label=_("Formation suivie"), max_length=200)
    organisation = forms.CharField(label=_("Organisme"), max_length=200, required=False)
    hours = forms.DecimalField(label=_("Durée (heures)"), min_value=Decimal("0.5"), max_value=1000, decimal_places=1)
    completed_on = DateField(label=_("Date"))


class TargetForm(DsfrBaseForm):
    public = forms.ChoiceField(label=_("Public"), choices=CoursePublic.choices)
    teachers_to_train = forms.IntegerField(label=_("Personnes à former"), min_value=0, max_value=100000)
    courses_to_hold = forms.IntegerField(label=_("Stages à tenir"), min_value=0, max_value=5000)


def agreement_choice(item: str) -> forms.TypedChoiceField:
    label = next(statement for field, statement, _group in ITEMS if field == item)
    return forms.TypedChoiceField(label=label, choices=Agreement.choices, coerce=int, widget=forms.RadioSelect)


class FeedbackForm(DsfrBaseForm):
    """One five-point answer per item of the questionnaire (semis.training.feedback), and a comment."""

    expectations_met = agreement_choice("expectations_met")
    activities_helped = agreement_choice("activities_helped")
    room_to_exchange = agreement_choice("room_to_exchange")
    would_recommend = agreement_choice("would_recommend")
    can_run_session = agreement_choice("can_run_session")
    can_adapt_sheet = agreement_choice("can_adapt_sheet")
    can_handle_emotions = agreement_choice("can_handle_emotions")
    knows_resources = agreement_choice("knows_resources")
    comment = forms.CharField(
        label=_("Ce que je retiens, ce que je suggère"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("N'écrivez ni votre nom ni celui d'une autre personne."),
    )

    def answers(self) -> dict[str, int]:
        return {item: self.cleaned_data[item] for item in ITEM_FIELDS}
