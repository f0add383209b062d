from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.territories.enums import SheetStatus
from semis.territories.models import (
    Action,
    CapitalisationSheet,
    Meeting,
    Stakeholder,
    TerritorialProgramme,
    Territory,
)
from semis.territories.tests.factories import (
    ActionFactory,
    MeetingFactory,
    ProgrammeFactory,
    SheetFactory,
    StakeholderFactory,
    TerritoryFactory,
)


def two_territories_and_another_region():
    programme = ProgrammeFactory()
    mine = TerritoryFactory(programme=programme)
    neighbour = TerritoryFactory(programme=programme)
    elsewhere = TerritoryFactory()
    return programme, mine, neighbour, elsewhere


def test_regional_coordinator_sees_every_territory_of_her_region_and_no_other():
    programme, mine, neighbour, _elsewhere = two_territories_and_another_region()
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, programme.region)
    assert set(Territory.objects.visible_to(coordinator)) == {mine, neighbour}
    assert set(TerritorialProgramme.objects.visible_to(coordinator)) == {programme}


def test_territorial_lead_sees_only_her_territory_and_its_rows_but_the_whole_programme():
    programme, mine, neighbour, _elsewhere = two_territories_and_another_region()
    lead = user_with_role(Role.TERRITORIAL_LEAD, mine)
    own_action, own_stakeholder = ActionFactory(territory=mine), StakeholderFactory(territory=mine)
    ActionFactory(territory=neighbour)
    StakeholderFactory(territory=neighbour)
    assert set(Territory.objects.visible_to(lead)) == {mine}
    assert set(Action.objects.visible_to(lead)) == {own_action}
    assert set(Stakeholder.objects.visible_to(lead)) == {own_stakeholder}
    assert set(TerritorialProgramme.objects.visible_to(lead)) == {programme}


def test_regional_meetings_are_seen_by_every_territory_of_the_programme():
    programme, mine, _neighbour, elsewhere = two_territories_and_another_region()
    meeting = MeetingFactory(programme=programme)
    MeetingFactory(programme=elsewhere.programme)
    assert set(Meeting.objects.visible_to(user_with_role(Role.TERRITORIAL_LEAD, mine))) == {meeting}


def test_published_sheets_form_a_library_for_the_whole_programme_drafts_stay_home():
    programme, mine, neighbour, elsewhere = two_territories_and_another_region()
    own_draft = SheetFactory(territory=mine)
    neighbour_draft = SheetFactory(territory=neighbour)
    neighbour_published = SheetFactory(territory=neighbour, status=SheetStatus.PUBLISHED)
    SheetFactory(territory=elsewhere, status=SheetStatus.PUBLISHED)
    lead = user_with_role(Role.TERRITORIAL_LEAD, mine)
    assert set(CapitalisationSheet.objects.visible_to(lead)) == {own_draft, neighbour_published}
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, programme.region)
    assert set(CapitalisationSheet.objects.visible_to(coordinator)) == {own_draft, neighbour_draft, neighbour_published}
    assert not CapitalisationSheet.objects.visible_to(UserFactory()).exists()


def test_academie_and_school_perimeters_see_the_territories_they_hold():
    departement = DepartementFactory()
    school = EstablishmentFactory(commune=CommuneFactory(departement=departement))
    around_school = TerritoryFactory(communes=[school.commune, CommuneFactory()])
    TerritoryFactory()
    assert set(Territory.objects.visible_to(user_with_role(Role.TEACHER, school))) == {around_school}
    pilot = user_with_role(Role.ACADEMIE_PILOT, departement.academie)
    assert set(Territory.objects.visible_to(pilot)) == {around_school}


def test_nobody_without_a_role_sees_territorial_data():
    TerritoryFactory()
    nobody = UserFactory()
    assert not Territory.objects.visible_to(nobody).exists()
    assert not TerritorialProgramme.objects.visible_to(nobody).exists()
