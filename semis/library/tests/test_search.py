"""The same tests run on SQLite (FTS5) and on PostgreSQL (french_unaccent) — see semis/library/search.py."""

from semis.library import search
from semis.library.exchange import SheetContent, read_exchange
from semis.library.models import ActivitySheet
from semis.library.services import sheet_update, sheets_import
from semis.library.tests.factories import sample_document, sample_sheet


def found(text):
    slugs = dict(ActivitySheet.objects.values_list("pk", "slug"))
    return [slugs[pk] for pk in search.ranked_ids(ActivitySheet.objects.all(), text)]


def test_emotion_without_accent_finds_emotions(library):
    assert set(found("emotion")) == {"meteo-des-emotions", "baton-de-parole"}


def test_gerer_without_accent_finds_gerer(library):
    assert found("gerer") == ["baton-de-parole"]


def test_a_title_match_ranks_above_a_body_only_match(library):
    # "émotions" is in the title of the weather sheet, only in one step of the talking-stick sheet.
    assert found("émotions") == ["meteo-des-emotions", "baton-de-parole"]
    # Even when the body-only sheet says the word more often.
    body_heavy = sample_sheet(
        slug="conte-des-colores",
        title="Le conte des couleurs",
        summary="Un conte sur les émotions, les émotions des autres et nos émotions à nous.",
    )
    sheets_import(contents=read_exchange({**sample_document(), "sheets": [body_heavy]}))
    assert found("émotions")[0] == "meteo-des-emotions"


def test_every_word_must_match_and_french_stop_words_are_ignored(library):
    assert found("écouter parole") == ["baton-de-parole"]
    assert found("le bâton de la parole") == ["baton-de-parole"]
    assert found("bâton météo") == []


def test_a_word_start_finds_the_whole_word(library):
    assert found("émo") == ["meteo-des-emotions", "baton-de-parole"]


def test_cycle_labels_are_searchable(library):
    assert found("refus lycée") == ["dire-non-sans-blesser"]


def test_snippets_highlight_the_match_and_escape_the_text(referential):
    sheet = sample_sheet(slug="balises", title="Balises", summary="Nommer <b>ses</b> émotions & les dire.")
    sheets_import(contents=read_exchange({**sample_document(), "sheets": [sheet]}))
    pk = ActivitySheet.objects.get(slug="balises").pk
    snippet = search.snippets([pk], "émotions")[pk]
    assert "<mark>émotions</mark>" in snippet
    assert "&amp; les dire" in snippet
    assert "<b>" not in snippet


def test_search_document_follows_each_edit(library):
    sheets_import(
        contents=read_exchange(
            {**sample_document(), "sheets": [sample_sheet(title="La girafe et le chacal", summary="Communiquer.")]}
        )
    )
    assert found("girafe") == ["meteo-des-emotions"]
    assert found("apprennent") == []


def test_a_query_of_stop_words_only_returns_everything_unranked(library):
    assert len(found("le la les")) == 3


def test_facet_counts_follow_an_edit_of_the_sheet(client, library, teacher, reviewer):
    """The facets count from each sheet's facet key, which the services rewrite with the search document."""
    sheet = ActivitySheet.objects.with_list_related_data().get(slug="dire-non-sans-blesser")
    content = SheetContent.from_sheet(sheet)
    content.cycles, content.duration_minutes = ["cycle2"], 25
    sheet_update(sheet=sheet, user=reviewer, content=content, expected_version=sheet.version)

    client.force_login(teacher)
    result = client.get("/cartable/").context["result"]
    facets = {facet.param: {value.value: value.count for value in facet.values} for facet in result.facets}
    assert facets["cycle"]["cycle2"] == 3
    assert "lycee" not in facets["cycle"]
    assert facets["duree"] == {"court": 3}
    assert result.page.paginator.count == 3
