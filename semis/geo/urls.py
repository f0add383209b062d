from django.urls import path

from semis.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("etablissements/", views.establishment_list, name="establishment_list"),
    path("etablissements/<str:uai>/", views.establishment_detail, name="establishment_detail"),
]
