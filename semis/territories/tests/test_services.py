import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from semis.accounts.enums import Role
from semis.accounts.models import User
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import CommuneFactory, EpciFactory, RegionFactory
from semis.territories import services
from semis.territories.enums import (
    Audience,
    DeterminantLevel,
    Lever,
    Setting,
    SheetStatus,
    StakeholderCategory,
    StakeholderKind,
    TerritoryKind,
)
from semis.territories.models import Action, Stakeholder, Territory, TerritoryStage
from semis.territories.tests.factories import (
    ActionFactory,
    ProgrammeFactory,
    SheetFactory,
    StakeholderFactory,
    TerritoryFactory,
    skills_by_code,
)

ACTION = {
    "title": "Ateliers émotions au CE1",
    "setting": Setting.ECOLE,
    "audience": Audience.CHILDREN,
    "age_min": 7,
    "age_max": 8,
    "hours": 8,
    "people_reached": 48,
    "adults_trained": 3,
    "lever": Lever.PERSONAL_SKILLS,
    "determinant_level": DeterminantLevel.INDIVIDUAL,
    "date": datetime.date(2023, 1, 9),
}


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def action(**fields) -> dict:
    """The fields of a valid action at school, aiming at E1.2 and E2.1, with `fields` changed."""
    return {**ACTION, "skills": skills_by_code("E1.2", "E2.1"), **fields}


def test_territory_from_an_epci_and_two_communes_holds_every_commune_and_sums_their_population():
    programme = ProgrammeFactory()
    epci = EpciFactory()
    in_epci = [CommuneFactory(epci=epci, population=1200), CommuneFactory(epci=epci, population=800)]
    others = [CommuneFactory(population=300), CommuneFactory(population=50)]
    territory = services.territory_create(
        programme=programme, name="Vallée", kind=TerritoryKind.BASSIN_DE_VIE, epcis=[epci], communes=others
    )
    assert set(territory.communes.all()) == {*in_epci, *others}
    assert set(territory.epcis.all()) == {epci}
    annotated = Territory.objects.with_population().get(pk=territory.pk)
    assert (annotated.population, annotated.commune_count) == (2350, 4)
    assert territory.region == programme.region
    assert TerritoryStage.objects.filter(territory=territory).count() == 6


def test_territory_without_commune_is_refused_and_nothing_is_written():
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as error:
        services.territory_create(programme=programme, name="Vide", kind=TerritoryKind.COMMUNE)
    assert messages(error.value) == {
        "communes": ["Un territoire compte au moins une commune : choisissez un EPCI ou des communes."]
    }
    assert not Territory.objects.exists()
    assert not TerritoryStage.objects.exists()


def test_an_epci_without_communes_does_not_make_a_territory():
    with pytest.raises(ValidationError):
        services.territory_create(
            programme=ProgrammeFactory(), name="Vide", kind=TerritoryKind.COMMUNE, epcis=[EpciFactory()]
        )
    assert not Territory.objects.exists()


def test_territorial_lead_who_creates_a_territory_becomes_its_lead():
    existing = TerritoryFactory()
    lead = user_with_role(Role.TERRITORIAL_LEAD, existing)
    territory = services.territory_create(
        programme=existing.programme,
        name="Nouveau",
        kind=TerritoryKind.COMMUNE,
        communes=[CommuneFactory()],
        created_by=lead,
    )
    lead = User.objects.get(pk=lead.pk)
    assert set(Territory.objects.visible_to(lead)) == {existing, territory}


def test_coordinator_who_creates_a_territory_gets_no_extra_role():
    programme = ProgrammeFactory()
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, programme.region)
    services.territory_create(
        programme=programme, name="T", kind=TerritoryKind.COMMUNE, communes=[CommuneFactory()], created_by=coordinator
    )
    assert coordinator.role_assignments.count() == 1


def test_territory_update_keeps_the_communes_of_its_epci():
    epci = EpciFactory()
    in_epci = CommuneFactory(epci=epci)
    territory = TerritoryFactory()
    extra = CommuneFactory()
    services.territory_update(
        territory=territory, name="Renommé", kind=TerritoryKind.COMMUNE, epcis=[epci], communes=[extra]
    )
    assert set(territory.communes.all()) == {in_epci, extra}


def test_action_dated_outside_the_programme_years_is_refused_in_french_and_not_written():
    territory = TerritoryFactory(programme=ProgrammeFactory(year_start=2019, year_end=2024))
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **action(date=datetime.date(2025, 2, 3)))
    assert messages(error.value)["date"] == [
        "La date doit tomber pendant le programme (2019–2024), entre le 01/01/2019 et le 31/12/2024."
    ]
    assert not Action.objects.exists()


def test_action_on_the_last_day_of_the_programme_is_accepted():
    territory = TerritoryFactory(programme=ProgrammeFactory(year_start=2019, year_end=2024))
    created = services.action_create(territory=territory, **action(date=datetime.date(2024, 12, 31)))
    assert created.pk


def test_action_ages_must_fit_the_programme_and_be_in_order():
    territory = TerritoryFactory(programme=ProgrammeFactory(age_min=3, age_max=18))
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **action(age_min=16, age_max=21))
    assert "Le programme s'adresse aux 3–18 ans" in messages(error.value)["age_max"][0]
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **action(age_min=9, age_max=6))
    assert messages(error.value)["age_max"] == ["L'âge maximum ne peut pas être inférieur à l'âge minimum."]


def test_action_targets_specific_skills_of_the_referential():
    territory = TerritoryFactory()
    created = services.action_create(territory=territory, **action(skills=skills_by_code("S3.3", "E2.2")))
    assert sorted(created.skills.values_list("code", flat=True)) == ["E2.2", "S3.3"]
    assert {skill.version.code for skill in created.skills.all()} == {"spf-2022"}
    services.action_update(action=created, **action(skills=skills_by_code("C1.1")))
    assert list(created.skills.values_list("code", flat=True)) == ["C1.1"]


def test_action_without_a_skill_is_refused_with_its_other_mistakes_and_not_written():
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=TerritoryFactory(), **action(skills=[], age_min=9, age_max=6))
    assert messages(error.value) == {
        "skills": ["Choisissez au moins une compétence visée."],
        "age_max": ["L'âge maximum ne peut pas être inférieur à l'âge minimum."],
    }
    assert not Action.objects.exists()


def test_action_commune_and_stakeholders_belong_to_its_territory():
    territory = TerritoryFactory()
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **action(commune=CommuneFactory()))
    assert messages(error.value)["commune"] == ["Cette commune ne fait pas partie du territoire."]
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, stakeholders=[StakeholderFactory()], **action())
    assert messages(error.value)["stakeholders"] == ["Choisissez des acteurs de ce territoire."]
    assert not Action.objects.exists()


def stakeholder(territory, **fields) -> Stakeholder:
    fields = {"kind": StakeholderKind.ORGANISATION, "name": "Mairie", "category": StakeholderCategory.ELECTED} | fields
    return services.stakeholder_create(territory=territory, **fields)


def test_stakeholder_email_already_used_in_the_territory_is_refused_whatever_its_case():
    first = StakeholderFactory(name="Mairie d'Unieux", email="mairie@exemple.fr")
    with pytest.raises(ValidationError) as error:
        stakeholder(first.territory, email=" Mairie@Exemple.fr ")
    assert messages(error.value) == {
        "email": ["Cette adresse e-mail est déjà celle de « Mairie d'Unieux », acteur de ce territoire."]
    }
    assert Stakeholder.objects.count() == 1


def test_same_stakeholder_email_is_allowed_in_another_territory_and_on_update_of_itself():
    """Territories overlap: a PMI nurse may belong to the communities of two territories of a programme."""
    first = StakeholderFactory(email="pmi@exemple.fr")
    neighbour = TerritoryFactory(programme=first.territory.programme)
    assert stakeholder(neighbour, email="PMI@exemple.fr").email == "pmi@exemple.fr"
    services.stakeholder_update(stakeholder=first, role="Infirmière puéricultrice")
    assert stakeholder(first.territory, name="Sans e-mail", email="").pk
    assert stakeholder(first.territory, name="Sans e-mail non plus", email="").pk


def test_database_refuses_a_second_stakeholder_email_in_a_territory_whatever_its_case():
    first = StakeholderFactory(email="mairie@exemple.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.create(
            territory=first.territory,
            kind="organisation",
            name="Doublon",
            category="elected",
            email="MAIRIE@exemple.fr",
        )
    assert Stakeholder.objects.count() == 1


def test_programme_years_and_ages_in_order():
    programme = ProgrammeFactory.build(region=RegionFactory(), year_start=2024, year_end=2020, age_min=12, age_max=6)
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert messages(error.value) == {
        "year_end": ["L'année de fin ne peut pas précéder l'année de début."],
        "age_max": ["L'âge maximum ne peut pas être inférieur à l'âge minimum."],
    }


def test_programme_cannot_shrink_past_its_recorded_actions():
    action = ActionFactory(date=datetime.date(2020, 5, 1))
    programme = action.territory.programme
    with pytest.raises(ValidationError) as error:
        services.programme_update(programme=programme, year_start=2021)
    assert error.value.messages == [
        f"1 action(s) sortiraient des années ou des âges du programme, dont « {action.title} »."
    ]
    programme.refresh_from_db()
    assert programme.year_start == 2019


def test_meeting_participants_come_from_the_represented_territories():
    territory = TerritoryFactory()
    stakeholder = StakeholderFactory(territory=territory)
    programme = territory.programme
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            programme=programme, title="R", date=datetime.date(2024, 1, 1), participants=[stakeholder]
        )
    assert "participants" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            programme=programme, title="R", date=datetime.date(2024, 1, 1), territories=[TerritoryFactory()]
        )
    assert messages(error.value) == {"territories": ["Choisissez des territoires du programme."]}
    meeting = services.meeting_create(
        programme=programme,
        title="R",
        date=datetime.date(2024, 1, 1),
        territories=[territory],
        participants=[stakeholder],
    )
    assert list(meeting.participants.all()) == [stakeholder]


def test_sheet_goes_to_review_only_with_every_caps_section_then_is_published():
    sheet = SheetFactory(obstacles="", partnerships="")
    with pytest.raises(ValidationError) as error:
        services.sheet_submit(sheet=sheet)
    assert error.value.messages == ["Complétez d'abord ces rubriques : partenariats, obstacles rencontrés."]
    services.sheet_update(sheet=sheet, obstacles="Le turn-over.", partnerships="La CAF.")
    services.sheet_submit(sheet=sheet)
    assert sheet.status == SheetStatus.IN_REVIEW
    with pytest.raises(ValidationError):
        services.sheet_update(sheet=sheet, title="Changé en relecture")
    services.sheet_publish(sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED and sheet.published_at is not None


def test_reviewer_returns_a_sheet_with_a_comment():
    sheet = SheetFactory(status=SheetStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.sheet_return(sheet=sheet, comment="  ")
    assert messages(error.value) == {"review_comment": ["Dites ce qu'il faut reprendre."]}
    services.sheet_return(sheet=sheet, comment="Précisez le rôle des parents.")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.review_comment) == (SheetStatus.DRAFT, "Précisez le rôle des parents.")
