import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.core.forms import DateField
from semis.evaluation.models import CODE_LENGTH, Instrument
from semis.evaluation.services import MAX_ADDED_CODES


class CampaignWindowsForm(DsfrBaseForm):
    """What a campaign's carriers may change after creating it: its title and windows."""

    title = forms.CharField(label=_("Intitulé de la campagne"), max_length=200)
    pre_opens = DateField(label=_("Questionnaire « avant » : ouverture"), help_text=_("Format attendu : jj/mm/aaaa"))
    pre_closes = DateField(label=_("Questionnaire « avant » : clôture"), help_text=_("Format attendu : jj/mm/aaaa"))
    post_opens = DateField(label=_("Questionnaire « après » : ouverture"), help_text=_("Format attendu : jj/mm/aaaa"))
    post_closes = DateField(label=_("Questionnaire « après » : clôture"), help_text=_("Format attendu : jj/mm/aaaa"))


class CampaignForm(CampaignWindowsForm):
    instrument = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Instrument.objects.order_by("title", "-version"), empty_label=None
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groupes interrogés"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Semis prépare un code par élève de chaque groupe, d'après l'effectif du groupe."),
        error_messages={"required": _("Choisissez au moins un groupe.")},
    )
    field_order = ["title", "instrument", "groups"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups
        self.fields["groups"].label_from_instance = lambda group: (
            _("%(name)s — %(count)s élèves")
            % {
                "name": group.name,
                "count": group.pupil_count,
            }
        )

    @staticmethod
    def defaults(project) -> dict:
        """Two weeks to answer now, and two weeks to answer at the end of the school year."""
        today = timezone.localdate()
        end_of_year = datetime.date(today.year + (today.month >= 7), 6, 15)
        return {
            "title": _("Évaluation avant/après — %(project)s") % {"project": project.title},
            "pre_opens": today,
            "pre_closes": today + datetime.timedelta(days=14),
            "post_opens": max(end_of_year, today + datetime.timedelta(days=30)),
            "post_closes": max(end_of_year, today + datetime.timedelta(days=30)) + datetime.timedelta(days=14),
        }


class CampaignEditForm(CampaignWindowsForm):
    """A campaign's title and windows; its questionnaire and groups stay as created (the codes are
    drawn for them). Carries the version it was opened on (services.campaign_update)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_for(campaign) -> dict:
        names = CampaignWindowsForm.base_fields
        return {**{name: getattr(campaign, name) for name in names}, "version": campaign.version}


class CodesAddForm(DsfrBaseForm):
    group = forms.ModelChoiceField(label=_("Groupe de l'élève"), queryset=None, empty_label=None)
    count = forms.IntegerField(
        label=_("Nombre de codes"),
        min_value=1,
        max_value=MAX_ADDED_CODES,
        initial=1,
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["count"].help_text = _(
            "Un code par élève arrivé depuis l'impression des codes, %(max)d au plus à la fois."
        ) % {"max": MAX_ADDED_CODES}


class AnswerForm(forms.Form):
    """A pupil's code and one answer per item. Rendered by hand (evaluation/answer.html) as large
    choices; validated here."""

    code = forms.CharField(
        label=_("Ton code"),
        max_length=CODE_LENGTH + 4,
        error_messages={"required": _("Écris le code qui est sur ton papier.")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(enumerate(instrument.scale_labels, start=1))
        self.items = list(instrument.items.all())
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisis une réponse pour cette phrase.")},
            )

    def item_fields(self):
        return [(item, self[f"item_{item.code}"]) for item in self.items]

    def answers(self) -> dict[str, int]:
        return {item.code: self.cleaned_data[f"item_{item.code}"] for item in self.items}
