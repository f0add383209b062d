"""`python -m bench`: sets Django up on a throwaway SQLite file, then runs every benchmark.

The database lives in a temporary directory removed at the end, whatever DATABASE_URL says, so
the benchmarks never touch a developer's or a server's data and always start from empty tables.
"""

import os
import platform
import sqlite3
import sys
import tempfile
import time


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="semis-bench-") as directory:
        os.environ["SEMIS_ENV"] = "test"
        os.environ["SEMIS_VAR_DIR"] = directory
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semis.settings")
        os.environ["LOG_LEVEL"] = "WARNING"
        # Whitenoise warns when the static root is missing; the bench serves no static file.
        os.makedirs(os.path.join(directory, "static"))

        import django

        django.setup()
        from django.core.management import call_command

        from bench import geography, library, list_page

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(
            f"Semis bench — Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"Django {django.get_version()}, base jetable {directory}"
        )
        # The geography import runs on the empty database; the list page then uses its communes.
        for benchmark in (geography.run, list_page.run, library.run):
            print(benchmark().line(), flush=True)
        print(f"Durée totale : {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
