import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from semis.geo.tests.factories import EstablishmentFactory
from semis.projects.enums import Carrier, Engagement, Fidelity, GroupLevel
from semis.projects.models import DeliveredSession, Group, Project, ProjectYear
from semis.training.dates import school_year_of


def this_school_year() -> int:
    return school_year_of(timezone.localdate())


class ProjectFactory(factory.django.DjangoModelFactory):
    """A school project, placed in its school's région, académie and département, with its first
    year (built on the rows directly; tests of behaviour go through semis.projects.services)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    carrier = Carrier.SCHOOL
    establishment = factory.SubFactory(EstablishmentFactory)
    title = factory.Sequence(lambda n: f"Projet CPS {n}")
    first_year = factory.LazyFunction(this_school_year)
    last_year = factory.LazyAttribute(lambda o: o.first_year + 1)
    departement = factory.LazyAttribute(lambda o: o.establishment.commune.departement if o.establishment else None)
    academie = factory.LazyAttribute(lambda o: o.departement.academie if o.departement else None)
    region = factory.LazyAttribute(lambda o: o.departement.region if o.departement else o.territory.region)

    @factory.post_generation
    def year(obj, create, extracted, **kwargs):
        if create:
            ProjectYear.objects.create(project=obj, school_year=obj.first_year)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyAttribute(lambda o: o.project.years.order_by("-school_year").first())
    name = factory.Sequence(lambda n: f"CE2 {n}")
    level = GroupLevel.CE2
    pupil_count = 24
    planned_hours = Decimal("8")


class DeliveredSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveredSession

    group = factory.SubFactory(GroupFactory)
    project = factory.SelfAttribute("group.project")
    date = factory.LazyFunction(timezone.localdate)
    activity = "Cercle de parole"
    minutes = 45
    pupils_present = 22
    fidelity = Fidelity.ALL
    engagement = Engagement.GOOD
    submission_key = factory.LazyFunction(uuid.uuid4)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
