"""The full-text search side tables, one per database engine (see semis/library/search.py).

SQLite: an FTS5 table whose tokenizer removes accents and stems words.
PostgreSQL: the unaccent extension, a `french_unaccent` text search configuration (the french
stemmer behind unaccent) and a table of weighted tsvectors with GIN indexes.
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE VIRTUAL TABLE library_sheet_fts USING fts5(
    title, summary, body, tags,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    CREATE TABLE library_sheet_search (
        -- No foreign key, like the SQLite FTS table: the services remove a deleted sheet's row, and
        -- a reference would stop the TRUNCATE that flushes the database (tests, `manage.py flush`).
        sheet_id bigint PRIMARY KEY,
        text text NOT NULL,
        title tsvector NOT NULL,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX library_sheet_search_document ON library_sheet_search USING gin (document)",
    "CREATE INDEX library_sheet_search_title ON library_sheet_search USING gin (title)",
]


def create_search_tables(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_search_tables(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_sheet_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS library_sheet_search")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_search_tables, drop_search_tables)]
