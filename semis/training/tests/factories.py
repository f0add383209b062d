import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory
from semis.core.scoping import user_roles
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.training.dates import school_year_of
from semis.training.enums import CoursePublic, EnrolmentStatus, HalfDay
from semis.training.models import (
    Attendance,
    Enrolment,
    Trainer,
    TrainingCourse,
    TrainingProgramme,
    TrainingSession,
)


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    name = factory.Sequence(lambda n: f"Programme académique CPS {n}")
    academie = factory.SubFactory(AcademieFactory)


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    user = factory.SubFactory(UserFactory)
    academie = factory.SubFactory(AcademieFactory)
    function = "Conseillère pédagogique"


def past_monday(weeks_ago: int = 6) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks_ago)


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    """A course in its programme's académie. `sessions=N` adds N half-days of 3 h (morning and
    afternoon of consecutive days from `sessions__start`, six weeks ago by default), `trainees=N`
    enrols N teachers of one school,
    `trainers=[...]` names its trainers (one new trainer of the académie by default)."""

    class Meta:
        model = TrainingCourse
        skip_postgeneration_save = True

    programme = factory.SubFactory(TrainingProgrammeFactory)
    title = factory.Sequence(lambda n: f"Développer les CPS en classe {n}")
    public = CoursePublic.PRIMARY
    departement = factory.SubFactory(DepartementFactory, academie=factory.SelfAttribute("..programme.academie"))
    place = "Inspé de Nantes"
    capacity = 20
    school_year = factory.LazyFunction(lambda: school_year_of(past_monday()))

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create:
            obj.trainers.set(extracted if extracted is not None else [TrainerFactory(academie=obj.programme.academie)])

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        start = kwargs.get("start") or past_monday()
        for index in range(extracted):
            TrainingSession.objects.create(
                course=obj,
                date=start + datetime.timedelta(days=index // 2),
                half_day=HalfDay.MORNING if index % 2 == 0 else HalfDay.AFTERNOON,
                hours=Decimal("3.0"),
            )

    @factory.post_generation
    def trainees(obj, create, extracted, **kwargs):
        if create and extracted:
            school = EstablishmentFactory(commune=CommuneFactory(departement=obj.departement))
            EnrolmentFactory.create_batch(extracted, course=obj, establishment=school)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(TrainingCourseFactory)
    email = factory.Sequence(lambda n: f"enseignant{n}@ac-exemple.fr")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    establishment = factory.SubFactory(
        EstablishmentFactory, commune__departement=factory.SelfAttribute("...course.departement")
    )
    status = EnrolmentStatus.ENROLLED
    status_changed_at = factory.LazyFunction(timezone.now)


def attend(enrolment, *sessions):
    """Mark `enrolment` present at each session for its full hours (test set-up, not the service)."""
    for session in sessions:
        Attendance.objects.create(session=session, enrolment=enrolment, present=True, hours=session.hours)


def training_url_samples(establishment) -> dict:
    """URL arguments for the training pages, on rows inside `establishment`'s perimeter (its school,
    département, académie, région): a closed course with a team, follow-ups and an attestation."""
    from semis.training.models import Attestation, FollowUp, SupervisionSession, TrainedTeam

    academie = establishment.commune.departement.academie
    programme = TrainingProgrammeFactory(academie=academie)
    trainer = TrainerFactory(academie=academie)
    course = TrainingCourseFactory(
        programme=programme, departement=establishment.commune.departement, trainers=[trainer], sessions=2
    )
    enrolment = EnrolmentFactory(course=course, establishment=establishment)
    session = course.sessions.first()
    attend(enrolment, session)
    attestation = Attestation.objects.create(enrolment=enrolment, hours=session.hours, issued_at=timezone.now())
    attestation.pdf.save("exemple.pdf", ContentFile(b"%PDF-1.4\n"))
    team = TrainedTeam.objects.create(course=course, establishment=establishment, trainer=trainer)
    team.members.set([enrolment])
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=timezone.localdate())
    supervision = SupervisionSession.objects.create(
        programme=programme, date=timezone.localdate(), hours=3, facilitator="IREPS", school_year=course.school_year
    )
    supervision.attendees.set([trainer])

    def own_enrolment(user):
        """Teachers open only their own course and attestation: the signed-in teacher is enrolled too."""
        if user is None or Role.TEACHER not in user_roles(user):
            return enrolment
        if own := Enrolment.objects.filter(course=course, email=user.email).first():
            return own
        own = EnrolmentFactory(course=course, email=user.email, establishment=establishment)
        attend(own, session)
        Attestation.objects.create(enrolment=own, hours=session.hours, issued_at=timezone.now())
        own.attestation.pdf.save("exemple.pdf", ContentFile(b"%PDF-1.4\n"))
        return own

    return {
        "training:course_detail": lambda user: {"pk": own_enrolment(user).course_id},
        "training:course_edit": {"pk": course.pk},
        "training:course_cancel": {"pk": course.pk},
        "training:course_complete": {"pk": course.pk},
        "training:enrolment_create": {"pk": course.pk},
        "training:enrolment_import": {"pk": course.pk},
        "training:enrolment_cancel": {"pk": enrolment.pk},
        "training:attestation_issue": {"pk": enrolment.pk},
        "training:attendance": {"pk": session.pk},
        "training:signature_sheet": {"pk": session.pk},
        "training:attestation_download": lambda user: {"pk": own_enrolment(user).attestation.pk},
        "training:followup_detail": {"pk": followup.pk},
        "training:trainer_detail": {"pk": trainer.pk},
        "training:trainer_qualification_add": {"pk": trainer.pk},
        "attestations:verify": {"code": attestation.code},
        "training:feedback": {"token": enrolment.feedback_token},
    }
