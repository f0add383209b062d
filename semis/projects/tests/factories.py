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


def safe_sheets(count: int, **fields):
    """Published cartable sheets marked with the four SAFE practices, citing a source."""
    from semis.library.tests.factories import ActivitySheetFactory

    defaults = {"safe_sequenced": True, "safe_active": True, "safe_focused": True, "safe_explicit": True}
    return [ActivitySheetFactory(sources=["Durlak et al., 2011"], **{**defaults, **fields}) for _ in range(count)]


def sequence_of(owner, sheets):
    from semis.library.tests.factories import SequenceFactory

    return SequenceFactory(owner=owner, is_shared=True, sheets=sheets, cycle="cycle2")


def create_project(user, establishment, *, groups=None, **plan):
    """A school project written through the service, as `user` would: one CE2 class of 24 pupils
    with 8 h planned this year unless `groups` says otherwise."""
    from semis.projects import services
    from semis.projects.services import GroupSpec

    year = this_school_year()
    values = {"title": "Les émotions en CE2", "first_year": year, "last_year": year + 1}
    values.update(plan)
    if groups is None:
        groups = [GroupSpec("CE2 A", GroupLevel.CE2, 24, Decimal("8"))]
    return services.project_create(
        user=user, carrier=Carrier.SCHOOL, establishment=establishment, groups=groups, **values
    )


def projects_url_samples(establishment) -> dict:
    """URL arguments for the project pages, on rows inside `establishment`'s perimeter. Pages only a
    project's carriers open get a project the signed-in user created (anyone else's for anonymous)."""
    from semis.projects.models import ProjectAdult, ProjectPartner

    shared = ProjectFactory(establishment=establishment)
    shared_group = GroupFactory(project=shared)

    def own(user):
        if user is None:
            return shared, shared_group
        project = ProjectFactory(establishment=establishment, created_by=user)
        return project, GroupFactory(project=project)

    def own_project(user):
        return {"pk": own(user)[0].pk}

    def own_group(user):
        return {"pk": own(user)[1].pk}

    def own_adult(user):
        return {"pk": ProjectAdult.objects.create(project=own(user)[0], full_name="Élise Martin").pk}

    def own_partner(user):
        partner = ProjectPartner.objects.create(project=own(user)[0], name="Centre social", kind="social")
        return {"pk": partner.pk}

    def own_session(user):
        return {"pk": DeliveredSessionFactory(group=own(user)[1]).pk}

    by_shared = {"pk": shared.pk}
    return {
        "projects:project_detail": by_shared,
        "projects:delivery_list": by_shared,
        "projects:project_review": by_shared,
        "projects:project_edit": own_project,
        "projects:project_submit": own_project,
        "projects:project_continue": own_project,
        "projects:group_add": own_project,
        "projects:adult_add": own_project,
        "projects:partner_add": own_project,
        "projects:delivery_log": own_project,
        "projects:group_edit": own_group,
        "projects:group_delete": own_group,
        "projects:adult_edit": own_adult,
        "projects:adult_remove": own_adult,
        "projects:partner_remove": own_partner,
        "projects:delivery_delete": own_session,
    }
