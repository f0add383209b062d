import datetime

import pytest
from django.core.exceptions import ValidationError

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
)

ACTION = {
    "title": "Ateliers émotions au CE1",
    "setting": Setting.ECOLE,
    "skills": ["E1.2", "E2.1"],
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
        services.action_create(territory=territory, **{**ACTION, "date": datetime.date(2025, 2, 3)})
    assert messages(error.value)["date"] == [
        "La date doit tomber pendant le programme (2019–2024), entre le 01/01/2019 et le 31/12/2024."
    ]
    assert not Action.objects.exists()


def test_action_on_the_last_day_of_the_programme_is_accepted():
    territory = TerritoryFactory(programme=ProgrammeFactory(year_start=2019, year_end=2024))
    action = services.action_create(territory=territory, **{**ACTION, "date": datetime.date(2024, 12, 31)})
    assert action.pk


def test_action_ages_must_fit_the_programme_and_be_in_order():
    territory = TerritoryFactory(programme=ProgrammeFactory(age_min=3, age_max=18))
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **{**ACTION, "age_min": 16, "age_max": 21})
    assert "Le programme s'adresse aux 3–18 ans" in messages(error.value)["age_max"][0]
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **{**ACTION, "age_min": 9, "age_max": 6})
    assert messages(error.value)["age_max"] == ["L'âge maximum ne peut pas être inférieur à l'âge minimum."]


@pytest.mark.parametrize(
    ("skills", "message"),
    [
        ([], "Choisissez au moins une compétence visée."),
        (["E1.2", "Z9.9"], "Code de compétence inconnu : Z9.9 (attendus : C1.1 à S3.3 du référentiel SpF 2022)."),
        (["S1.1", "S1.1"], "Une compétence est citée deux fois."),
    ],
)
def test_action_skills_are_codes_of_the_referential(skills, message):
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=TerritoryFactory(), **{**ACTION, "skills": skills})
    assert messages(error.value)["skills"] == [message]


def test_action_commune_and_stakeholders_belong_to_its_territory():
    territory = TerritoryFactory()
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, **{**ACTION, "commune": CommuneFactory()})
    assert messages(error.value)["commune"] == ["Cette commune ne fait pas partie du territoire."]
    with pytest.raises(ValidationError) as error:
        services.action_create(territory=territory, stakeholders=[StakeholderFactory()], **ACTION)
    assert messages(error.value)["stakeholders"] == ["Choisissez des acteurs de ce territoire."]
    assert not Action.objects.exists()


def test_stakeholder_email_already_used_in_the_programme_is_refused():
    first = StakeholderFactory(email="mairie@exemple.fr")
    neighbour = TerritoryFactory(programme=first.territory.programme)
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(
            territory=neighbour,
            kind=StakeholderKind.ORGANISATION,
            name="Mairie",
            category=StakeholderCategory.ELECTED,
            email=" Mairie@Exemple.fr ",
        )
    assert messages(error.value) == {"email": ["Cette adresse e-mail est déjà celle d'un autre acteur du programme."]}
    assert Stakeholder.objects.count() == 1


def test_same_stakeholder_email_is_allowed_in_another_programme_and_on_update_of_itself():
    first = StakeholderFactory(email="mairie@exemple.fr")
    other = services.stakeholder_create(
        territory=TerritoryFactory(),
        kind=StakeholderKind.ORGANISATION,
        name="Mairie",
        category=StakeholderCategory.ELECTED,
        email="mairie@exemple.fr",
    )
    assert other.pk
    services.stakeholder_update(stakeholder=first, role="Adjointe à l'éducation")


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
