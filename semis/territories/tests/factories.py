import datetime

import factory

from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EpciFactory, RegionFactory
from semis.referential.models import ReferentialVersion, SpecificSkill
from semis.referential.tests.factories import shipped_referential
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


def skills_by_code(*codes: str) -> list[SpecificSkill]:
    """The specific skills of these codes in the shipped referential (SpF 2022), loaded on first use."""
    version = ReferentialVersion.objects.filter(code="spf-2022").first() or shipped_referential()
    found = {s.code: s for s in SpecificSkill.objects.filter(version=version, code__in=codes)}
    return [found[code] for code in codes]


class ActionFactory(factory.django.DjangoModelFactory):
    """An action at school; `skills=["E1.2", ...]` names its skills by code (E1.2 and S1.1 by default)."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    territory = factory.SubFactory(TerritoryFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    setting = Setting.ECOLE
    audience = Audience.CHILDREN
    age_min = 6
    age_max = 11
    hours = 10
    people_reached = 25
    adults_trained = 2
    lever = Lever.PERSONAL_SKILLS
    determinant_level = DeterminantLevel.INDIVIDUAL
    date = datetime.date(2023, 3, 14)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create:
            obj.skills.set(skills_by_code(*(extracted if extracted is not None else ["E1.2", "S1.1"])))


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


def url_samples(establishment) -> dict[str, dict]:
    """URL arguments of every territories page, on objects whose territory holds `establishment`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from semis.territories.models import MeetingDocument, StageDocument

    programme = ProgrammeFactory(region=establishment.commune.departement.region)
    territory = TerritoryFactory(programme=programme, communes=[establishment.commune])
    stage = territory.stages.first()
    meeting = MeetingFactory(programme=programme)
    meeting.territories.set([territory])
    stage_document = StageDocument.objects.create(
        stage=stage, title="Compte rendu", file=SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4")
    )
    meeting_document = MeetingDocument.objects.create(
        meeting=meeting, title="Diaporama", file=SimpleUploadedFile("diaporama.pdf", b"%PDF-1.4")
    )
    sheet = SheetFactory(territory=territory)
    by_programme = {"pk": programme.pk}
    by_territory = {"pk": territory.pk}
    return {
        "territories:programme_detail": by_programme,
        "territories:programme_edit": by_programme,
        "territories:programme_map": by_programme,
        "territories:programme_export_csv": by_programme,
        "territories:programme_export_xlsx": by_programme,
        "territories:territory_create": by_programme,
        "territories:meeting_list": by_programme,
        "territories:meeting_create": by_programme,
        "territories:meeting_detail": {"pk": meeting.pk},
        "territories:meeting_edit": {"pk": meeting.pk},
        "territories:meeting_document_add": {"pk": meeting.pk},
        "territories:meeting_document_download": {"pk": meeting_document.pk},
        "territories:territory_detail": by_territory,
        "territories:territory_edit": by_territory,
        "territories:territory_map_svg": by_territory,
        "territories:territory_coherence": by_territory,
        "territories:diagnostic_edit": by_territory,
        "territories:stage_detail": {"pk": stage.pk},
        "territories:stage_edit": {"pk": stage.pk},
        "territories:stage_document_add": {"pk": stage.pk},
        "territories:stage_document_download": {"pk": stage_document.pk},
        "territories:stakeholder_list": by_territory,
        "territories:stakeholder_create": by_territory,
        "territories:stakeholder_edit": {"pk": StakeholderFactory(territory=territory).pk},
        "territories:action_list": by_territory,
        "territories:action_create": by_territory,
        "territories:action_edit": {"pk": ActionFactory(territory=territory).pk},
        "territories:sheet_create": by_territory,
        "territories:sheet_detail": {"pk": sheet.pk},
        "territories:sheet_edit": {"pk": sheet.pk},
        "territories:sheet_submit": {"pk": sheet.pk},
        "territories:sheet_publish": {"pk": sheet.pk},
        "territories:sheet_return": {"pk": sheet.pk},
        "territories:sheet_pdf": {"pk": sheet.pk},
    }


def demo_places():
    """The région, communes and EPCI the territories demo names, as import_geo would load them (no outlines)."""
    from semis.territories import demo

    region = RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    departement = DepartementFactory(code="69", name="Rhône", academie=AcademieFactory(code="lyon", region=region))
    for _name, _kind, sirens, codes in demo.TERRITORIES:
        for siren in sirens:
            epci = EpciFactory(siren=siren)
            CommuneFactory.create_batch(3, epci=epci, departement=departement)
        for code in codes:
            CommuneFactory(insee_code=code, departement=departement)
    return region
