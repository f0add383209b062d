from django.urls import path

from semis.projects.views import deliveries, members, overview, projects

app_name = "projects"

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("nouveau/", projects.project_create, name="project_create"),
    path("qualite/", overview.overview, name="overview"),
    path("criteres/", projects.rules, name="rules"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/modifier/", projects.project_edit, name="project_edit"),
    path("<int:pk>/soumettre/", projects.project_submit, name="project_submit"),
    path("<int:pk>/avis/", projects.project_review, name="project_review"),
    path("<int:pk>/annee-suivante/", projects.project_continue, name="project_continue"),
    path("<int:pk>/groupes/ajouter/", members.group_add, name="group_add"),
    path("groupes/<int:pk>/modifier/", members.group_edit, name="group_edit"),
    path("groupes/<int:pk>/retirer/", members.group_delete, name="group_delete"),
    path("<int:pk>/adultes/ajouter/", members.adult_add, name="adult_add"),
    path("adultes/<int:pk>/modifier/", members.adult_edit, name="adult_edit"),
    path("adultes/<int:pk>/retirer/", members.adult_remove, name="adult_remove"),
    path("<int:pk>/partenaires/ajouter/", members.partner_add, name="partner_add"),
    path("partenaires/<int:pk>/retirer/", members.partner_remove, name="partner_remove"),
    path("<int:pk>/seance/", deliveries.delivery_log, name="delivery_log"),
    path("<int:pk>/seances/", deliveries.delivery_list, name="delivery_list"),
    path("seances/<int:pk>/retirer/", deliveries.delivery_delete, name="delivery_delete"),
]
