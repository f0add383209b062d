"""The read-only API, version 1. Each view: its access rule, its scoped QuerySet, its filters."""

from django.db.models import Count, Prefetch, Q, Sum
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from semis.core.access import access_rule
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.models import Establishment
from semis.geo.selectors import establishments_filtered
from semis.library import selectors as library_selectors
from semis.library.enums import Cycle, DurationBand, Setting
from semis.library.models import ActivitySheet, Sequence, SequenceItem
from semis.projects.enums import Carrier, ProjectStatus, ScoreBand
from semis.projects.models import Project
from semis.projects.selectors import projects_filtered
from semis.referential.models import Category, GeneralSkill, ReferentialVersion, SpecificSkill
from semis.reporting import selectors as reporting_selectors
from semis.reporting.api import serializers as api
from semis.reporting.api.base import ApiViewMixin, QueryFilters, ReadOnlyViewSet, choice
from semis.reporting.indicators import INDICATORS
from semis.reporting.perimeters import perimeter_for
from semis.reporting.roles import STEERING_ROLES
from semis.training.enums import READER_ROLES, CoursePublic, CourseStatus
from semis.training.models import TrainingCourse
from semis.training.selectors import courses_filtered

SEARCH_HELP = _("Mots cherchés")


def documented(listing, detail, filters=None):
    """French descriptions of a view set's two operations, for the schema and the documentation page."""
    parameters = [filters] if filters else None
    return extend_schema_view(
        list=extend_schema(description=listing, parameters=parameters), retrieve=extend_schema(description=detail)
    )


def text_search() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=SEARCH_HELP)


def code(help_text) -> serializers.CharField:
    return serializers.CharField(required=False, max_length=40, help_text=help_text)


# --- Referential: reference data every signed-in user reads, as on the referential pages.


@documented(
    _("Les versions du référentiel CPS."),
    _("Une version et tout son arbre : catégories, compétences générales, compétences spécifiques."),
)
class ReferentialVersionViewSet(ReadOnlyViewSet):
    """Versions of the CPS referential; a version's page holds its whole tree of skills."""

    lookup_field = "code"
    ordering_fields = ["year", "code"]
    ordering = ["-year", "code"]

    def get_queryset(self):
        versions = ReferentialVersion.objects.all()
        if self.action == "retrieve":
            specific = SpecificSkill.objects.order_by("position", "code")
            general = GeneralSkill.objects.order_by("position", "code").prefetch_related(
                Prefetch("specific_skills", queryset=specific)
            )
            categories = Category.objects.order_by("position", "code").prefetch_related(
                Prefetch("general_skills", queryset=general)
            )
            versions = versions.prefetch_related(Prefetch("categories", queryset=categories))
        return versions

    def get_serializer_class(self):
        return api.ReferentialTreeSerializer if self.action == "retrieve" else api.ReferentialVersionSerializer


# --- Library


class SheetSearchParams(serializers.Serializer):
    """The library search's own filters, checked here so that a bad value answers 400 rather than being dropped."""

    q = text_search()
    skill = code(_("Code d'une compétence spécifique du référentiel en vigueur, par exemple C1.1"))
    cycle = choice(Cycle.choices, _("Cycle ou public"))
    setting = choice(Setting.choices, _("Milieu"))
    duration = choice(DurationBand.choices, _("Durée"))

    def validate_skill(self, value):
        if not SpecificSkill.objects.filter(version__is_current=True, code=value).exists():
            raise serializers.ValidationError(_("Aucune compétence du référentiel en vigueur ne porte ce code."))
        return value

    def as_library_params(self, page: str | None) -> QueryDict:
        """The query string of the library's own search page (semis.library.selectors.FILTER_PARAMS)."""
        params = QueryDict(mutable=True)
        names = {"q": "q", **library_selectors.FILTER_PARAMS}
        for name, value in self.validated_data.items():
            params[names[name]] = value
        if page:
            params["page"] = page
        return params


@documented(
    _("Les fiches activités publiées : la recherche du cartable, avec son classement et ses filtres."),
    _("Une fiche activité publiée, identifiée par son slug."),
    SheetSearchParams,
)
class SheetViewSet(ReadOnlyViewSet):
    """Published activity sheets. The list is the library's search: same ranking, same filters."""

    lookup_field = "slug"
    serializer_class = api.SheetSerializer
    filter_backends = []

    def get_queryset(self):
        return ActivitySheet.objects.visible_to(self.request.user).published().with_detail_data()

    def list(self, request, *args, **kwargs):
        params = SheetSearchParams(data=request.query_params, partial=True)
        params.is_valid(raise_exception=True)
        page_number = request.query_params.get("page")
        found = library_selectors.library_search(request.user, params.as_library_params(page_number))
        page = found.page
        if page_number and str(page.number) != page_number:
            # The search page falls back to the last page; a client asking past the end is told so.
            return Response({"detail": _("Page non valide.")}, status=404)
        results = api.SheetResultSerializer(page.object_list, many=True, context=self.get_serializer_context())
        return Response(
            {
                "count": page.paginator.count,
                "next": self._page_url(page.next_page_number()) if page.has_next() else None,
                "previous": self._page_url(page.previous_page_number()) if page.has_previous() else None,
                "results": results.data,
            }
        )

    def _page_url(self, number: int) -> str:
        params = self.request.query_params.copy()
        params["page"] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")

    def get_serializer_class(self):
        return api.SheetResultSerializer if self.action == "list" else api.SheetSerializer


class SequenceFilters(QueryFilters):
    cycle = choice(Cycle.choices, _("Cycle ou public"))
    mine = serializers.BooleanField(
        required=False, help_text=_("true : vos seules séquences ; false : celles que d'autres ont partagées")
    )

    def filter(self, queryset, values):
        if values.get("cycle"):
            queryset = queryset.filter(cycle=values["cycle"])
        if values.get("mine") is not None:
            own = Q(owner=self.context["request"].user)
            queryset = queryset.filter(own) if values["mine"] else queryset.exclude(own)
        return queryset


@documented(
    _("Vos séquences et celles que leurs auteurs ont partagées."),
    _("Une séquence et ses séances, dans l'ordre."),
    SequenceFilters,
)
class SequenceViewSet(ReadOnlyViewSet):
    """Your sequences and those their authors shared."""

    filters = SequenceFilters
    ordering_fields = ["title", "updated_at"]
    ordering = ["title"]

    def get_queryset(self):
        sequences = (
            Sequence.objects.visible_to(self.request.user)
            .select_related("owner")
            .annotate(session_count=Count("items"), total_minutes=Sum("items__sheet__duration_minutes", default=0))
        )
        if self.action == "retrieve":
            items = SequenceItem.objects.select_related("sheet").order_by("position")
            sequences = sequences.prefetch_related(Prefetch("items", queryset=items))
        return sequences

    def get_serializer_class(self):
        return api.SequenceDetailSerializer if self.action == "retrieve" else api.SequenceSerializer


# --- Geography


class EstablishmentFilters(QueryFilters):
    q = text_search()
    kind = choice(EstablishmentKind.choices, _("Type"))
    sector = choice(Sector.choices, _("Secteur"))
    priority_education = choice([c for c in PriorityEducation.choices if c[0]], _("Éducation prioritaire"))
    academie = code(_("Code de l'académie, par exemple nantes"))
    departement = code(_("Code du département, par exemple 44"))

    def filter(self, queryset, values):
        names = {"priority_education": "priority"}
        return establishments_filtered(queryset, **{names.get(name, name): value for name, value in values.items()})


@documented(
    _("Les établissements de votre périmètre."), _("Un établissement, identifié par son UAI."), EstablishmentFilters
)
class EstablishmentViewSet(ReadOnlyViewSet):
    """Schools and structures in your perimeter."""

    lookup_field = "uai"
    serializer_class = api.EstablishmentSerializer
    filters = EstablishmentFilters
    ordering_fields = ["name", "uai"]
    ordering = ["name"]

    def get_queryset(self):
        return Establishment.objects.visible_to(self.request.user).with_list_related_data()


# --- Training


class CourseFilters(QueryFilters):
    q = text_search()
    status = choice(CourseStatus.choices, _("État"))
    public = choice(CoursePublic.choices, _("Public"))
    school_year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Année scolaire, par son premier an : 2025 pour 2025-2026"),
    )
    academie = code(_("Code de l'académie"))
    departement = code(_("Code du département"))

    def filter(self, queryset, values):
        names = {"school_year": "year"}
        return courses_filtered(queryset, **{names.get(name, name): value for name, value in values.items()})


@documented(
    _("Les stages de formation de votre périmètre, avec leurs heures et leurs inscriptions."),
    _("Un stage de formation."),
    CourseFilters,
)
class TrainingCourseViewSet(ReadOnlyViewSet):
    """Training courses ("stages") in your perimeter, with their hours and enrolment figures."""

    access_rule = access_rule(*READER_ROLES)
    filters = CourseFilters
    ordering_fields = ["school_year", "first_date", "title"]
    ordering = ["-school_year", "first_date", "title"]

    def get_queryset(self):
        return (
            TrainingCourse.objects.visible_to(self.request.user)
            .with_totals()
            .select_related("programme__academie", "departement")
            .annotate(trainer_count=Count("trainers", distinct=True))
        )

    def get_serializer_class(self):
        return api.TrainingCourseDetailSerializer if self.action == "retrieve" else api.TrainingCourseSerializer


# --- Projects


class ProjectFilters(QueryFilters):
    q = text_search()
    status = choice(ProjectStatus.choices, _("État"))
    band = choice(ScoreBand.choices, _("Niveau de qualité"))
    carrier = choice(Carrier.choices, _("Porté par"))
    school_year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("Projets qui couvrent cette année scolaire")
    )
    skill = code(_("Code d'une compétence visée"))
    academie = code(_("Code de l'académie"))
    departement = code(_("Code du département"))
    establishment = code(_("UAI de l'établissement"))

    def filter(self, queryset, values):
        names = {"school_year": "year"}
        return projects_filtered(queryset, **{names.get(name, name): value for name, value in values.items()})


@documented(
    _("Les projets locaux CPS de votre périmètre, avec leur état, leur score et leurs critères de qualité."),
    _("Un projet local CPS."),
    ProjectFilters,
)
class ProjectViewSet(ReadOnlyViewSet):
    """Local CPS projects in your perimeter, with their status, quality score and criteria."""

    filters = ProjectFilters
    ordering_fields = ["title", "score__score", "updated_at"]
    ordering = ["title"]

    def get_queryset(self):
        projects = (
            Project.objects.visible_to(self.request.user)
            .select_related("establishment__commune", "territory", "academie", "departement", "score")
            .prefetch_related("criteria")
        )
        if self.action == "retrieve":
            projects = projects.prefetch_related(
                Prefetch("skills", queryset=SpecificSkill.objects.select_related("version"))
            )
        return projects

    def get_serializer_class(self):
        return api.ProjectDetailSerializer if self.action == "retrieve" else api.ProjectSerializer


# --- Steering indicators: the figures of /pilotage/, for the roles that steer, on their perimeter.


@extend_schema(
    description=_("Les indicateurs de pilotage : code, intitulé, définition, unité, où ils sont calculés."),
    responses=api.IndicatorSerializer(many=True),
)
class IndicatorListView(ApiViewMixin, APIView):
    """The steering indicators, as data."""

    access_rule = access_rule(STEERING_ROLES)
    filter_backends = []  # a fixed document, not a list to sort

    def get(self, request):
        return Response(api.IndicatorSerializer(INDICATORS, many=True).data)


class IndicatorParams(serializers.Serializer):
    school_year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Année scolaire (2025 pour 2025-2026) ; en cours par défaut"),
    )


@extend_schema(
    description=_(
        "Les chiffres d'un périmètre de votre périmètre (national, region-84, academie-lyon, departement-69, "
        "territoire-12, etablissement-0690001A) pour une année scolaire, avec ceux de l'année précédente. "
        "Calculés chaque nuit : computed_at dit quand."
    ),
    parameters=[IndicatorParams],
    responses=api.PerimeterFiguresSerializer,
)
class PerimeterFiguresView(ApiViewMixin, APIView):
    """The figures of one perimeter; 404 outside the caller's perimeter."""

    access_rule = access_rule(STEERING_ROLES)
    filter_backends = []  # a fixed document, not a list to sort

    def get(self, request, perimeter):
        params = IndicatorParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("school_year") or reporting_selectors.current_school_year()
        board = reporting_selectors.dashboard(perimeter_for(request.user, perimeter), year)
        return Response(api.PerimeterFiguresSerializer(board).data)
