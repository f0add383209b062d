from django.urls import path

from semis.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("etablissements/", views.establishment_list, name="establishment_list"),
    path("etablissements/ajouter/", views.establishment_create, name="establishment_create"),
    path("etablissements/importer/", views.establishment_import, name="establishment_import"),
    path(
        "etablissements/importer/modele.csv",
        views.establishment_import_template,
        name="establishment_import_template",
    ),
    path("etablissements/<str:uai>/", views.establishment_detail, name="establishment_detail"),
    path("etablissements/<str:uai>/modifier/", views.establishment_edit, name="establishment_edit"),
]
