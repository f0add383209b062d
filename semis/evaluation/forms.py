import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.core.forms import DateField
from semis.evaluation.models import CODE_LENGTH, Instrument


class CampaignForm(DsfrBaseForm):
    title = forms.CharField(label=_("Intitulé de la campagne"), max_length=200)
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
    pre_opens = DateField(label=_("Questionnaire « avant » : ouverture"), help_text=_("Format attendu : jj/mm/aaaa"))
    pre_closes = DateField(label=_("Questionnaire « avant » : clôture"), help_text=_("Format attendu : jj/mm/aaaa"))
    post_opens = DateField(label=_("Questionnaire « après » : ouverture"), help_text=_("Format attendu : jj/mm/aaaa"))
    post_closes = DateField(label=_("Questionnaire « après » : clôture"), help_text=_("Format attendu : jj/mm/aaaa"))

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
