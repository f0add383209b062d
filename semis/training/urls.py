from django.urls import path

from semis.training.views import attendance, courses, enrolments, followups, planning, public

app_name = "training"

urlpatterns = [
    path("", courses.course_list, name="course_list"),
    path("stages/nouveau/", courses.course_create, name="course_create"),
    path("stages/<int:pk>/", courses.course_detail, name="course_detail"),
    path("stages/<int:pk>/modifier/", courses.course_edit, name="course_edit"),
    path("stages/<int:pk>/annuler/", courses.course_cancel, name="course_cancel"),
    path("stages/<int:pk>/clore/", courses.course_complete, name="course_complete"),
    path("stages/<int:pk>/inscrire/", enrolments.enrolment_create, name="enrolment_create"),
    path("stages/<int:pk>/importer/", enrolments.enrolment_import, name="enrolment_import"),
    path("modele-inscriptions.xlsx", enrolments.enrolment_template, name="enrolment_template"),
    path("inscriptions/<int:pk>/annuler/", enrolments.enrolment_cancel, name="enrolment_cancel"),
    path("inscriptions/<int:pk>/attestation/", attendance.attestation_issue, name="attestation_issue"),
    path("demi-journees/<int:pk>/emargement/", attendance.attendance, name="attendance"),
    path("demi-journees/<int:pk>/feuille-emargement.pdf", attendance.signature_sheet, name="signature_sheet"),
    path("attestations/<int:pk>/pdf/", attendance.attestation_download, name="attestation_download"),
    path("questionnaire/<str:token>/", public.feedback, name="feedback"),
    path("suivis/", followups.followup_list, name="followup_list"),
    path("suivis/<int:pk>/", followups.followup_detail, name="followup_detail"),
    path("planification/", planning.planning, name="planning"),
    path("planification/objectifs/", planning.planning_target, name="planning_target"),
    path("supervision/", planning.supervision, name="supervision"),
    path("supervision/nouvelle/", planning.supervision_create, name="supervision_create"),
    path("formateurs/nouveau/", planning.trainer_create, name="trainer_create"),
    path("formateurs/<int:pk>/", planning.trainer_detail, name="trainer_detail"),
    path("formateurs/<int:pk>/formations/", planning.trainer_qualification_add, name="trainer_qualification_add"),
]
