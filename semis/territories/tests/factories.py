import datetime

import factory

from semis.geo.tests.factories import CommuneFactory, RegionFactory
from semis.territories.enums import (
    Audience,
    DeterminantLevel,
    Lever,
    Setting,
    StageKind,
    StakeholderCategory,
    StakeholderKind,
    TerritoryKind,
)
from semis.territories.models import (
    Action,
    CapitalisationSheet,
    Meeting,
    Stakeholder,
    TerritorialProgramme,
    Territory,
    TerritoryStage,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritorialProgramme

    name = factory.Sequence(lambda n: f"Programme CPS {n}")
    region = factory.SubFactory(RegionFactory)
    funder = "ARS"
    operator = "IREPS"
    year_start = 2019
    year_end = 2026
    age_min = 0
    age_max = 25


class TerritoryFactory(factory.django.DjangoModelFactory):
    """A territory of a programme with one commune (`communes=[...]` to choose them) and its six stages."""

    class Meta:
        model = Territory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Territoire {n}")
    kind = TerritoryKind.COMMUNE
    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.SelfAttribute("programme.region")

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        if create:
            obj.communes.set(extracted if extracted is not None else [CommuneFactory()])

    @factory.post_generation
    def stages(obj, create, extracted, **kwargs):
        if create:
            TerritoryStage.objects.bulk_create(TerritoryStage(territory=obj, kind=kind) for kind in StageKind)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    territory = factory.SubFactory(TerritoryFactory)
    kind = StakeholderKind.PERSON
    name = factory.Sequence(lambda n: f"Camille Acteur {n}")
    category = StakeholderCategory.EDUCATION
    role = "Référente"
    email = factory.Sequence(lambda n: f"acteur{n}@exemple.fr")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    territory = factory.SubFactory(TerritoryFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    setting = Setting.ECOLE
    skills = factory.LazyFunction(lambda: ["E1.2", "S1.1"])
    audience = Audience.CHILDREN
    age_min = 6
    age_max = 11
    hours = 10
    people_reached = 25
    adults_trained = 2
    lever = Lever.PERSONAL_SKILLS
    determinant_level = DeterminantLevel.INDIVIDUAL
    date = datetime.date(2023, 3, 14)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Rencontre régionale {n}")
    date = datetime.date(2024, 6, 20)
    place = "Lyon"


class SheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapitalisationSheet

    territory = factory.SubFactory(TerritoryFactory)
    title = factory.Sequence(lambda n: f"Fiche de capitalisation {n}")
    context = "Un quartier prioritaire."
    protagonists = "La ville, le centre social, l'IREPS."
    key_moments = "Le diagnostic partagé, la formation commune."
    key_functions = "Coordination, animation."
    skills_mobilised = "Animation de groupe."
    partnerships = "Convention ville–IREPS."
    participation = "Parents associés aux ateliers."
    success_factors = "Un élu engagé."
    obstacles = "Le renouvellement des équipes."
