"""French full-text search over activity sheets, on SQLite and on PostgreSQL.

Each sheet has a search document (title, summary, body, tags) kept in a side table by the service
functions that write sheets (`index_sheets`):
- SQLite: an FTS5 virtual table `library_sheet_fts` whose tokenizer strips accents
  (`remove_diacritics 2`) and stems (porter), created by migration 0002 on SQLite only;
- PostgreSQL: a table `library_sheet_search` of tsvectors built with the `french_unaccent`
  configuration (the `french` stemmer behind `unaccent`), created by the same migration on
  PostgreSQL only, read through the unmanaged model SheetSearchDocument.
Query words become prefix terms ("emo" finds "émotions") joined by AND; French stop words are
dropped so that "gérer ses émotions" also finds "gérer les émotions". Ranking puts sheets whose
title matches first, then orders by relevance (bm25 / ts_rank).
"""

import json
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, F, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

SEARCH_CONFIG = "french_unaccent"
MAX_TERMS = 12
# Marks put around matches by the database, replaced by <mark> once the snippet text is escaped.
MARK_START, MARK_END = "\u27e6", "\u27e7"

# Short French function words: they carry no meaning for the search and would make AND too strict.
STOP_WORDS_TEXT = """
a au aux avec ce ces cet cette d dans de des du elle en et il ils je l la le les leur leurs lui ma me mes moi mon
ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y
"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


def query_terms(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    terms = [w for w in words if w not in STOP_WORDS and len(w) > 1]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def sheet_document(sheet) -> tuple[str, str, str, str]:
    """(title, summary, body, tags) of a sheet as it is indexed. Tags (skills, cycles, settings) are
    searchable, so that "émotions CE1" finds the cycle 2 sheets about emotions, but never quoted in snippets."""
    body = [*sheet.objectives, *sheet.materials]
    for step in sheet.steps:
        body += [step["title"], step["instructions"]]
    body += [sheet.facilitator_posture, *sheet.variants, sheet.adaptation_disability, sheet.adaptation_language]
    body += [*sheet.debriefing_questions, sheet.safety_notes, sheet.group_size]
    with override("fr"):
        tags = [f"{skill.code} {skill.name}" for skill in sheet.skills.all()]
        tags += [str(cycle.label) for cycle in sheet.cycle_list]
        tags += [str(setting.label) for setting in sheet.setting_list]
    return sheet.title, sheet.summary, "\n".join(p for p in body if p), "\n".join(tags)


def _strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def highlight(raw: str) -> SafeString:
    """Escape a database snippet, then turn its match marks into <mark> elements."""
    html = escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 — the text was escaped above; only our own tags are added


class SqliteSearch:
    # Table names are written out in the SQL below (no string building); user words only travel as parameters.

    def _match(self, terms: list[str]) -> str:
        return " ".join(f'"{term}"*' for term in terms)

    def filter(self, queryset, terms):
        sql = "SELECT rowid FROM library_sheet_fts WHERE library_sheet_fts MATCH %s"
        return queryset.filter(pk__in=RawSQL(sql, [self._match(terms)]))  # noqa: S611 — parameters only

    def rank(self, queryset, terms):
        # A join on the FTS table, so bm25() is computed once per match. (A correlated subquery per row
        # re-runs the full-text query for every sheet: minutes instead of milliseconds on 20,000 sheets.)
        match = self._match(terms)
        title_hit = "library_activitysheet.id IN (SELECT rowid FROM library_sheet_fts WHERE library_sheet_fts MATCH %s)"
        return queryset.extra(  # noqa: S610 — fixed SQL, user words only travel as parameters
            tables=["library_sheet_fts"],
            where=["library_sheet_fts.rowid = library_activitysheet.id", "library_sheet_fts MATCH %s"],
            params=[match],
            # bm25 is lower for better matches; column weights: title 10, summary 4, body and tags 1.
            select={
                "search_title_hit": title_hit,
                "search_rank": "-bm25(library_sheet_fts, 10.0, 4.0, 1.0, 1.0)",
            },
            select_params=[f"title : ({match})"],
        )

    def snippets(self, ids: list[int], terms) -> dict[int, str]:
        # The summary's snippet when the summary matches, else the body's (columns 1 and 2).
        sql = (
            "SELECT rowid, snippet(library_sheet_fts, 1, %s, %s, '…', 24), "
            "snippet(library_sheet_fts, 2, %s, %s, '…', 24) FROM library_sheet_fts "
            "WHERE library_sheet_fts MATCH %s AND rowid IN (SELECT value FROM json_each(%s))"
        )
        marks = [MARK_START, MARK_END] * 2
        with connection.cursor() as cursor:
            cursor.execute(sql, [*marks, self._match(terms), json.dumps(ids)])
            return {pk: summary if MARK_START in summary else body for pk, summary, body in cursor.fetchall()}

    def index(self, documents: dict[int, tuple[str, str, str, str]]) -> None:
        with connection.cursor() as cursor:
            self._delete(cursor, list(documents))
            cursor.executemany(
                "INSERT INTO library_sheet_fts (rowid, title, summary, body, tags) VALUES (%s, %s, %s, %s, %s)",
                [(pk, *map(_strip_marks, doc)) for pk, doc in documents.items()],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            self._delete(cursor, ids)

    def _delete(self, cursor, ids):
        cursor.execute(
            "DELETE FROM library_sheet_fts WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]
        )


class PostgresSearch:
    def _query(self, terms: list[str]) -> SearchQuery:
        # Terms are \w+ words, so the raw tsquery needs no further escaping.
        return SearchQuery(" & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw")

    def filter(self, queryset, terms):
        return queryset.filter(search_document__document=self._query(terms))

    def rank(self, queryset, terms):
        query = self._query(terms)
        return queryset.annotate(
            search_title_hit=Case(
                When(search_document__title=query, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            search_rank=SearchRank(F("search_document__document"), query),
        )

    def snippets(self, ids: list[int], terms) -> dict[int, str]:
        from semis.library.models import SheetSearchDocument

        headline = SearchHeadline(
            "text",
            self._query(terms),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = SheetSearchDocument.objects.filter(sheet_id__in=ids).annotate(snippet=headline)
        return dict(rows.values_list("sheet_id", "snippet"))

    def index(self, documents: dict[int, tuple[str, str, str, str]]) -> None:
        sql = """
            INSERT INTO library_sheet_search (sheet_id, text, title, document)
            VALUES (
                %s, %s,
                setweight(to_tsvector('french_unaccent', %s), 'A'),
                setweight(to_tsvector('french_unaccent', %s), 'A')
                || setweight(to_tsvector('french_unaccent', %s), 'B')
                || setweight(to_tsvector('french_unaccent', %s), 'C')
                || setweight(to_tsvector('french_unaccent', %s), 'D')
            )
            ON CONFLICT (sheet_id) DO UPDATE
            SET text = EXCLUDED.text, title = EXCLUDED.title, document = EXCLUDED.document
        """
        rows = []
        for pk, doc in documents.items():
            title, summary, body, tags = map(_strip_marks, doc)
            rows.append((pk, f"{summary}\n{body}", title, title, summary, body, tags))
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM library_sheet_search WHERE sheet_id = ANY(%s)", [ids])


def backend():
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()


def index_sheets(sheet_ids) -> None:
    """(Re)write the search documents of these sheets; called by the services that write sheets."""
    from semis.library.models import ActivitySheet

    sheets = ActivitySheet.objects.filter(pk__in=list(sheet_ids)).with_list_related_data()
    backend().index({sheet.pk: sheet_document(sheet) for sheet in sheets})


def remove_sheets(sheet_ids) -> None:
    backend().remove(list(sheet_ids))


def matching(queryset, text: str):
    """The sheets of `queryset` matching `text` (all of them when `text` has no searchable word)."""
    terms = query_terms(text)
    return backend().filter(queryset, terms) if terms else queryset


def ranked(queryset, text: str):
    """`queryset` (already cut by `matching`) ordered by relevance, sheets whose title matches first."""
    terms = query_terms(text)
    if not terms:
        return queryset.order_by("title", "pk")
    return backend().rank(queryset, terms).order_by("-search_title_hit", "-search_rank", "title", "pk")


def snippets(sheet_ids: list[int], text: str) -> dict[int, SafeString]:
    """Highlighted extracts of the summary or body; none for a sheet matched only by its title or tags."""
    terms = query_terms(text)
    if not terms:
        return {}
    return {pk: highlight(raw) for pk, raw in backend().snippets(sheet_ids, terms).items() if MARK_START in raw}
