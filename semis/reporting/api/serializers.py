"""What the API shows of each row: what the matching page shows the same user, never more.

No user's e-mail, no adult's name from a project, no trainee: aggregates stand for people.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from semis.geo.models import Establishment
from semis.library.models import ActivitySheet, Sequence, SequenceItem
from semis.projects.models import Project, ProjectScore
from semis.projects.scoring import from_stored
from semis.referential.models import Category, GeneralSkill, ReferentialVersion, SpecificSkill
from semis.training.models import TrainingCourse

# --- Referential


class SpecificSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpecificSkill
        fields = ["code", "name", "definition"]


class GeneralSkillSerializer(serializers.ModelSerializer):
    specific_skills = SpecificSkillSerializer(many=True)

    class Meta:
        model = GeneralSkill
        fields = ["code", "name", "specific_skills"]


class CategorySerializer(serializers.ModelSerializer):
    general_skills = GeneralSkillSerializer(many=True)

    class Meta:
        model = Category
        fields = ["code", "name", "description", "general_skills"]


class ReferentialVersionSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:referential-version-detail", lookup_field="code")

    class Meta:
        model = ReferentialVersion
        fields = ["url", "code", "name", "title", "publisher", "year", "is_current", "source", "source_url"]


class ReferentialTreeSerializer(ReferentialVersionSerializer):
    categories = CategorySerializer(many=True)

    class Meta(ReferentialVersionSerializer.Meta):
        fields = [*ReferentialVersionSerializer.Meta.fields, "codes_note", "categories"]


# --- Library


class SkillRefSerializer(serializers.ModelSerializer):
    """A specific skill named by its code, in its referential version."""

    version = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SpecificSkill
        fields = ["version", "code", "name"]


class SheetResultSerializer(serializers.Serializer):
    """One result of the library search (semis.library.selectors.SheetResult)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:sheet-detail", lookup_field="slug")
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    cycles = serializers.SerializerMethodField()
    skills = SkillRefSerializer(source="skill_list", many=True)
    snippet = serializers.CharField(
        allow_null=True, help_text=_("Extrait où les mots cherchés sont entourés de <mark> (HTML), ou null.")
    )

    def get_cycles(self, result) -> list[str]:
        return [cycle.value for cycle in result.cycle_list]


class SheetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sheet-detail", lookup_field="slug")
    cycles = serializers.SerializerMethodField()
    settings = serializers.SerializerMethodField()
    skills = SkillRefSerializer(many=True)
    safe = serializers.DictField(source="safe_attributes", child=serializers.BooleanField())

    class Meta:
        model = ActivitySheet
        fields = [
            "url",
            "slug",
            "title",
            "summary",
            "skills",
            "cycles",
            "settings",
            "duration_minutes",
            "group_size",
            "materials",
            "objectives",
            "steps",
            "facilitator_posture",
            "variants",
            "adaptation_disability",
            "adaptation_language",
            "debriefing_questions",
            "safe",
            "safety_notes",
            "sources",
            "authors",
            "licence",
            "version",
            "published_at",
        ]

    def get_cycles(self, sheet) -> list[str]:
        return [cycle.value for cycle in sheet.cycle_list]

    def get_settings(self, sheet) -> list[str]:
        return [setting.value for setting in sheet.setting_list]


class SequenceItemSerializer(serializers.ModelSerializer):
    sheet = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sheet_title = serializers.CharField(source="sheet.title")
    duration_minutes = serializers.IntegerField(source="sheet.duration_minutes")

    class Meta:
        model = SequenceItem
        fields = ["position", "sheet", "sheet_title", "duration_minutes", "note"]


class SequenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sequence-detail")
    owner_name = serializers.CharField(
        source="owner.get_full_name", help_text=_("Prénom et nom de qui l'a construite.")
    )
    is_own = serializers.SerializerMethodField()
    session_count = serializers.IntegerField()
    total_minutes = serializers.IntegerField()

    class Meta:
        model = Sequence
        fields = [
            "url",
            "id",
            "title",
            "description",
            "cycle",
            "is_shared",
            "owner_name",
            "is_own",
            "session_count",
            "total_minutes",
            "updated_at",
        ]

    def get_is_own(self, sequence) -> bool:
        return sequence.owner_id == self.context["request"].user.pk


class SequenceDetailSerializer(SequenceSerializer):
    items = SequenceItemSerializer(many=True)

    class Meta(SequenceSerializer.Meta):
        fields = [*SequenceSerializer.Meta.fields, "items"]


# --- Geography


class EstablishmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:establishment-detail", lookup_field="uai")
    commune = serializers.CharField(source="commune.name")
    commune_insee_code = serializers.CharField(source="commune.insee_code")
    departement = serializers.CharField(source="commune.departement.code")
    academie = serializers.CharField(source="commune.departement.academie.code")

    class Meta:
        model = Establishment
        fields = [
            "url",
            "uai",
            "name",
            "kind",
            "sector",
            "priority_education",
            "commune",
            "commune_insee_code",
            "departement",
            "academie",
        ]


# --- Training


class TrainingCourseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:course-detail")
    programme = serializers.CharField(source="programme.name")
    academie = serializers.CharField(source="programme.academie.code")
    departement = serializers.CharField(source="departement.code")
    planned_hours = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    first_date = serializers.DateField(allow_null=True)
    last_date = serializers.DateField(allow_null=True)
    enrolled_count = serializers.IntegerField(help_text=_("Inscrit·es (hors liste d'attente et annulations)."))
    waiting_count = serializers.IntegerField(help_text=_("En liste d'attente."))
    trainer_count = serializers.IntegerField(help_text=_("Formateur·rices du stage."))
    below_quality_hours = serializers.SerializerMethodField(
        help_text=_("Vrai quand le stage compte moins d'heures que le critère de qualité (TRAINING_MIN_HOURS).")
    )

    class Meta:
        model = TrainingCourse
        fields = [
            "url",
            "id",
            "title",
            "programme",
            "academie",
            "departement",
            "public",
            "status",
            "school_year",
            "place",
            "capacity",
            "planned_hours",
            "first_date",
            "last_date",
            "enrolled_count",
            "waiting_count",
            "trainer_count",
            "below_quality_hours",
        ]

    def get_below_quality_hours(self, course) -> bool:
        return course.planned_hours < settings.TRAINING_MIN_HOURS


class TrainingCourseDetailSerializer(TrainingCourseSerializer):
    class Meta(TrainingCourseSerializer.Meta):
        fields = [*TrainingCourseSerializer.Meta.fields, "description"]


# --- Projects


CRITERIA_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "label": {"type": "string"},
            "status": {"type": "string", "enum": ["met", "partly", "not_met"]},
            "reason": {"type": "string"},
        },
        "required": ["code", "label", "status", "reason"],
    },
}


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectScore
        fields = ["score", "band", "rules_version", "computed_at", "met_count", "partly_count", "criterion_count"]


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")
    carrier_name = serializers.CharField(help_text=_("L'établissement, ou la structure et son territoire."))
    establishment = serializers.SlugRelatedField(slug_field="uai", read_only=True, help_text=_("UAI"))
    territory = serializers.StringRelatedField()
    academie = serializers.SlugRelatedField(slug_field="code", read_only=True)
    departement = serializers.SlugRelatedField(slug_field="code", read_only=True)
    score = ScoreSerializer(allow_null=True, help_text=_("Null tant que le projet n'a pas été évalué."))
    criteria = serializers.SerializerMethodField(
        help_text=_("Le résultat enregistré de chaque critère de qualité, avec le texte de la page du projet.")
    )

    class Meta:
        model = Project
        fields = [
            "url",
            "id",
            "title",
            "carrier",
            "carrier_name",
            "establishment",
            "territory",
            "setting",
            "academie",
            "departement",
            "status",
            "first_year",
            "last_year",
            "score",
            "criteria",
            "updated_at",
        ]

    @extend_schema_field(CRITERIA_SCHEMA)
    def get_criteria(self, project) -> list[dict]:
        # Prefetched by ProjectViewSet, in the order the rule set lists them.
        outcomes = [from_stored(r.criterion, r.status, r.params) for r in project.criteria.all()]
        return [{"code": o.code, "label": o.label, "status": o.status, "reason": o.reason} for o in outcomes]


class ProjectDetailSerializer(ProjectSerializer):
    skills = SkillRefSerializer(many=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "summary", "skills"]


# --- Steering indicators (semis.reporting.indicators), read from the summary table


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text=_("Intitulé"))
    definition = serializers.CharField(help_text=_("Comment le chiffre est obtenu"))
    unit = serializers.CharField(help_text=_("Unité"))
    theme = serializers.CharField(help_text=_("Thème : training, projects ou territories"))
    source = serializers.CharField(help_text=_("Module dont les données sont comptées"))
    perimeter_kinds = serializers.ListField(
        source="kinds", child=serializers.CharField(), help_text=_("Types de périmètre où il est calculé")
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["perimeter_kinds"] = sorted(data["perimeter_kinds"])
        return data


FIGURE = {"max_digits": 14, "decimal_places": 1, "coerce_to_string": False}


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    value = serializers.DecimalField(**FIGURE, help_text=_("Valeur de l'année scolaire"))
    previous = serializers.DecimalField(
        **FIGURE, allow_null=True, help_text=_("Valeur de l'année précédente ; null si elle n'a pas été calculée")
    )


class PerimeterFiguresSerializer(serializers.Serializer):
    perimeter = serializers.CharField(source="perimeter.key", help_text=_("Clé du périmètre, comme dans /pilotage/"))
    kind = serializers.CharField(source="perimeter.kind")
    name = serializers.CharField(source="perimeter.name")
    school_year = serializers.IntegerField(source="year", help_text=_("2025 pour 2025-2026"))
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("Date du calcul ; null (et aucune valeur) tant qu'il n'a pas eu lieu")
    )
    figures = FigureSerializer(many=True)
