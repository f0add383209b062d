import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from semis.core.middleware import GetRequestWriteError, ReadOnlyGetMiddleware
from semis.core.models import WorkerHeartbeat


def writing_view(request):
    WorkerHeartbeat.objects.create(worker_id="from-a-view", last_seen="2025-01-01T00:00:00Z")
    return HttpResponse("written")


def reading_view(request):
    return HttpResponse(str(WorkerHeartbeat.objects.count()))


def session_view(request):
    session = SessionStore()
    session["seen"] = True
    session.save()
    return HttpResponse("session")


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_view_that_writes_on_get_raises(method):
    request = getattr(RequestFactory(), method)("/")
    # Inside a transaction, as every request is (ATOMIC_REQUESTS).
    with pytest.raises(GetRequestWriteError, match="GET request tried to write: INSERT"), transaction.atomic():
        ReadOnlyGetMiddleware(writing_view)(request)
    assert not WorkerHeartbeat.objects.exists()


def test_the_same_view_may_write_on_post():
    response = ReadOnlyGetMiddleware(writing_view)(RequestFactory().post("/"))
    assert response.content == b"written"
    assert WorkerHeartbeat.objects.count() == 1


def test_reading_on_get_is_fine():
    assert ReadOnlyGetMiddleware(reading_view)(RequestFactory().get("/")).content == b"0"


def test_session_bookkeeping_may_write_on_get():
    assert ReadOnlyGetMiddleware(session_view)(RequestFactory().get("/")).content == b"session"


def test_the_guard_judges_the_table_written_not_tables_named_elsewhere():
    guard = ReadOnlyGetMiddleware(reading_view)._guard
    run = lambda sql: guard(lambda *args: "ran", sql, None, False, None)  # noqa: E731
    assert run('UPDATE "django_session" SET "expire_date" = %s') == "ran"
    assert run('SELECT * FROM "core_workerheartbeat" WHERE "worker_id" = \'django_session\'') == "ran"
    with pytest.raises(GetRequestWriteError):
        run('DELETE FROM "geo_establishment" WHERE "id" IN (SELECT "id" FROM "django_session")')
