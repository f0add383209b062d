import os
import signal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"Semis tests on {'PostgreSQL' if engine == 'postgresql' else 'SQLite'} ({engine})"


def pytest_collection_modifyitems(items):
    """Every test may use the database (STYLE.md: the django_db mark applied by conftest)."""
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _no_real_mail_files(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def run_worker(transactional_db):
    """Runs the background worker over every queued task and returns, as `manage.py worker --batch` does
    (for unit and browser tests alike).

    Tests that use it commit for real (transactional_db): the worker manages its own transactions
    and connections, as it does in production, which a test wrapped in one transaction cannot host.
    A task that fails fails the test, with its traceback.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    def run():
        # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back afterwards.
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).values_list("task_path", "traceback")
        assert not failed, "\n".join(f"{path}:\n{traceback}" for path, traceback in failed)

    return run


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files written by a test (attestation PDFs…) go to its own temporary directory, never to var/."""
    from semis.core import files

    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    # A test's transaction, rolled back by the runner, never ends its files' pending notes: drop them
    # before a later test's file of the same name is taken for one of them (semis.core.files).
    files.forget_pending()


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French: a request in English (language cookie) leaves its language active in
    the thread, and random test order would let it leak into the next test's messages."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
