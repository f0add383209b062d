from django.urls import path

from semis.library.views import cartable, exchange, printing, programmes, sequences, sheets

app_name = "library"

urlpatterns = [
    path("", sheets.search, name="search"),
    path("proposer/", sheets.sheet_create, name="sheet_create"),
    path("fiches/<slug:slug>/", sheets.sheet_detail, name="sheet_detail"),
    path("fiches/<slug:slug>/modifier/", sheets.sheet_edit, name="sheet_edit"),
    path("fiches/<slug:slug>/soumettre/", sheets.sheet_submit, name="sheet_submit"),
    path("fiches/<slug:slug>/publier/", sheets.sheet_publish, name="sheet_publish"),
    path("fiches/<slug:slug>/renvoyer/", sheets.sheet_send_back, name="sheet_send_back"),
    path("fiches/<slug:slug>/commenter/", sheets.sheet_comment, name="sheet_comment"),
    path("fiches/<slug:slug>/supprimer/", sheets.sheet_delete, name="sheet_delete"),
    path("fiches/<slug:slug>/versions/", sheets.sheet_versions, name="sheet_versions"),
    path("fiches/<slug:slug>/fiche.pdf", printing.sheet_pdf, name="sheet_pdf"),
    path("fiches/<slug:slug>/imprimer/", printing.sheet_print, name="sheet_print"),
    path("fiches/<slug:slug>/pieces-jointes/<int:pk>/", printing.attachment, name="attachment"),
    path("mes-fiches/", sheets.my_sheets, name="my_sheets"),
    path("relecture/", sheets.review_queue, name="review_queue"),
    path("import/", exchange.sheet_import, name="import"),
    path("export.json", exchange.export_json, name="export_json"),
    path("export.csv", exchange.export_csv, name="export_csv"),
    path("fiches/<slug:slug>/favori/", cartable.favourite_toggle, name="favourite_toggle"),
    path("fiches/<slug:slug>/ajouter-a-une-sequence/", sequences.sheet_add_to_sequence, name="sheet_add_to_sequence"),
    path("mon-cartable/", cartable.my_cartable, name="my_cartable"),
    path("couverture/", cartable.coverage, name="coverage"),
    path("sequences/", sequences.sequence_list, name="sequence_list"),
    path("sequences/nouvelle/", sequences.sequence_create, name="sequence_create"),
    path("sequences/<int:pk>/", sequences.sequence_detail, name="sequence_detail"),
    path("sequences/<int:pk>/modifier/", sequences.sequence_edit, name="sequence_edit"),
    path("sequences/<int:pk>/supprimer/", sequences.sequence_delete, name="sequence_delete"),
    path("sequences/<int:pk>/dupliquer/", sequences.sequence_duplicate, name="sequence_duplicate"),
    path("sequences/<int:pk>/sequence.pdf", printing.sequence_pdf, name="sequence_pdf"),
    path("sequences/<int:pk>/imprimer/", printing.sequence_print, name="sequence_print"),
    path("sequences/<int:pk>/seances/<int:item_pk>/deplacer/", sequences.sequence_item_move, name="sequence_item_move"),
    path(
        "sequences/<int:pk>/seances/<int:item_pk>/retirer/", sequences.sequence_item_remove, name="sequence_item_remove"
    ),
    path(
        "sequences/<int:pk>/seances/<int:item_pk>/adaptation/", sequences.sequence_item_note, name="sequence_item_note"
    ),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/comparer/", programmes.programme_compare, name="programme_compare"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme_detail"),
]
