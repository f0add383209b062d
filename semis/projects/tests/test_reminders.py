import datetime
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.scheduler import PeriodicScheduler
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects import services
from semis.projects.models import DeliveredSession, Group
from semis.projects.tests.factories import create_project, this_school_year

REMINDERS = "semis.projects.tasks.send_delivery_reminders"


@pytest.fixture
def march():
    """A moment in the middle of this school year, away from the summer holidays."""
    return timezone.make_aware(datetime.datetime(this_school_year() + 1, 3, 10, 7))


def running_project(now, *, quiet_days=30, status="submitted"):
    school = EstablishmentFactory()
    teacher = user_with_role(Role.TEACHER, school)
    project = create_project(teacher, school)
    if status == "submitted":
        services.project_submit(user=teacher, project=project)
    Group.objects.filter(project=project).update(created_at=now - datetime.timedelta(days=quiet_days))
    return project, teacher


def test_a_quiet_group_of_a_running_project_is_reminded_once_to_its_creator(settings, march, run_worker):
    settings.PROJECTS_REMINDER_DAYS = 21
    project, teacher = running_project(march)
    running_project(march, status="draft")  # a draft has not started: no reminder
    active, _teacher = running_project(march)
    DeliveredSession.objects.create(
        project=active, group=active.groups.get(), date=march.date() - datetime.timedelta(days=5), activity="Conseil",
        minutes=45, pupils_present=20, fidelity=4, engagement=3, submission_key=uuid.uuid4(),
    )  # fmt: skip
    assert services.delivery_send_reminders(now=march) == 1
    assert services.delivery_send_reminders(now=march) == 0
    run_worker()
    assert [message.to for message in mail.outbox] == [[teacher.email]]
    assert "des séances à consigner" in mail.outbox[0].subject
    assert "CE2 A : 0 min menées sur 8 h prévues" in mail.outbox[0].body
    assert reverse("projects:delivery_log", args=[project.pk]) in mail.outbox[0].body


def test_no_reminder_in_the_summer_holidays(march):
    running_project(march)
    assert services.delivery_send_reminders(now=march.replace(month=7)) == 0


def test_the_worker_schedules_the_reminders(settings):
    assert REMINDERS in settings.PERIODIC_TASKS
    scheduler = PeriodicScheduler({REMINDERS: datetime.timedelta(hours=24)})
    assert scheduler.tick(timezone.now()) == [REMINDERS]
