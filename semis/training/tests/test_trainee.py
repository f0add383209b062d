"""A teacher opens the courses they are enrolled in and downloads their own attestation, and nobody
else's: not even a colleague's of the same school, which their perimeter holds."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory
from semis.training.enums import CourseStatus
from semis.training.models import Attestation, Enrolment, FollowUp, TrainedTeam, TrainingCourse
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


def issued(enrolment) -> Attestation:
    attend(enrolment, *enrolment.course.sessions.all())
    attestation = Attestation.objects.create(enrolment=enrolment, hours=6, issued_at=timezone.now())
    attestation.pdf.save("attestation.pdf", ContentFile(b"%PDF-1.4\n"))
    return attestation


@pytest.fixture
def school_pair():
    """A teacher and a colleague of the same school, each enrolled in their own course, each attested."""
    course = TrainingCourseFactory(sessions=2)
    other_course = TrainingCourseFactory(sessions=2, programme=course.programme, departement=course.departement)
    school = EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    teacher = user_with_role(Role.TEACHER, school, email="claire.martin@ac-nantes.fr")
    mine = EnrolmentFactory(course=course, email=teacher.email, establishment=school)
    colleague = EnrolmentFactory(course=other_course, email="paul.roux@ac-nantes.fr", establishment=school)
    classmate = EnrolmentFactory(course=course, email="lea.petit@ac-nantes.fr", establishment=school)
    return teacher, mine, colleague, classmate, issued(mine), issued(colleague), issued(classmate)


def test_a_teacher_sees_the_courses_and_attestations_of_their_own_enrolments_only(school_pair):
    teacher, mine, colleague, _classmate, own, theirs, _ = school_pair
    assert list(TrainingCourse.objects.visible_to(teacher)) == [mine.course]
    assert list(Attestation.objects.visible_to(teacher)) == [own]
    # Enrolments stay visible in the school's perimeter: a project links its adults to them.
    assert set(Enrolment.objects.visible_to(teacher)) >= {mine, colleague}
    assert theirs not in Attestation.objects.visible_to(teacher)


def test_a_teacher_downloads_their_attestation_and_not_a_colleagues(client, school_pair):
    teacher, _mine, _colleague, _classmate, own, theirs, classmates = school_pair
    client.force_login(teacher)
    response = client.get(reverse("training:attestation_download", args=[own.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for other in (theirs, classmates):
        assert client.get(reverse("training:attestation_download", args=[other.pk])).status_code == 404


def test_a_teacher_opens_their_course_but_not_a_colleagues(client, school_pair):
    teacher, mine, colleague, classmate, own, _theirs, classmates = school_pair
    client.force_login(teacher)
    assert client.get(reverse("training:course_detail", args=[colleague.course_id])).status_code == 404
    response = client.get(reverse("training:course_detail", args=[mine.course_id]))
    page = response.content.decode()
    assert response.status_code == 200 and mine.course.title in page
    assert reverse("training:attestation_download", args=[own.pk]) in page
    # A classmate of the same school is listed, without their attestation or its code.
    assert classmate.last_name in page
    assert classmates.code not in page and reverse("training:attestation_download", args=[classmates.pk]) not in page
    # No action of a trainer is offered, nor the trainers' pages.
    assert reverse("training:attendance", args=[mine.course.sessions.first().pk]) not in page
    trainer = mine.course.trainers.get()
    assert str(trainer) in page and reverse("training:trainer_detail", args=[trainer.pk]) not in page
    response = client.get(reverse("training:course_list"))
    assert [course.pk for course in response.context["page_obj"]] == [mine.course_id]
    assert reverse("training:supervision") not in response.content.decode()


def test_the_address_must_match_exactly(client, school_pair):
    """No guessing from names: an enrolment under another address is not the teacher's."""
    teacher, mine, *_ = school_pair
    lookalike = EnrolmentFactory(
        course=TrainingCourseFactory(sessions=1),
        email="claire.martin@ac-nantes.fr.example",
        first_name=teacher.first_name,
        last_name=teacher.last_name,
    )
    assert lookalike.course not in TrainingCourse.objects.visible_to(teacher)
    assert mine.course in TrainingCourse.objects.visible_to(teacher)


def test_a_teacher_is_not_shown_the_questionnaire_results_or_the_followups(client, school_pair):
    teacher, mine, *_ = school_pair
    course = mine.course
    TrainingCourse.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED)
    team = TrainedTeam.objects.create(course=course, establishment=mine.establishment)
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=timezone.localdate())
    client.force_login(teacher)
    page = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert "Avis des stagiaires" not in page
    assert "+3 mois" in page and reverse("training:followup_detail", args=[followup.pk]) not in page
