import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role


@pytest.fixture
def signed_in(client):
    """Sign `user` in, with the second factor passed when their role needs one."""

    return lambda user: sign_in(client, user)


@pytest.fixture
def pilot_of():
    def make(course):
        return user_with_role(Role.ACADEMIE_PILOT, course.programme.academie)

    return make


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks):
    """Run the queued tasks as the database worker does, until the queue is empty; what a task
    enqueues on commit runs in turn. The worker's own loop closes the database connection between
    tasks, which the test's transaction would not survive on PostgreSQL: its run_task is used instead."""

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        done = 0
        while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            with django_capture_on_commit_callbacks(execute=True):
                result.claim(worker.worker_id)
                worker.run_task(result)
            result.refresh_from_db()
            assert result.status == "SUCCESSFUL", result.traceback
            done += 1
        return done

    return run
