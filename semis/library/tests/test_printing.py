"""Print and share: each sheet and each sequence as an A4 PDF and a printable page."""

from semis.library.enums import SheetStatus
from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory, pdf_pages, pdf_text


def test_a_sheet_pdf_has_its_skills_steps_debriefing_licence_and_page_numbers(client, library, teacher):
    client.force_login(teacher)
    response = client.get("/cartable/fiches/baton-de-parole/fiche.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="fiche-baton-de-parole.pdf"'
    text = pdf_text(response.content)
    sheet = library["baton-de-parole"]
    assert sheet.title in text
    for skill in sheet.skills.all():
        assert skill.code in text
    for step in sheet.steps:
        assert step["title"] in text
    assert "Questions pour le retour (débriefing)" in text
    assert sheet.debriefing_questions[0] in text
    assert f"licence {sheet.licence}" in text
    assert f"Page 1 / {pdf_pages(response.content)}" in text


def test_a_sequence_pdf_lists_its_sessions_in_order_with_hours_and_safe_coverage_then_each_sheet(
    client, referential, teacher
):
    titles = ["Première séance", "Deuxième séance", "Troisième séance"]
    sheets = [ActivitySheetFactory(title=title, duration_minutes=45, safe_active=True) for title in titles]
    sequence = SequenceFactory(owner=teacher, title="Les émotions en CM1", sheets=[sheets[2], sheets[0], sheets[1]])
    sequence.items.filter(position=2).update(note="En demi-groupe avec l'AESH.")
    client.force_login(teacher)
    response = client.get(f"/cartable/sequences/{sequence.pk}/sequence.pdf")
    text = pdf_text(response.content)
    plan = text[text.index("Les séances, dans l’ordre") : text.index("Couverture SAFE")]
    assert plan.index("Troisième séance") < plan.index("Première séance") < plan.index("Deuxième séance")
    assert "2,2 h" in plan or "2.2 h" in plan
    assert "En demi-groupe avec l'AESH." in plan
    safe = text[text.index("Couverture SAFE") : text.index("Durlak")].replace(" ", "")
    assert "Active:lesparticipantsfontetvivent\n\n3/3\n\n✓oui" in safe, safe
    assert "Explicite:lacompétenceestnommée\n\n0/3\n\n–non" in safe, safe
    # Then each sheet, in the sequence's order, on pages of their own.
    rest = text[text.index("Durlak") :]
    # (The session label is set in capitals.)
    assert rest.index("SÉANCE 1 SUR 3") < rest.index("Troisième séance") < rest.index("SÉANCE 2 SUR 3")
    assert pdf_pages(response.content) >= 4


def test_printable_pages_show_the_same_document_with_a_link_to_the_pdf(client, library, teacher):
    client.force_login(teacher)
    page = client.get("/cartable/fiches/meteo-des-emotions/imprimer/").content.decode()
    assert "La météo des émotions" in page
    assert 'href="/cartable/fiches/meteo-des-emotions/fiche.pdf"' in page
    assert "@page" in page
    sequence = SequenceFactory(owner=teacher, sheets=[library["meteo-des-emotions"]])
    page = client.get(f"/cartable/sequences/{sequence.pk}/imprimer/").content.decode()
    assert "Les séances, dans l’ordre" in page and "La météo des émotions" in page


def test_the_sheet_and_sequence_pages_link_to_their_pdf_and_printable_page(client, library, teacher):
    client.force_login(teacher)
    page = client.get("/cartable/fiches/meteo-des-emotions/").content.decode()
    assert "/cartable/fiches/meteo-des-emotions/fiche.pdf" in page
    assert "/cartable/fiches/meteo-des-emotions/imprimer/" in page
    sequence = SequenceFactory(owner=teacher, sheets=[library["meteo-des-emotions"]])
    page = client.get(f"/cartable/sequences/{sequence.pk}/").content.decode()
    assert f"/cartable/sequences/{sequence.pk}/sequence.pdf" in page


def test_a_draft_is_printed_for_its_author_only(client, referential, teacher, other_teacher):
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT, title="Mon brouillon")
    client.force_login(teacher)
    assert "Brouillon — fiche non publiée" in pdf_text(client.get(f"/cartable/fiches/{draft.slug}/fiche.pdf").content)
    client.force_login(other_teacher)
    assert client.get(f"/cartable/fiches/{draft.slug}/fiche.pdf").status_code == 404
    assert client.get(f"/cartable/fiches/{draft.slug}/imprimer/").status_code == 404


def test_a_private_sequence_pdf_is_404_for_others(client, referential, teacher, other_teacher):
    sequence = SequenceFactory(owner=teacher, sheets=[ActivitySheetFactory()])
    client.force_login(other_teacher)
    assert client.get(f"/cartable/sequences/{sequence.pk}/sequence.pdf").status_code == 404


def test_sequence_pdf_queries_do_not_grow_with_its_sessions(
    client, referential, teacher, django_assert_max_num_queries
):
    sequence = SequenceFactory(owner=teacher, sheets=[ActivitySheetFactory() for _ in range(2)])
    client.force_login(teacher)
    with django_assert_max_num_queries(18):
        client.get(f"/cartable/sequences/{sequence.pk}/imprimer/")
    sequence = SequenceFactory(owner=teacher, sheets=[ActivitySheetFactory() for _ in range(8)])
    with django_assert_max_num_queries(18):
        client.get(f"/cartable/sequences/{sequence.pk}/imprimer/")
