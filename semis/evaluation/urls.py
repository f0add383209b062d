from django.urls import path

from semis.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("projet/<int:project_pk>/nouvelle/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/supprimer/", views.campaign_delete, name="campaign_delete"),
    path("<int:pk>/codes/", views.campaign_codes, name="campaign_codes"),
    path("<int:pk>/codes/ajouter/", views.campaign_codes_add, name="campaign_codes_add"),
    path("<int:pk>/codes.pdf", views.campaign_codes_pdf, name="campaign_codes_pdf"),
    path("<int:pk>/clore/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/resultats/", views.campaign_result_page, name="campaign_results"),
    path("<int:pk>/resultats.csv", views.campaign_results_csv, name="campaign_results_csv"),
    path("<int:pk>/resultats.xlsx", views.campaign_results_xlsx, name="campaign_results_xlsx"),
    path("repondre/<str:token>/", views.answer, name="answer"),
]
