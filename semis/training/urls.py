from django.urls import path

from semis.training import views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("stages/nouveau/", views.course_create, name="course_create"),
    path("stages/<int:pk>/", views.course_detail, name="course_detail"),
    path("stages/<int:pk>/annuler/", views.course_cancel, name="course_cancel"),
    path("stages/<int:pk>/clore/", views.course_complete, name="course_complete"),
    path("stages/<int:pk>/inscrire/", views.enrolment_create, name="enrolment_create"),
    path("stages/<int:pk>/importer/", views.enrolment_import, name="enrolment_import"),
    path("modele-inscriptions.xlsx", views.enrolment_template, name="enrolment_template"),
    path("inscriptions/<int:pk>/annuler/", views.enrolment_cancel, name="enrolment_cancel"),
    path("inscriptions/<int:pk>/attestation/", views.attestation_issue, name="attestation_issue"),
    path("demi-journees/<int:pk>/emargement/", views.attendance, name="attendance"),
    path("demi-journees/<int:pk>/feuille-emargement.pdf", views.signature_sheet, name="signature_sheet"),
    path("attestations/<int:pk>/pdf/", views.attestation_download, name="attestation_download"),
    path("questionnaire/<str:token>/", views.feedback, name="feedback"),
    path("suivis/", views.followup_list, name="followup_list"),
    path("suivis/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("planification/", views.planning, name="planning"),
    path("planification/objectifs/", views.planning_target, name="planning_target"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/nouvelle/", views.supervision_create, name="supervision_create"),
    path("formateurs/<int:pk>/", views.trainer_detail, name="trainer_detail"),
]
