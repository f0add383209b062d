"""Bad input gets a clear French message next to its field, and nothing is written."""

import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects import services
from semis.projects.models import DeliveredSession, Group
from semis.projects.tests.factories import create_project, this_school_year


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def project(school, teacher):
    return create_project(teacher, school, last_year=this_school_year())


def record(user, group, **changes):
    values = {
        "date": timezone.localdate(),
        "minutes": 45,
        "pupils_present": 20,
        "fidelity": 4,
        "engagement": 3,
        "activity": "Cercle de parole",
        "submission_key": uuid.uuid4(),
    }
    values.update(changes)
    return services.delivery_record(user=user, group=group, **values)


@pytest.mark.parametrize(
    ("pupils", "message"), [(0, "au moins 1 élève"), (500, "au plus 40 élèves : au-delà, créez plusieurs groupes")]
)
def test_the_service_refuses_a_group_of_zero_or_five_hundred_pupils(project, teacher, pupils, message):
    with pytest.raises(ValidationError) as refused:
        services.group_add(
            user=teacher, project=project, name="CM1", level="cm1", pupil_count=pupils, planned_hours=Decimal("8")
        )
    assert message in refused.value.message_dict["pupil_count"][0]
    assert Group.objects.filter(project=project).count() == 1


def test_a_session_of_zero_minutes_is_refused_on_the_form(client, project, teacher):
    sign_in(client, teacher)
    data = {
        "group": project.groups.get().pk,
        "date": timezone.localdate().isoformat(),
        "activity": "Cercle",
        "minutes": 0,
        "pupils_present": 20,
        "fidelity": 4,
        "engagement": 3,
        "submission_key": str(uuid.uuid4()),
    }
    response = client.post(reverse("projects:delivery_log", args=[project.pk]), data)
    assert "Une séance dure au moins 5 minutes." in str(response.context["form"].errors["minutes"])
    assert not DeliveredSession.objects.exists()


def test_a_session_without_its_fidelity_is_refused_in_french(client, project, teacher):
    sign_in(client, teacher)
    data = {
        "group": project.groups.get().pk,
        "date": timezone.localdate().isoformat(),
        "activity": "Cercle",
        "minutes": 45,
        "pupils_present": 20,
        "engagement": 3,
        "submission_key": str(uuid.uuid4()),
    }
    response = client.post(reverse("projects:delivery_log", args=[project.pk]), data)
    assert "Ce champ est obligatoire." in str(response.context["form"].errors["fidelity"])
    assert not DeliveredSession.objects.exists()


def test_a_project_ending_before_it_starts_is_refused_next_to_the_last_year(client, school, teacher):
    sign_in(client, teacher)
    year = this_school_year()
    data = {
        "carrier": "school",
        "establishment": school.uai,
        "title": "À l'envers",
        "first_year": year,
        "last_year": year - 1,
        "family_involvement": 0,
        "evaluation_kind": "none",
        "groupes-TOTAL_FORMS": 0,
        "groupes-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("projects:project_create"), data)
    assert "La dernière année ne peut pas précéder la première." in str(response.context["form"].errors["last_year"])


def test_a_submission_key_cannot_serve_two_groups(project, teacher):
    services.group_add(user=teacher, project=project, name="CE2 B", level="ce2", pupil_count=20, planned_hours=8)
    first, second = project.groups.order_by("name")
    key = uuid.uuid4()
    record(teacher, first, submission_key=key)
    with pytest.raises(ValidationError) as refused:
        record(teacher, second, submission_key=key)
    assert "rechargez la page" in refused.value.messages[0]
    assert DeliveredSession.objects.count() == 1


def test_a_group_cannot_shrink_below_the_pupils_already_logged_present(project, teacher):
    group = project.groups.get()
    record(teacher, group, pupils_present=22)
    with pytest.raises(ValidationError) as refused:
        services.group_update(user=teacher, group=group, name="CE2 A", level="ce2", pupil_count=20, planned_hours=8)
    assert "compte déjà 22 présents" in refused.value.message_dict["pupil_count"][0]


def test_a_group_of_last_year_takes_no_session_of_this_year(school, teacher):
    project = create_project(teacher, school, first_year=this_school_year() - 1, last_year=this_school_year())
    old_group = project.groups.get()
    services.project_continue(user=teacher, project=project)
    with pytest.raises(ValidationError) as refused:
        record(teacher, old_group, date=timezone.localdate())
    assert "la date doit tomber dans cette année scolaire" in refused.value.message_dict["date"][0]


def test_a_group_with_sessions_is_not_removed(project, teacher):
    group = project.groups.get()
    record(teacher, group)
    with pytest.raises(ValidationError):
        services.group_delete(user=teacher, group=group)
    assert Group.objects.filter(pk=group.pk).exists()


def session_data(project, date):
    return {
        "group": project.groups.get().pk,
        "date": date,
        "activity": "Cercle",
        "minutes": 45,
        "pupils_present": 20,
        "fidelity": 4,
        "engagement": 3,
        "submission_key": str(uuid.uuid4()),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_date_typed_the_french_way_is_read_the_french_way_in_either_language(client, project, teacher, language):
    """Without a calendar in the browser the date is typed: 5/11 is the 5th of November, even in English."""
    sign_in(client, teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    day = timezone.localdate()
    url = reverse("projects:delivery_log", args=[project.pk])
    response = client.post(url, session_data(project, day.strftime("%d/%m/%Y")))
    assert response.status_code == 302
    assert DeliveredSession.objects.get().date == day


@pytest.mark.parametrize("typed", ["31/02/2026", "2026/13/45", "hier"])
def test_a_date_that_does_not_exist_is_refused_with_the_expected_format(client, project, teacher, typed):
    sign_in(client, teacher)
    response = client.post(reverse("projects:delivery_log", args=[project.pk]), session_data(project, typed))
    assert response.context["form"].errors["date"] == [
        "Indiquez une date qui existe, au format jj/mm/aaaa : par exemple 05/11/2026."
    ]
    assert not DeliveredSession.objects.exists()


def test_a_session_in_the_future_is_refused_and_the_date_input_says_its_format(client, project, teacher):
    sign_in(client, teacher)
    url = reverse("projects:delivery_log", args=[project.pk])
    text = client.get(url).content.decode()
    assert 'type="date"' in text and f'max="{timezone.localdate().isoformat()}"' in text
    assert "Date de la séance" in text and "Format attendu : jj/mm/aaaa" in text
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url, session_data(project, tomorrow))
    assert response.context["form"].errors["date"] == ["La date ne peut pas être dans le futur."]
    assert not DeliveredSession.objects.exists()
