"""Images and PDFs joined to a sheet on its form: checked, listed, printed, served only to those who see it."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from semis.accounts.tests.factories import sign_in
from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, SheetAttachment
from semis.library.tests.factories import MINIMAL_PDF, png_bytes
from semis.library.tests.test_workflow import e22, proposal


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def propose_with(client, referential, **attachment):
    return client.post("/cartable/proposer/", proposal(skills=[e22(referential).pk]) | attachment)


def test_an_image_joined_to_a_proposal_is_listed_on_the_sheet_and_printed_in_its_pdf(
    client, referential, teacher, other_teacher, reviewer
):
    client.force_login(teacher)
    propose_with(
        client,
        referential,
        **{"pj-attachment": upload("thermo.png", png_bytes(), "image/png"), "pj-description": "Le thermomètre"},
    )
    sheet = ActivitySheet.objects.get()
    attachment = sheet.attachments.get()
    assert (attachment.original_name, attachment.description, attachment.uploaded_by) == (
        "thermo.png",
        "Le thermomètre",
        teacher,
    )
    # Stored under MEDIA_ROOT under a random name that says nothing of the sheet.
    assert Path(attachment.file.path).is_relative_to(Path(settings.MEDIA_ROOT) / "library" / "attachments")
    assert "thermo" not in attachment.file.name
    url = f"/cartable/fiches/{sheet.slug}/pieces-jointes/{attachment.pk}/"
    page = client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()
    assert f'src="{url}" alt="Le thermomètre"' in page
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert b"/Subtype /Image" in client.get(f"/cartable/fiches/{sheet.slug}/fiche.pdf").content

    # A draft's files are as hidden as the draft; published, they are everyone's.
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    sheet.status = SheetStatus.PUBLISHED
    sheet.save()
    assert client.get(url).status_code == 200


def test_a_pdf_attachment_is_downloaded_under_its_own_name(client, referential, teacher):
    client.force_login(teacher)
    propose_with(
        client,
        referential,
        **{"pj-attachment": upload("cartes.pdf", MINIMAL_PDF, "application/pdf"), "pj-description": "Les cartes"},
    )
    sheet = ActivitySheet.objects.get()
    attachment = sheet.attachments.get()
    response = client.get(f"/cartable/fiches/{sheet.slug}/pieces-jointes/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cartes.pdf"'
    assert "Les cartes" in client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()


def test_bad_files_are_refused_with_a_french_message_next_to_the_field_and_nothing_is_saved(
    client, referential, teacher
):
    client.force_login(teacher)
    cases = [
        (upload("notes.txt", b"bonjour"), "Format non accepté (notes.txt) : joignez une image PNG ou JPEG, ou un PDF."),
        (upload("photo.png", MINIMAL_PDF), "Ce fichier n’est pas une image PNG, contrairement à son extension (.png)."),
        (
            upload("affiche.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024)),
            "Le fichier pèse 5,0 Mo : 5 Mo au plus.",
        ),
    ]
    for file, message in cases:
        response = propose_with(client, referential, **{"pj-attachment": file, "pj-description": "Un support"})
        assert response.status_code == 200
        assert message in response.content.decode().replace("&#x27;", "’").replace("'", "’"), file.name
    response = propose_with(client, referential, **{"pj-attachment": upload("a.png", png_bytes())})
    assert "Décrivez ce que montre l’image ou ce que contient le document." in response.content.decode().replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert not ActivitySheet.objects.exists()
    assert not SheetAttachment.objects.exists()


def test_an_attachment_is_taken_off_on_the_edit_form_and_its_file_deleted(
    client, referential, teacher, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    propose_with(
        client,
        referential,
        **{"pj-attachment": upload("thermo.png", png_bytes(), "image/png"), "pj-description": "Le thermomètre"},
    )
    sheet = ActivitySheet.objects.get()
    attachment = sheet.attachments.get()
    path = Path(attachment.file.path)
    assert path.exists()
    data = proposal(skills=[e22(referential).pk], version=str(sheet.version)) | {"pj-remove": [attachment.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cartable/fiches/{sheet.slug}/modifier/", data)
    assert response.status_code == 302
    assert not SheetAttachment.objects.exists()
    assert not path.exists()


def test_a_sheet_has_ten_attachments_at_most(client, referential, teacher):
    client.force_login(teacher)
    propose_with(client, referential)
    sheet = ActivitySheet.objects.get()
    for n in range(10):
        SheetAttachment.objects.create(
            sheet=sheet, file=upload(f"{n}.png", png_bytes()), original_name=f"{n}.png", description="x", size=10
        )
    data = proposal(skills=[e22(referential).pk], version=str(sheet.version))
    data |= {"pj-attachment": upload("onze.png", png_bytes(), "image/png"), "pj-description": "La onzième"}
    response = client.post(f"/cartable/fiches/{sheet.slug}/modifier/", data)
    assert "Une fiche a 10 pièces jointes au plus : retirez-en une d’abord." in response.content.decode().replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert sheet.attachments.count() == 10


def test_reviewers_see_the_attachments_of_drafts(client, referential, teacher, reviewer):
    client.force_login(teacher)
    propose_with(
        client,
        referential,
        **{"pj-attachment": upload("thermo.png", png_bytes(), "image/png"), "pj-description": "Le thermomètre"},
    )
    sheet = ActivitySheet.objects.get()
    sign_in(client, reviewer)
    assert client.get(f"/cartable/fiches/{sheet.slug}/pieces-jointes/{sheet.attachments.get().pk}/").status_code == 200
