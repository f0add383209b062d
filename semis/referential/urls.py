from django.urls import path

from semis.referential import views

app_name = "referential"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("oms-1993/", views.life_skills, name="life_skills"),
    path("<slug:version>/", views.tree, name="version_tree"),
    path("<slug:version>/<str:code>/", views.skill_detail, name="skill_detail"),
]
