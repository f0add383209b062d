"""Hand-built data whose indicators are known, for the refresh, dashboard and export tests."""

from dataclasses import dataclass

from django.utils import timezone

from semis.geo.models import Academie, Departement, Establishment, Region
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.projects.enums import ProjectStatus, ScoreBand
from semis.projects.models import ProjectScore
from semis.projects.tests.factories import DeliveredSessionFactory, GroupFactory, ProjectFactory, this_school_year
from semis.territories.enums import StageKind, StageStatus
from semis.territories.models import Territory
from semis.territories.tests.factories import TerritoryFactory
from semis.training.enums import CourseStatus
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


@dataclass
class Place:
    region: Region
    academie: Academie
    departement: Departement
    school: Establishment
    other_school: Establishment
    territory: Territory


def score(project, band: str) -> None:
    ProjectScore.objects.create(project=project, score=70, band=band, rules_version="test", computed_at=timezone.now())


def steering_data(year: int | None = None) -> tuple[Place, Place]:
    """Two académies in two régions. In A: a completed 12 h course where two teachers of the first school,
    one of the second and one trainee without a school attend; one of the first school's teachers misses
    a half-day (9 h, not trained). A validated, strong project in the first school with a group of 24 pupils
    and two 45-minute sessions; a territory around the first school's commune, with a stage under way.
    In B: a planned course (not held) whose trainee attends 6 h, and a draft project."""
    year = year or this_school_year()
    places = []
    for _ in range(2):
        academie = AcademieFactory()
        departement = DepartementFactory(academie=academie)
        school = EstablishmentFactory(commune=CommuneFactory(departement=departement))
        other = EstablishmentFactory(commune=CommuneFactory(departement=departement))
        territory = TerritoryFactory(communes=[school.commune], programme__region=academie.region)
        places.append(Place(academie.region, academie, departement, school, other, territory))
    a, b = places

    course = TrainingCourseFactory(
        programme__academie=a.academie,
        departement=a.departement,
        school_year=year,
        sessions=4,
        status=CourseStatus.COMPLETED,
    )
    sessions = list(course.sessions.all())
    for establishment, attended in [(a.school, 4), (a.school, 4), (a.school, 3), (a.other_school, 4), (None, 4)]:
        attend(EnrolmentFactory(course=course, establishment=establishment), *sessions[:attended])
    planned = TrainingCourseFactory(
        programme__academie=b.academie, departement=b.departement, school_year=year, sessions=2
    )
    attend(EnrolmentFactory(course=planned, establishment=b.school), *planned.sessions.all())

    project = ProjectFactory(establishment=a.school, first_year=year, status=ProjectStatus.VALIDATED)
    score(project, ScoreBand.STRONG)
    group = GroupFactory(project=project, pupil_count=24)
    DeliveredSessionFactory.create_batch(2, group=group, minutes=45)
    ProjectFactory(establishment=b.school, first_year=year)
    # Finished the year before: not counted this year.
    ProjectFactory(establishment=a.school, first_year=year - 1, last_year=year - 1)

    a.territory.stages.filter(kind=StageKind.DIAGNOSTIC).update(status=StageStatus.IN_PROGRESS)
    return a, b
