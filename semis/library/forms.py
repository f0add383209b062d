from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from semis.library.enums import DEFAULT_LICENCE, Cycle, Setting
from semis.library.exchange import SAFE_KEYS, SheetContent
from semis.library.models import MAX_DURATION, MIN_DURATION, SheetAttachment, validate_attachment
from semis.library.services import NewAttachment
from semis.referential.models import ReferentialVersion, SpecificSkill

LINES_HELP = _("Un élément par ligne.")


class LinesField(forms.CharField):
    """A list of short texts, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, minimum: int = 0, **kwargs):
        self.minimum = minimum
        kwargs.setdefault("help_text", LINES_HELP)
        kwargs.setdefault("required", minimum > 0)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) < self.minimum:
            raise forms.ValidationError(
                _("Au moins %(minimum)d lignes sont attendues."), code="too_few", params={"minimum": self.minimum}
            )


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class SheetForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé"), help_text=_("Une à trois phrases."), widget=forms.Textarea(attrs={"rows": 3})
    )
    skills = SkillChoiceField(
        label=_("Compétences visées"),
        queryset=SpecificSkill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une compétence visée.")},
    )
    cycles = forms.MultipleChoiceField(
        label=_("Cycles et publics"),
        choices=Cycle.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un cycle ou un public.")},
    )
    settings = forms.MultipleChoiceField(
        label=_("Milieux"),
        choices=Setting.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un milieu.")},
    )
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=MIN_DURATION, max_value=MAX_DURATION)
    group_size = forms.CharField(
        label=_("Taille du groupe"), max_length=120, help_text=_("Par exemple : classe entière (25-30), groupes de 4.")
    )
    materials = LinesField(label=_("Matériel"))
    objectives = LinesField(label=_("Objectifs"), minimum=2, help_text=_("Au moins deux, un par ligne."))
    facilitator_posture = forms.CharField(
        label=_("Posture de l'animateur·rice"), widget=forms.Textarea(attrs={"rows": 3})
    )
    variants = LinesField(label=_("Variantes selon l'âge"))
    adaptation_disability = forms.CharField(
        label=_("Adaptation : handicap"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    adaptation_language = forms.CharField(
        label=_("Adaptation : élèves allophones"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    debriefing_questions = LinesField(
        label=_("Questions de retour"), minimum=3, help_text=_("Au moins trois, une par ligne.")
    )
    safe_sequenced = forms.BooleanField(label=_("Séquencée : s'inscrit dans une progression"), required=False)
    safe_active = forms.BooleanField(label=_("Active : les participants font et vivent"), required=False)
    safe_focused = forms.BooleanField(label=_("Centrée : du temps dédié à la compétence"), required=False)
    safe_explicit = forms.BooleanField(label=_("Explicite : la compétence visée est nommée"), required=False)
    safety_notes = forms.CharField(
        label=_("Précautions"),
        required=False,
        help_text=_("Sécurité émotionnelle : que faire si un enfant est bouleversé, quand orienter."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sources = LinesField(label=_("Sources d'inspiration"))
    authors = forms.CharField(label=_("Auteurs"), max_length=200)
    licence = forms.CharField(label=_("Licence"), max_length=60, initial=DEFAULT_LICENCE)
    # The revision the editor started from (optimistic concurrency, see services.sheet_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = ReferentialVersion.objects.current()
        self.fields["skills"].queryset = SpecificSkill.objects.filter(version=current).order_by("position")

    def to_content(self, steps: list[dict], slug: str = "") -> SheetContent:
        data = self.cleaned_data
        return SheetContent(
            slug=slug,
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            skills=list(data["skills"]),
            cycles=data["cycles"],
            settings=data["settings"],
            duration_minutes=data["duration_minutes"],
            group_size=data["group_size"].strip(),
            materials=data["materials"],
            objectives=data["objectives"],
            steps=steps,
            facilitator_posture=data["facilitator_posture"].strip(),
            variants=data["variants"],
            adaptation_disability=data["adaptation_disability"].strip(),
            adaptation_language=data["adaptation_language"].strip(),
            debriefing_questions=data["debriefing_questions"],
            safe={key: data[f"safe_{key}"] for key in SAFE_KEYS},
            safety_notes=data["safety_notes"].strip(),
            sources=data["sources"],
            authors=data["authors"].strip(),
            licence=data["licence"].strip(),
        )

    @classmethod
    def initial_from(cls, sheet) -> dict:
        initial = {name: getattr(sheet, name) for name in cls.base_fields if hasattr(sheet, name)}
        initial.update(
            skills=list(sheet.skills.all()),
            cycles=[c.value for c in sheet.cycle_list],
            settings=[s.value for s in sheet.setting_list],
        )
        return initial


class StepForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre de l'étape"), max_length=200)
    minutes = forms.IntegerField(label=_("Durée (min)"), min_value=1, max_value=MAX_DURATION)
    instructions = forms.CharField(label=_("Consignes"), widget=forms.Textarea(attrs={"rows": 3}))


BaseStepFormSet = formset_factory(StepForm, extra=2, can_delete=True)


class StepFormSet(BaseStepFormSet):
    def steps(self) -> list[dict]:
        """The filled steps, in order; blank rows are ignored."""
        return [
            {key: form.cleaned_data[key] for key in ("title", "minutes", "instructions")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class AttachmentsForm(DsfrBaseForm):
    """Join one file to the sheet as it is saved, and take off earlier ones (edit only)."""

    attachment = forms.FileField(
        label=_("Joindre une image ou un PDF"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PNG, JPEG ou PDF, 5 Mo au plus. Les images figurent aussi dans le PDF de la fiche."),
    )
    description = forms.CharField(
        label=_("Description de la pièce jointe"),
        required=False,
        max_length=300,
        help_text=_("Ce que montre l'image (elle sera lue aux personnes aveugles) ou ce que contient le document."),
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Retirer des pièces jointes"),
        queryset=SheetAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = sheet.attachments.all() if sheet is not None else SheetAttachment.objects.none()
        if sheet is None or not existing:
            del self.fields["remove"]
        else:
            self.fields["remove"].queryset = existing

    def clean(self):
        data = super().clean()
        if data.get("attachment") and not data.get("description", "").strip():
            self.add_error("description", _("Décrivez ce que montre l'image ou ce que contient le document."))
        return data

    def added(self) -> list[NewAttachment]:
        file = self.cleaned_data.get("attachment")
        return [NewAttachment(file=file, description=self.cleaned_data["description"])] if file else []

    def removed(self) -> list[SheetAttachment]:
        return list(self.cleaned_data.get("remove") or [])


class CommentForm(DsfrBaseForm):
    body = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Message à l'auteur (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier JSON"),
        help_text=_(
            "Format « semis-activity-sheets », version 1. Le fichier est refusé en entier à la moindre erreur."
        ),
    )


class SequenceForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour qui, dans quel but, à quel rythme."),
    )
    cycle = forms.ChoiceField(label=_("Cycle ou public"), choices=[("", "—"), *Cycle.choices], required=False)
    is_shared = forms.BooleanField(label=_("Partager cette séquence avec tous les utilisateurs"), required=False)


class SequenceNoteForm(DsfrBaseForm):
    note = forms.CharField(
        label=_("Adaptation pour ce groupe"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
