import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from semis.library.enums import SheetStatus
from semis.library.exchange import ExchangeError, exchange_document, read_exchange
from semis.library.models import ActivitySheet, SheetVersion
from semis.library.services import sheets_import
from semis.library.tests.factories import SAMPLE_FILE, sample_document, sample_sheet


def write(tmp_path, document) -> str:
    path = tmp_path / "fiches.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_load_library_publishes_every_sheet_with_a_first_version(referential, capsys):
    call_command("load_library", file=str(SAMPLE_FILE))
    assert "3 fiche(s) créée(s)" in capsys.readouterr().out
    sheets = ActivitySheet.objects.all()
    assert {s.status for s in sheets} == {SheetStatus.PUBLISHED}
    assert SheetVersion.objects.filter(number=1).count() == 3
    meteo = ActivitySheet.objects.get(slug="meteo-des-emotions")
    assert sorted(meteo.skills.values_list("code", flat=True)) == ["E1.2", "E2.1"]
    assert [c.value for c in meteo.cycle_list] == ["cycle1", "cycle2"]
    assert meteo.adaptation_language.startswith("Les pictogrammes")


def test_load_library_twice_changes_nothing(referential, capsys):
    call_command("load_library", file=str(SAMPLE_FILE))
    versions = list(ActivitySheet.objects.values_list("slug", "version"))
    call_command("load_library", file=str(SAMPLE_FILE))
    assert "0 fiche(s) créée(s), 0 mise(s) à jour, 3 inchangée(s)" in capsys.readouterr().out
    assert list(ActivitySheet.objects.values_list("slug", "version")) == versions
    assert SheetVersion.objects.count() == 3


def test_load_library_without_data_file_skips_with_a_message(referential, tmp_path, capsys):
    call_command("load_library", file=str(tmp_path / "absent.json"))
    assert "Rien à charger" in capsys.readouterr().out
    assert not ActivitySheet.objects.exists()


def test_changed_content_updates_the_sheet_and_keeps_a_new_version(referential, tmp_path):
    call_command("load_library", file=str(SAMPLE_FILE))
    document = sample_document()
    document["sheets"][0]["summary"] = "Un nouveau résumé."
    call_command("load_library", file=write(tmp_path, document))
    sheet = ActivitySheet.objects.get(slug="meteo-des-emotions")
    assert sheet.summary == "Un nouveau résumé."
    assert list(sheet.versions.values_list("number", flat=True)) == [2, 1]
    assert sheet.versions.get(number=1).snapshot["summary"] != "Un nouveau résumé."


def test_an_unknown_skill_refuses_the_whole_file_with_a_message_naming_the_sheet(referential, tmp_path):
    document = sample_document()
    document["sheets"][1]["skills"] = ["S1.1", "Z9.9"]
    with pytest.raises(CommandError) as refused:
        call_command("load_library", file=write(tmp_path, document))
    assert "Fiche n° 2 (« baton-de-parole ») — skills : compétence inconnue" in str(refused.value)
    assert "« Z9.9 »" in str(refused.value)
    assert not ActivitySheet.objects.exists()


def test_every_bad_field_of_every_sheet_is_reported(referential):
    document = sample_document()
    document["sheets"][0].update(duration_minutes=5, cycles=["cycle9"], objectives=["Un seul"])
    document["sheets"][2].pop("licence")
    document["sheets"][2]["couleur"] = "bleu"
    with pytest.raises(ExchangeError) as refused:
        read_exchange(document)
    messages = refused.value.messages
    first = "Fiche n° 1 (« meteo-des-emotions ») — "
    assert any(m.startswith(first + "cycles : valeur inconnue « cycle9 »") for m in messages)
    assert any("Fiche n° 1" in m and "duration_minutes" in m for m in messages)
    assert any("Fiche n° 1" in m and "objectives : Au moins 2 éléments" in m for m in messages)
    assert any("Fiche n° 3" in m and "clés manquantes : licence" in m for m in messages)
    assert any("Fiche n° 3" in m and "clés inconnues : couleur" in m for m in messages)
    assert not any("Fiche n° 2" in m for m in messages)


def test_steps_need_a_title_minutes_and_instructions(referential):
    document = {**sample_document(), "sheets": [sample_sheet(steps=[{"title": "Seule", "minutes": "dix"}])]}
    with pytest.raises(ExchangeError) as refused:
        read_exchange(document)
    assert "steps : Étape 1" in refused.value.messages[0]


def test_a_slug_used_twice_in_one_file_is_refused(referential):
    document = {**sample_document(), "sheets": [sample_sheet(), sample_sheet()]}
    with pytest.raises(ExchangeError) as refused:
        read_exchange(document)
    assert refused.value.messages == [
        "Fiche n° 2 (« meteo-des-emotions ») — slug : déjà utilisé par une fiche précédente du fichier."
    ]


def test_another_format_is_refused(referential):
    with pytest.raises(ExchangeError, match="n'est pas au format"):
        read_exchange({"format": "autre", "sheets": []})


def test_export_gives_back_what_was_imported(referential):
    document = sample_document()
    sheets_import(contents=read_exchange(document))
    exported = exchange_document(ActivitySheet.objects.published().with_list_related_data().order_by("slug"))
    assert exported["format"] == "semis-activity-sheets"
    assert exported["sheets"] == sorted(document["sheets"], key=lambda s: s["slug"])
