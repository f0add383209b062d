from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_uai
from semis.geo.tests.factories import CommuneFactory, DepartementFactory
from semis.library.tests.factories import ActivitySheetFactory
from semis.training.demo import COMMUNES_PER_DEPARTEMENT, DEPARTEMENTS, seed_training_demo
from semis.training.enums import CoursePublic, CourseStatus
from semis.training.models import Attestation, Enrolment, FeedbackResponse, FollowUp, TrainedTeam, TrainingCourse
from semis.training.selectors import academie_planning


def nantes():
    """The académie de Nantes with a few communes in each of its départements, and its pilot."""
    academie = DepartementFactory(code="44", academie__code="nantes", academie__name="Nantes").academie
    for code in DEPARTEMENTS:
        departement = DepartementFactory(code=code, academie=academie)
        for rank in range(COMMUNES_PER_DEPARTEMENT):
            CommuneFactory(departement=departement, population=10000 - rank)
    pilot = user_with_role(Role.ACADEMIE_PILOT, academie, email=f"pilote.nantes@{DEMO_DOMAIN}")
    return academie, pilot


def test_demo_holds_eighteen_closed_courses_for_four_hundred_teachers_with_their_followups_once():
    academie, pilot = nantes()
    stress = ActivitySheetFactory(title="Apprivoiser le stress des examens")
    seed = {"domain": DEMO_DOMAIN, "password": DEMO_PASSWORD, "make_uai": demo_uai, "schools": []}
    accounts = seed_training_demo(**seed)
    closed = TrainingCourse.objects.filter(status=CourseStatus.COMPLETED)
    year = closed.first().school_year
    assert closed.count() == 18 and set(closed.values_list("school_year", flat=True)) == {year}
    trained = Enrolment.objects.filter(course__in=closed, attendances__present=True).values("email").distinct()
    assert trained.count() > 400
    assert Attestation.objects.count() == trained.count()
    assert FollowUp.objects.count() == 3 * TrainedTeam.objects.count() > 0
    assert FollowUp.objects.filter(months_after=3, done_on__isnull=False).count() == TrainedTeam.objects.count()
    assert len(accounts) == 7
    assert FeedbackResponse.objects.count() > 300
    secondary = closed.filter(public=CoursePublic.SECONDARY)
    assert secondary.exists() and all(list(course.sheets.all()) == [stress] for course in secondary)

    planning = academie_planning(user=pilot, academie=academie, year=year)
    assert (planning.total.planned_courses, planning.total.achieved_courses) == (18, 18)
    assert planning.total.achieved_teachers == trained.count()
    assert sum(row.achieved_teachers for row in planning.by_departement) == trained.count()

    models = (TrainingCourse, Enrolment, FollowUp, Attestation, FeedbackResponse)
    counts = [model.objects.count() for model in models]
    seed_training_demo(**seed)
    assert [model.objects.count() for model in models] == counts
