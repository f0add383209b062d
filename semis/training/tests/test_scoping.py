from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, EstablishmentFactory
from semis.training.models import Attestation, Enrolment, FollowUp, TrainedTeam, Trainer, TrainingCourse
from semis.training.tests.factories import EnrolmentFactory, TrainerFactory, TrainingCourseFactory


def visible_courses(user):
    return set(TrainingCourse.objects.visible_to(user))


def test_courses_are_seen_through_the_academie_region_and_departement_of_their_programme():
    nantes = TrainingCourseFactory()
    lyon = TrainingCourseFactory()
    academie = nantes.programme.academie
    assert visible_courses(user_with_role(Role.ACADEMIE_PILOT, academie)) == {nantes}
    assert visible_courses(user_with_role(Role.REGIONAL_COORDINATOR, academie.region)) == {nantes}
    assert visible_courses(user_with_role(Role.PARTNER, nantes.departement)) == {nantes}
    assert visible_courses(user_with_role(Role.NATIONAL_ADMIN)) == {nantes, lyon}
    assert visible_courses(UserFactory()) == set()


def test_trainer_sees_the_courses_they_run_even_outside_their_perimeter():
    trainer = TrainerFactory()
    own = TrainingCourseFactory(trainers=[trainer])
    TrainingCourseFactory()
    elsewhere = EstablishmentFactory()
    trainer.user.role_assignments.create(role=Role.TRAINER, perimeter_kind="establishment", establishment=elsewhere)
    user = type(trainer.user).objects.get(pk=trainer.user.pk)
    assert visible_courses(user) == {own}
    assert set(Trainer.objects.visible_to(user)) == {trainer}


def test_running_a_course_shows_nothing_without_the_trainer_role():
    trainer = TrainerFactory()
    TrainingCourseFactory(trainers=[trainer])
    assert visible_courses(trainer.user) == set()


def test_school_head_sees_the_courses_and_enrolments_of_their_own_school_only():
    course = TrainingCourseFactory()
    mine = EnrolmentFactory(course=course)
    other = EnrolmentFactory(course=course)
    head = user_with_role(Role.SCHOOL_HEAD, mine.establishment)
    assert visible_courses(head) == {course}
    assert set(Enrolment.objects.visible_to(head)) == {mine}
    assert other not in Enrolment.objects.visible_to(head)


def test_teams_followups_and_attestations_follow_the_same_perimeters():
    course = TrainingCourseFactory()
    enrolment = EnrolmentFactory(course=course)
    team = TrainedTeam.objects.create(course=course, establishment=enrolment.establishment)
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=timezone.localdate())
    attestation = Attestation.objects.create(enrolment=enrolment, hours=3, issued_at=timezone.now())
    pilot = user_with_role(Role.ACADEMIE_PILOT, course.programme.academie)
    outsider = user_with_role(Role.ACADEMIE_PILOT, AcademieFactory())
    school_elsewhere = user_with_role(
        Role.SCHOOL_HEAD, EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    )
    for model, row in ((TrainedTeam, team), (FollowUp, followup), (Attestation, attestation)):
        assert list(model.objects.visible_to(pilot)) == [row]
        assert not model.objects.visible_to(outsider).exists()
        assert not model.objects.visible_to(school_elsewhere).exists()


def test_trainer_in_charge_sees_the_followups_of_their_teams():
    trainer = TrainerFactory()
    course = TrainingCourseFactory()
    enrolment = EnrolmentFactory(course=course)
    team = TrainedTeam.objects.create(course=course, establishment=enrolment.establishment, trainer=trainer)
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=timezone.localdate())
    trainer.user.role_assignments.create(role=Role.TRAINER, perimeter_kind="national")
    assert list(FollowUp.objects.visible_to(trainer.user)) == [followup]
