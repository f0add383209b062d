from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from semis.core.models import WorkerHeartbeat
from semis.core.tasks import send_email

HEALTHZ = reverse("core:healthz")


def test_healthz_reports_the_worker_down_without_a_heartbeat(client):
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker": "down", "worker_last_seen": None}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_the_worker_ok_with_a_fresh_heartbeat(client):
    seen = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="web-1", last_seen=seen)
    assert client.get(HEALTHZ).json() == {"database": "ok", "worker": "ok", "worker_last_seen": seen.isoformat()}


def test_healthz_reports_the_worker_down_when_the_heartbeat_is_stale(client):
    stale = timezone.now() - settings.WORKER_HEARTBEAT_MAX_AGE - timezone.timedelta(seconds=1)
    WorkerHeartbeat.objects.create(worker_id="web-1", last_seen=stale)
    report = client.get(HEALTHZ).json()
    assert report["worker"] == "down"
    assert report["worker_last_seen"] == stale.isoformat()


def test_healthz_takes_the_freshest_of_several_workers(client):
    WorkerHeartbeat.objects.create(worker_id="old", last_seen=timezone.now() - timezone.timedelta(hours=1))
    WorkerHeartbeat.objects.create(worker_id="new", last_seen=timezone.now())
    assert client.get(HEALTHZ).json()["worker"] == "ok"


def test_worker_writes_its_heartbeat_and_healthz_sees_it(client, run_worker):
    run_worker()
    assert WorkerHeartbeat.objects.count() == 1
    assert client.get(HEALTHZ).json()["worker"] == "ok"


def test_worker_prunes_heartbeats_of_workers_gone_for_a_day(run_worker):
    WorkerHeartbeat.objects.create(worker_id="gone", last_seen=timezone.now() - timezone.timedelta(days=2))
    WorkerHeartbeat.objects.create(worker_id="recent", last_seen=timezone.now() - timezone.timedelta(hours=2))
    run_worker()
    assert not WorkerHeartbeat.objects.filter(worker_id="gone").exists()
    assert WorkerHeartbeat.objects.filter(worker_id="recent").exists()


def test_worker_runs_queued_mail_tasks_and_records_their_result(run_worker):
    result = send_email.enqueue(subject="Bonjour", body="Un message.", to=["a@exemple.fr"])
    assert mail.outbox == []
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Bonjour"]
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
