from django.urls import path

from semis.library import views

app_name = "library"

urlpatterns = [
    path("", views.search, name="search"),
    path("proposer/", views.sheet_create, name="sheet_create"),
    path("fiches/<slug:slug>/", views.sheet_detail, name="sheet_detail"),
    path("fiches/<slug:slug>/modifier/", views.sheet_edit, name="sheet_edit"),
    path("fiches/<slug:slug>/soumettre/", views.sheet_submit, name="sheet_submit"),
    path("fiches/<slug:slug>/publier/", views.sheet_publish, name="sheet_publish"),
    path("fiches/<slug:slug>/renvoyer/", views.sheet_send_back, name="sheet_send_back"),
    path("fiches/<slug:slug>/commenter/", views.sheet_comment, name="sheet_comment"),
    path("fiches/<slug:slug>/supprimer/", views.sheet_delete, name="sheet_delete"),
    path("fiches/<slug:slug>/versions/", views.sheet_versions, name="sheet_versions"),
    path("mes-fiches/", views.my_sheets, name="my_sheets"),
    path("relecture/", views.review_queue, name="review_queue"),
    path("import/", views.sheet_import, name="import"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
]
