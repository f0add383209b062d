"""Mon espace for the people in the field: their own trainings, projects and sequences, each block
with what to do first when it is empty, and nothing of a colleague's."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory
from semis.library.models import Favourite
from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory
from semis.projects.enums import ProjectStatus
from semis.projects.models import Project
from semis.projects.tests.factories import create_project
from semis.training import services as training_services
from semis.training.models import Attestation
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend

HOME = reverse("core:home")


@pytest.fixture
def school():
    course = TrainingCourseFactory(sessions=1)
    return EstablishmentFactory(commune=CommuneFactory(departement=course.departement))


def teacher_of(school, email):
    return user_with_role(Role.TEACHER, school, email=email, first_name="Élise")


def give_work(user, school, n: int = 1, *, title: str = "Météo des émotions"):
    """`n` closed stages with an attestation (and one to come), `n` projects and `n` sequences of `user`."""
    for index in range(n):
        course = TrainingCourseFactory(sessions=4, title=f"{title} — stage {index}")
        enrolment = EnrolmentFactory(course=course, email=user.email, establishment=school)
        attend(enrolment, *list(course.sessions.all())[:3])
        attestation = Attestation.objects.create(enrolment=enrolment, hours=9, issued_at=timezone.now())
        attestation.pdf.save("attestation.pdf", ContentFile(b"%PDF-1.4\n"))
        create_project(user, school, title=f"{title} — projet {index}")
        SequenceFactory(owner=user, title=f"{title} — séquence {index}", sheets=[ActivitySheetFactory()])
        Favourite.objects.create(user=user, sheet=ActivitySheetFactory())
    upcoming = TrainingCourseFactory(sessions=2, title=f"{title} — stage à venir")
    EnrolmentFactory(course=upcoming, email=user.email, establishment=school, status="waiting")


def page_of(client, user) -> str:
    sign_in(client, user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_each_block_shows_the_owners_items_and_none_of_a_colleagues(client, school):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    marc = teacher_of(school, "marc@ac-nantes.fr")
    give_work(elise, school, title="Météo des émotions")
    give_work(marc, school, title="Conseil de classe coopératif")
    Project.objects.filter(created_by=elise).update(status=ProjectStatus.VALIDATED)
    mine = Project.objects.get(created_by=elise)
    attestation = Attestation.objects.get(enrolment__email=elise.email)
    theirs = Attestation.objects.get(enrolment__email=marc.email)

    page = page_of(client, elise)
    assert "Météo des émotions — stage 0" in page and "Météo des émotions — stage à venir" in page
    assert "9 h suivies sur 12 h prévues" in page and "Liste d&#x27;attente" in page
    assert reverse("training:attestation_download", args=[attestation.pk]) in page
    assert "Météo des émotions — projet 0" in page and "Validé" in page
    assert reverse("projects:delivery_log", args=[mine.pk]) in page
    assert "Météo des émotions — séquence 0" in page and "1 fiche favorite" in page
    assert "Conseil de classe coopératif" not in page
    assert reverse("training:attestation_download", args=[theirs.pk]) not in page
    # The link she sees opens her attestation; her colleague's stays out of reach.
    assert client.get(reverse("training:attestation_download", args=[attestation.pk])).status_code == 200
    assert client.get(reverse("training:attestation_download", args=[theirs.pk])).status_code == 404


def test_a_project_in_delivery_offers_to_log_a_session_and_a_draft_does_not(client, school):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    draft = create_project(elise, school, title="Brouillon")
    page = page_of(client, elise)
    assert "Brouillon" in page and reverse("projects:delivery_log", args=[draft.pk]) not in page
    assert "Qualité : " in page  # the score band of the draft


def test_empty_blocks_say_what_to_do_first(client, school):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    page = page_of(client, elise)
    assert "Aucune formation" in page and "elise@ac-nantes.fr" in page
    assert "Aucun projet" in page and reverse("projects:project_create") in page
    assert "Aucune séquence" in page and reverse("library:sequence_create") in page
    assert "Aucune fiche favorite" in page


def test_roles_outside_the_field_see_the_blocks_only_when_they_hold_something(client, school):
    partner = user_with_role(Role.PARTNER, school, email="partenaire@exemple.fr")
    page = page_of(client, partner)
    assert "Mes formations" not in page and "Mes projets" not in page
    assert "Mes séquences et favoris" in page
    course = TrainingCourseFactory(sessions=2, title="Stage suivi par une partenaire")
    EnrolmentFactory(course=course, email=partner.email, establishment=school)
    assert "Stage suivi par une partenaire" in page_of(client, partner)


def test_a_stage_is_to_come_then_under_way_once_its_first_half_day_is_past(client, school):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    soon = TrainingCourseFactory(sessions=2, sessions__start=timezone.localdate() + datetime.timedelta(days=7))
    EnrolmentFactory(course=soon, email=elise.email)
    assert "À venir" in page_of(client, elise)
    soon.sessions.update(date=timezone.localdate())
    page = page_of(client, elise)
    assert "En cours" in page and "À venir" not in page


def test_a_cancelled_enrolment_leaves_the_page(client, school):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    enrolment = EnrolmentFactory(course=TrainingCourseFactory(sessions=2, title="Stage quitté"), email=elise.email)
    pilot = user_with_role(Role.ACADEMIE_PILOT, enrolment.course.programme.academie)
    training_services.enrolment_cancel(user=pilot, enrolment=enrolment)
    assert "Stage quitté" not in page_of(client, elise)


def test_home_query_count_does_not_grow_with_the_blocks(client, school, django_assert_num_queries):
    elise = teacher_of(school, "elise@ac-nantes.fr")
    give_work(elise, school, 1)
    sign_in(client, elise)
    client.get(HOME)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as one_of_each:
        client.get(HOME)
    give_work(elise, school, 4, title="Deuxième vague")
    with django_assert_num_queries(len(one_of_each.captured_queries)):
        response = client.get(HOME)
    page = response.content.decode()
    assert page.count("Télécharger mon attestation") == 5 and page.count("Consigner une séance") == 0
