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
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, F, Func, Value, When
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


class NotIndexed(Func):
    """SQLite's unary plus: the same value, but the planner will not use an index to find it."""

    template = "+%(expressions)s"
    output_field = models.BigIntegerField()


class SqliteSearch:
    # Table names are written out in the SQL below (no string building); user words only travel as parameters.

    def _match(self, terms: list[str]) -> str:
        return " ".join(f'"{term}"*' for term in terms)

    def filter(self, queryset, terms):
        sql = "SELECT rowid FROM library_sheet_fts WHERE library_sheet_fts MATCH %s"
        # "+id IN (…)": the matches are probed from the narrow index of the allowed sheets, rather than
        # each match looked up in the table, whose rows carry the long texts (4 times slower).
        return queryset.alias(search_id=NotIndexed("pk")).filter(
            search_id__in=RawSQL(sql, [self._match(terms)])  # noqa: S611 — parameters only
        )

    def ranked_ids(self, queryset, terms, start: int, stop: int | None) -> list[int]:
        # The FTS table drives: bm25() is computed once per match, and the sheets allowed (visibility,
        # filters) come as a list of ids read from the sheets' narrow indexes. Joining each match to its
        # sheet row instead reads the whole row (its long JSON texts) to get at the status: twice as slow.
        # The unary + keeps SQLite from looking each allowed id up in the FTS index one by one.
        match = self._match(terms)
        allowed_sql, allowed_params = queryset.order_by().values("pk").query.sql_with_params()
        sql = f"""
            SELECT rowid FROM library_sheet_fts
            WHERE library_sheet_fts MATCH %s AND +rowid IN ({allowed_sql})
            ORDER BY rowid IN (SELECT rowid FROM library_sheet_fts WHERE library_sheet_fts MATCH %s) DESC,
                bm25(library_sheet_fts, 10.0, 4.0, 1.0, 1.0), rowid
            LIMIT %s OFFSET %s
        """  # noqa: S608 — the inner SQL is Django's, compiled with parameters
        # bm25 is lower for better matches; column weights: title 10, summary 4, body and tags 1.
        params = [match, *allowed_params, f"title : ({match})", -1 if stop is None else stop - start, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]

    def snippets(self, ids: list[int], terms) -> dict[int, str]:
        # The summary's snippet when the summary matches, else the body's (columns 1 and 2). "+rowid": one
        # pass over the match, rather than the (prefix) query run again for each of the page's sheets.
        sql = (
            "SELECT rowid, snippet(library_sheet_fts, 1, %s, %s, '…', 24), "
            "snippet(library_sheet_fts, 2, %s, %s, '…', 24) FROM library_sheet_fts "
            "WHERE library_sheet_fts MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))"
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
    def _raw(self, terms: list[str]) -> str:
        # Terms are \w+ words, so the raw tsquery needs no further escaping.
        return " & ".join(f"{term}:*" for term in terms)

    def _query(self, terms: list[str]) -> SearchQuery:
        return SearchQuery(self._raw(terms), config=SEARCH_CONFIG, search_type="raw")

    def filter(self, queryset, terms):
        # A subquery planned on its own ("OFFSET 0" keeps it from being merged into the outer query), so
        # that under index_scans() it reads the GIN index rather than testing documents one by one.
        sql = "SELECT sheet_id FROM library_sheet_search WHERE document @@ to_tsquery(%s::regconfig, %s) OFFSET 0"
        return queryset.filter(pk__in=RawSQL(sql, [SEARCH_CONFIG, self._raw(terms)]))  # noqa: S611 — parameters only

    def ranked_ids(self, queryset, terms, start: int, stop: int | None) -> list[int]:
        query = self._query(terms)
        ranked = (
            queryset.filter(search_document__document=query)
            .annotate(
                search_title_hit=Case(
                    When(search_document__title=query, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                ),
                search_rank=SearchRank(F("search_document__document"), query),
            )
            .order_by("-search_title_hit", "-search_rank", "pk")
            .values_list("pk", flat=True)
        )
        return list(ranked[start:stop])

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


@contextmanager
def index_scans():
    """PostgreSQL: find the matching documents through the GIN index, even for a word found in most of them.

    When many documents match, the planner prefers reading the whole table and testing each document, not
    knowing that each test decompresses a TOASTed tsvector: 260 ms against 5 ms on 20,000 sheets. For the
    queries that test the match without ranking (ranking reads each matching document anyway). The setting
    is local to the transaction (requests run in one) and put back on leaving; outside a transaction the
    planner is left alone.
    """
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def backend():
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()


@dataclass(frozen=True)
class FacetValues:
    """What the facets of the search count for one sheet (read back from its facet key)."""

    minutes: int
    cycles: frozenset[str]
    settings: frozenset[str]
    skill_ids: frozenset[int]


def facet_key(sheet) -> str:
    """ActivitySheet.facet_key: "minutes|cycles|settings|skill ids", e.g. "45|cycle2,cycle3|classe|12,15"
    (reads prefetched relations)."""
    return "|".join(
        [
            str(sheet.duration_minutes),
            ",".join(cycle.value for cycle in sheet.cycle_list),
            ",".join(setting.value for setting in sheet.setting_list),
            ",".join(str(skill.pk) for skill in sheet.skills.all()),
        ]
    )


def read_facet_key(key: str) -> FacetValues:
    minutes, cycles, settings, skills = key.split("|")
    return FacetValues(
        minutes=int(minutes),
        cycles=frozenset(filter(None, cycles.split(","))),
        settings=frozenset(filter(None, settings.split(","))),
        skill_ids=frozenset(int(pk) for pk in skills.split(",") if pk),
    )


def index_sheets(sheet_ids) -> None:
    """(Re)write the search documents and facet keys of these sheets; called last by the services that
    write sheets (a facet key is derived data: updated in place, without an audit line)."""
    from semis.library.models import ActivitySheet

    sheets = list(ActivitySheet.objects.filter(pk__in=list(sheet_ids)).with_list_related_data())
    backend().index({sheet.pk: sheet_document(sheet) for sheet in sheets})
    for sheet in sheets:
        key = facet_key(sheet)
        if key != sheet.facet_key:
            ActivitySheet.objects.filter(pk=sheet.pk).update(facet_key=key)


def remove_sheets(sheet_ids) -> None:
    backend().remove(list(sheet_ids))


def matching(queryset, text: str):
    """The sheets of `queryset` matching `text` (all of them when `text` has no searchable word)."""
    terms = query_terms(text)
    return backend().filter(queryset, terms) if terms else queryset


def ranked_ids(queryset, text: str, start: int = 0, stop: int | None = None) -> list[int]:
    """The ids of the sheets of `queryset` matching `text`, best first, from `start` to `stop`: sheets whose
    title matches first, then by relevance (bm25 / ts_rank). Without a searchable word: every sheet of
    `queryset`, by title."""
    terms = query_terms(text)
    if not terms:
        return list(queryset.order_by("title", "pk").values_list("pk", flat=True)[start:stop])
    return backend().ranked_ids(queryset, terms, start, stop)


def snippets(sheet_ids: list[int], text: str) -> dict[int, SafeString]:
    """Highlighted extracts of the summary or body; none for a sheet matched only by its title or tags."""
    terms = query_terms(text)
    if not terms:
        return {}
    return {pk: highlight(raw) for pk, raw in backend().snippets(sheet_ids, terms).items() if MARK_START in raw}
