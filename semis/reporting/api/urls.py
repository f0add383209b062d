from django.urls import path
from rest_framework.routers import SimpleRouter

from semis.reporting.api import schema, views

app_name = "api"

router = SimpleRouter()
router.register("referential/versions", views.ReferentialVersionViewSet, basename="referential-version")
router.register("library/sheets", views.SheetViewSet, basename="sheet")
router.register("library/sequences", views.SequenceViewSet, basename="sequence")
router.register("establishments", views.EstablishmentViewSet, basename="establishment")
router.register("training/courses", views.TrainingCourseViewSet, basename="course")
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = [
    path("", schema.documentation, name="documentation"),
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<slug:perimeter>/", views.PerimeterFiguresView.as_view(), name="indicator-figures"),
    *router.urls,
]
