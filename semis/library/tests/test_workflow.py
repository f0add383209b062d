"""Propose, review, publish: the editorial workflow through the pages, and who sees what."""

import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, ReviewComment
from semis.library.perms import can_edit_sheet, can_publish_sheet, can_send_back_sheet, can_submit_sheet
from semis.library.tests.factories import ActivitySheetFactory
from semis.referential.models import SpecificSkill


def proposal(**changes):
    """The POST data of a complete sheet proposal, three steps filled."""
    data = {
        "title": "Le thermomètre de la colère",
        "summary": "Repérer les signes de la colère qui monte et choisir un moyen de se calmer.",
        "skills": [],
        "cycles": ["cycle2"],
        "settings": ["classe"],
        "duration_minutes": "40",
        "group_size": "classe entière",
        "materials": "une affiche thermomètre\ndes gommettes",
        "objectives": "Repérer les signes de la colère\nChoisir un moyen de se calmer",
        "facilitator_posture": "Accueillir la colère sans la juger.",
        "variants": "",
        "adaptation_disability": "",
        "adaptation_language": "",
        "debriefing_questions": "Qu'as-tu remarqué ?\nQu'est-ce qui t'aide ?\nQue feras-tu la prochaine fois ?",
        "safe_active": "on",
        "safety_notes": "",
        "sources": "",
        "authors": "Camille Martin",
        "licence": "CC BY-SA 4.0",
        "version": "",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "3",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for n, title in enumerate(["Observer", "Placer sa gommette", "Choisir un moyen"]):
        data |= {f"steps-{n}-title": title, f"steps-{n}-minutes": "10", f"steps-{n}-instructions": "Consignes."}
    return data | changes


def e22(referential):
    return SpecificSkill.objects.get(version=referential, code="E2.2")


def test_a_teacher_proposes_a_sheet_and_a_reviewer_publishes_it(client, referential, teacher, other_teacher, reviewer):
    client.force_login(teacher)
    response = client.post("/cartable/proposer/", proposal(skills=[e22(referential).pk]))
    sheet = ActivitySheet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cartable/fiches/{sheet.slug}/"
    assert (sheet.status, sheet.author, sheet.slug) == (SheetStatus.DRAFT, teacher, "le-thermometre-de-la-colere")
    assert [step["title"] for step in sheet.steps] == ["Observer", "Placer sa gommette", "Choisir un moyen"]
    assert sheet.materials == ["une affiche thermomètre", "des gommettes"]

    # The draft is invisible to another teacher, on its page and in the search.
    sign_in(client, other_teacher)
    assert client.get(f"/cartable/fiches/{sheet.slug}/").status_code == 404
    assert "thermomètre" not in client.get("/cartable/?q=colère").content.decode()

    client.force_login(teacher)
    client.post(f"/cartable/fiches/{sheet.slug}/soumettre/")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.IN_REVIEW

    sign_in(client, reviewer)
    assert sheet.title in client.get("/cartable/relecture/").content.decode()
    client.post(f"/cartable/fiches/{sheet.slug}/publier/", {"body": "Merci, très claire."})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert sheet.versions.get().number == 1

    sign_in(client, other_teacher)
    assert client.get(f"/cartable/fiches/{sheet.slug}/").status_code == 200
    assert "thermomètre" in client.get("/cartable/?q=colère").content.decode().lower()


def test_a_reviewer_sends_a_sheet_back_with_a_comment_the_author_reads(client, referential, teacher, reviewer):
    sheet = ActivitySheetFactory(author=teacher, status=SheetStatus.IN_REVIEW, skills=[e22(referential)])
    sign_in(client, reviewer)
    client.post(f"/cartable/fiches/{sheet.slug}/renvoyer/", {"body": ""})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.IN_REVIEW  # a comment is required

    client.post(f"/cartable/fiches/{sheet.slug}/renvoyer/", {"body": "Ajoutez une étape de retour au calme."})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    client.force_login(teacher)
    page = client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()
    assert "Ajoutez une étape de retour au calme." in page
    assert "Soumettre à relecture" in page


def test_a_teacher_cannot_publish(client, referential, teacher):
    sheet = ActivitySheetFactory(author=teacher, status=SheetStatus.IN_REVIEW)
    client.force_login(teacher)
    assert client.post(f"/cartable/fiches/{sheet.slug}/publier/").status_code == 403
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.IN_REVIEW


def test_an_incomplete_proposal_shows_french_errors_next_to_the_fields(client, referential, teacher):
    client.force_login(teacher)
    data = proposal(objectives="Un seul objectif", skills=[])
    data |= {"steps-2-title": "", "steps-2-minutes": "", "steps-2-instructions": ""}
    response = client.post("/cartable/proposer/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez au moins une compétence visée." in content
    assert "Au moins 2 lignes sont attendues." in content
    assert "Le thermomètre de la colère" in content  # what was typed is kept
    assert not ActivitySheet.objects.exists()


def test_two_filled_steps_are_not_enough(client, referential, teacher):
    client.force_login(teacher)
    data = proposal(skills=[e22(referential).pk]) | {"steps-INITIAL_FORMS": "0"}
    data |= {"steps-2-title": "", "steps-2-minutes": "", "steps-2-instructions": ""}
    response = client.post("/cartable/proposer/", data)
    assert "Au moins 3 étapes sont attendues (2 reçues)." in response.content.decode()
    assert not ActivitySheet.objects.exists()


def test_editing_a_sheet_someone_saved_meanwhile_is_detected_and_keeps_the_typed_text(
    client, referential, teacher, reviewer
):
    sheet = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT, skills=[e22(referential)])
    client.force_login(teacher)
    assert client.get(f"/cartable/fiches/{sheet.slug}/modifier/").status_code == 200
    loaded_version = sheet.version

    # Meanwhile a reviewer saves the sheet.
    sign_in(client, reviewer)
    client.post(
        f"/cartable/fiches/{sheet.slug}/modifier/",
        proposal(skills=[e22(referential).pk], title="Titre du relecteur", version=str(loaded_version)),
    )
    sheet.refresh_from_db()
    assert sheet.title == "Titre du relecteur"

    client.force_login(teacher)
    response = client.post(
        f"/cartable/fiches/{sheet.slug}/modifier/",
        proposal(skills=[e22(referential).pk], title="Titre de l'autrice", version=str(loaded_version)),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "pendant que vous la modifiiez" in content
    assert "Titre de l&#x27;autrice" in content
    sheet.refresh_from_db()
    assert sheet.title == "Titre du relecteur"

    # Saving again, knowingly, replaces the other save.
    version_in_form = response.context["form"].data["version"]
    client.post(
        f"/cartable/fiches/{sheet.slug}/modifier/",
        proposal(skills=[e22(referential).pk], title="Titre de l'autrice", version=str(version_in_form)),
    )
    sheet.refresh_from_db()
    assert sheet.title == "Titre de l'autrice"


def test_an_author_cannot_edit_a_sheet_in_review_and_others_cannot_see_a_draft(client, teacher, other_teacher):
    in_review = ActivitySheetFactory(author=teacher, status=SheetStatus.IN_REVIEW)
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT)
    client.force_login(teacher)
    assert client.get(f"/cartable/fiches/{in_review.slug}/modifier/").status_code == 403
    client.force_login(other_teacher)
    assert client.get(f"/cartable/fiches/{draft.slug}/modifier/").status_code == 404
    assert client.post(f"/cartable/fiches/{draft.slug}/soumettre/").status_code == 404


def test_a_reviewer_edit_of_a_published_sheet_is_kept_as_a_new_version_with_a_diff(client, referential, reviewer):
    sign_in(client, reviewer)
    client.post("/cartable/proposer/", proposal(skills=[e22(referential).pk]))
    sheet = ActivitySheet.objects.get()
    client.post(f"/cartable/fiches/{sheet.slug}/publier/")
    sheet.refresh_from_db()
    client.post(
        f"/cartable/fiches/{sheet.slug}/modifier/",
        proposal(skills=[e22(referential).pk], summary="Un résumé plus court.", version=str(sheet.version)),
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert list(sheet.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(f"/cartable/fiches/{sheet.slug}/versions/").content.decode()
    assert "<ins>" in page and "court.</ins>" in page
    assert "<del>" in page and "Repérer" in page


def test_reviewer_comments_are_shown_to_the_author_only(client, referential, teacher, other_teacher, reviewer):
    sheet = ActivitySheetFactory(author=teacher, status=SheetStatus.PUBLISHED)
    sign_in(client, reviewer)
    client.post(f"/cartable/fiches/{sheet.slug}/commenter/", {"body": "Une idée de variante ?"})
    assert ReviewComment.objects.get().body == "Une idée de variante ?"
    client.force_login(teacher)
    assert "Une idée de variante ?" in client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()
    client.force_login(other_teacher)
    assert "Une idée de variante ?" not in client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()
    assert client.post(f"/cartable/fiches/{sheet.slug}/commenter/", {"body": "x"}).status_code == 302
    assert ReviewComment.objects.count() == 1


AUTHOR, OTHER, REVIEWER = "author", "other", "reviewer"


@pytest.mark.parametrize(
    ("who", "status", "edit", "submit", "publish", "send_back"),
    [
        (AUTHOR, SheetStatus.DRAFT, True, True, False, False),
        (AUTHOR, SheetStatus.IN_REVIEW, False, False, False, False),
        (AUTHOR, SheetStatus.PUBLISHED, False, False, False, False),
        (OTHER, SheetStatus.DRAFT, False, False, False, False),
        (REVIEWER, SheetStatus.DRAFT, True, True, True, False),
        (REVIEWER, SheetStatus.IN_REVIEW, True, False, True, True),
        (REVIEWER, SheetStatus.PUBLISHED, True, False, False, False),
    ],
)
def test_who_may_act_on_a_sheet(teacher, other_teacher, reviewer, who, status, edit, submit, publish, send_back):
    user = {AUTHOR: teacher, OTHER: other_teacher, REVIEWER: reviewer}[who]
    sheet = ActivitySheetFactory(author=teacher, status=status)
    assert can_edit_sheet(user, sheet) is edit
    assert can_submit_sheet(user, sheet) is submit
    assert can_publish_sheet(user, sheet) is publish
    assert can_send_back_sheet(user, sheet) is send_back


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT])
def test_reviewing_roles_see_drafts_of_everyone(role, teacher):
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT)
    assert draft in ActivitySheet.objects.visible_to(user_with_role(role))
    assert draft in ActivitySheet.objects.visible_to(teacher)
    assert draft not in ActivitySheet.objects.visible_to(user_with_role(Role.TRAINER))
