"""Favourites, sequences, the programme registry and the coverage matrix."""

import pytest
from django.core.management import call_command

from semis.library.enums import SheetStatus
from semis.library.models import Favourite, Programme, Sequence
from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory


def test_a_sheet_goes_into_my_cartable_and_out_again(client, library, teacher, other_teacher):
    sheet = library["baton-de-parole"]
    client.force_login(teacher)
    client.post(f"/cartable/fiches/{sheet.slug}/favori/")
    assert "Le bâton de parole" in client.get("/cartable/mon-cartable/").content.decode()
    assert "Retirer de mon cartable" in client.get(f"/cartable/fiches/{sheet.slug}/").content.decode()
    client.force_login(other_teacher)
    assert "Le bâton de parole" not in client.get("/cartable/mon-cartable/").content.decode()
    client.force_login(teacher)
    client.post(f"/cartable/fiches/{sheet.slug}/favori/")
    assert not Favourite.objects.exists()


def test_build_a_sequence_of_six_sheets_with_hours_and_safe_coverage(client, referential, teacher):
    sheets = [ActivitySheetFactory(duration_minutes=45, safe_active=True, safe_explicit=n < 3) for n in range(6)]
    client.force_login(teacher)
    response = client.post("/cartable/sequences/nouvelle/", {"title": "Les émotions en CM1", "cycle": "cycle3"})
    sequence = Sequence.objects.get()
    assert response["Location"] == f"/cartable/sequences/{sequence.pk}/"
    for sheet in sheets:
        client.post(f"/cartable/fiches/{sheet.slug}/ajouter-a-une-sequence/", {"sequence": sequence.pk})
    assert list(sequence.items.values_list("sheet", flat=True)) == [s.pk for s in sheets]
    response = client.get(f"/cartable/sequences/{sequence.pk}/")
    summary = response.context["summary"]
    assert (summary.session_count, summary.total_minutes, summary.total_hours) == (6, 270, 4.5)
    assert summary.safe_counts == {"sequenced": 0, "active": 6, "focused": 0, "explicit": 3}
    assert summary.safe_complete["active"] and not summary.safe_complete["explicit"]
    # Factory sheets are for cycle 2: each one is flagged as meant for another cycle.
    assert len(summary.off_cycle) == 6
    assert "4.5 h au total" in response.content.decode() or "4,5 h au total" in response.content.decode()


def test_reorder_and_remove_sessions(client, referential, teacher):
    a, b, c = (ActivitySheetFactory(title=t) for t in "ABC")
    sequence = SequenceFactory(owner=teacher, sheets=[a, b, c])
    first, second, third = sequence.items.order_by("position")
    client.force_login(teacher)
    client.post(f"/cartable/sequences/{sequence.pk}/seances/{third.pk}/deplacer/", {"direction": "up"})
    assert list(sequence.items.values_list("sheet__title", flat=True)) == ["A", "C", "B"]
    client.post(f"/cartable/sequences/{sequence.pk}/seances/{first.pk}/retirer/")
    assert list(sequence.items.values_list("sheet__title", "position")) == [("C", 1), ("B", 2)]
    client.post(f"/cartable/sequences/{sequence.pk}/seances/{second.pk}/adaptation/", {"note": "En demi-groupe."})
    assert sequence.items.get(pk=second.pk).note == "En demi-groupe."


def test_others_duplicate_a_shared_sequence_to_adapt_it_but_cannot_change_it(client, teacher, other_teacher):
    sheet = ActivitySheetFactory()
    shared = SequenceFactory(owner=teacher, is_shared=True, sheets=[sheet])
    shared.items.update(note="Avec les CM2")
    client.force_login(other_teacher)
    assert client.get(f"/cartable/sequences/{shared.pk}/modifier/").status_code == 403
    assert client.post(f"/cartable/sequences/{shared.pk}/seances/{shared.items.get().pk}/retirer/").status_code == 403
    response = client.post(f"/cartable/sequences/{shared.pk}/dupliquer/")
    copy = Sequence.objects.get(owner=other_teacher)
    assert response["Location"] == f"/cartable/sequences/{copy.pk}/"
    assert (copy.title, copy.based_on, copy.is_shared) == (f"Copie de {shared.title}", shared, False)
    assert list(copy.items.values_list("sheet", "note")) == [(sheet.pk, "Avec les CM2")]


def test_a_private_sequence_is_invisible_to_others(client, referential, teacher, other_teacher):
    private = SequenceFactory(owner=teacher)
    client.force_login(other_teacher)
    assert client.get(f"/cartable/sequences/{private.pk}/").status_code == 404
    assert private.title not in client.get("/cartable/sequences/").content.decode()


def test_only_published_sheets_enter_a_sequence(client, referential, teacher):
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT)
    sequence = SequenceFactory(owner=teacher)
    client.force_login(teacher)
    client.post(f"/cartable/fiches/{draft.slug}/ajouter-a-une-sequence/", {"sequence": sequence.pk})
    assert not sequence.items.exists()


def test_sequence_list_queries_do_not_grow(client, referential, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    SequenceFactory(owner=teacher, sheets=[ActivitySheetFactory()])
    with django_assert_max_num_queries(10):
        client.get("/cartable/sequences/")
    for _ in range(10):
        SequenceFactory(owner=teacher, is_shared=True, sheets=[ActivitySheetFactory(), ActivitySheetFactory()])
    with django_assert_max_num_queries(8):
        client.get("/cartable/sequences/")


def test_load_library_loads_the_programme_registry_once(referential, tmp_path, capsys):
    call_command("load_library", file=str(tmp_path / "absent.json"))
    assert "Programmes : 5 créé(s)" in capsys.readouterr().out
    call_command("load_library", file=str(tmp_path / "absent.json"))
    assert "Programmes : 0 créé(s), 0 mis à jour, 5 inchangé(s)" in capsys.readouterr().out
    unplugged = Programme.objects.get(slug="unplugged")
    assert (unplugged.age_min, unplugged.age_max, unplugged.total_hours) == (12, 14, 12)
    assert unplugged.evidence_source and not unplugged.evidence_checked


@pytest.fixture
def programmes(referential, tmp_path):
    call_command("load_library", file=str(tmp_path / "absent.json"))


def test_programmes_are_compared_side_by_side(client, programmes, teacher):
    client.force_login(teacher)
    assert "Good Behavior Game" in client.get("/cartable/programmes/").content.decode()
    content = client.get("/cartable/programmes/comparer/", {"p": ["unplugged", "psfp"]}).content.decode()
    assert "Unplugged" in content and "14 séances hebdomadaires de 2 heures" in content
    assert "Tina et Toni" not in content
    assert "à vérifier" in content


def test_skill_page_lists_the_programmes_that_work_on_it(client, programmes, teacher):
    client.force_login(teacher)
    assert "Unplugged" in client.get("/referentiel/spf-2022/S3.2/").content.decode()


def test_coverage_counts_published_sheets_per_skill_and_cycle(client, library, teacher, django_assert_max_num_queries):
    ActivitySheetFactory(status=SheetStatus.DRAFT, skills=[library["meteo-des-emotions"].skills.first()])
    client.force_login(teacher)
    with django_assert_max_num_queries(12):
        response = client.get("/cartable/couverture/")
    rows = {row.skill.code: dict(row.cells) for row in response.context["rows"]}
    assert len(rows) == 21
    assert rows["E1.2"] == {"0-3": 0, "cycle1": 1, "cycle2": 1, "cycle3": 0, "cycle4": 0, "lycee": 0, "16-25": 0}
    assert rows["S3.2"]["lycee"] == 1
    # Eleven (skill, cycle) pairs are covered by the three sample sheets.
    assert response.context["empty_cells"] == 21 * 7 - 11


def test_the_shipped_library_leaves_no_empty_cell_in_the_coverage_matrix(client, referential, teacher):
    """Every specific skill has at least one published sheet for every cycle and public (0-3 to 16-25)."""
    call_command("load_library", verbosity=0)
    client.force_login(teacher)
    response = client.get("/cartable/couverture/")
    empty = [(row.skill.code, cycle) for row in response.context["rows"] for cycle, count in row.cells if not count]
    assert empty == []
    assert response.context["empty_cells"] == 0
    assert "Chaque case a au moins une fiche." in response.content.decode()
