"""Territories journeys: a territorial lead builds her territory; the regional coordinator sees the programme."""

import re
from base64 import b32encode

import pytest
import shapely
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from semis.accounts.enums import Role
from semis.accounts.tests.factories import PASSWORD, user_with_role
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EpciFactory
from semis.referential.tests.factories import shipped_referential
from semis.territories import demo, outlines
from semis.territories.models import Action, Stakeholder, Territory
from semis.territories.tests.factories import ProgrammeFactory, TerritoryFactory, demo_places
from tests.e2e.authenticator import Authenticator
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpVerifyPage
from tests.e2e.pages.territories import (
    ActionFormPage,
    ActionListPage,
    CoherencePage,
    ProgrammeMapPage,
    ProgrammePage,
    StakeholderFormPage,
    TerritoryPage,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_outlines():
    """Communes of earlier tests, rolled back, may have had the same keys: no cached outline survives."""
    outlines.forget()


def square(lon: float, lat: float, size: float = 0.05) -> bytes:
    return shapely.to_wkb(shapely.box(lon, lat, lon + size, lat + size))


def sign_in(page, base_url, user, authenticator=None) -> None:
    LoginPage(page, base_url).open().sign_in(user.email, PASSWORD)
    if authenticator is not None:
        OtpVerifyPage(page, base_url).submit_code(authenticator.code())


def test_coordinator_sees_the_thirty_territories_of_the_programme_and_a_lead_only_hers(
    new_page, base_url, check_accessibility
):
    region = demo_places()
    shipped_referential()
    programme = demo.seed_territories()
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region, email="aurelie.coordination@exemple.fr")
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    lead = user_with_role(Role.TERRITORIAL_LEAD, Territory.objects.get(name="Unieux"), email="theo.lead@exemple.fr")

    page = new_page()
    sign_in(page, base_url, coordinator, Authenticator(b32encode(device.bin_key).decode()))
    overview = ProgrammePage(page, base_url, programme.pk).open()
    expect(overview.heading).to_have_text(programme.name)
    expect(overview.territory_rows).to_have_count(30)
    expect(overview.territory_names).to_contain_text(["Aurillac", "Bassin annonéen", "Diois", "Unieux"])
    check_accessibility(page, "territories-programme")

    page = new_page()
    sign_in(page, base_url, lead)
    overview = ProgrammePage(page, base_url, programme.pk).open()
    expect(overview.territory_names).to_have_text(["Unieux"])
    other = Territory.objects.get(name="Diois")
    assert TerritoryPage(page, base_url, other.pk).open().status == 404


@pytest.fixture
def places():
    """Where the Loire meets the Haute-Loire: an EPCI of three communes and two communes beside it, with outlines."""
    programme = ProgrammeFactory(name="Programme CPS Loire", year_start=2019, year_end=2026)
    academie = AcademieFactory(region=programme.region)
    loire = DepartementFactory(code="42", name="Loire", academie=academie)
    haute_loire = DepartementFactory(code="43", name="Haute-Loire", academie=academie)
    epci = EpciFactory(name="Loire Semène")
    for i, (name, population) in enumerate([("Aurec-sur-Loire", 6000), ("Saint-Just", 4000), ("Semène", 3000)]):
        shape = square(4.2, 45.3 + i / 20)
        CommuneFactory(name=name, population=population, epci=epci, departement=haute_loire, geometry=shape)
    for code, name, population, lat in [("42099", "Fraisses", 3700, 45.3), ("42095", "Firminy", 16800, 45.35)]:
        CommuneFactory(insee_code=code, name=name, population=population, departement=loire, geometry=square(4.25, lat))
    home = TerritoryFactory(programme=programme, name="Unieux", communes=[CommuneFactory(departement=loire)])
    shipped_referential()
    return programme, home


def test_lead_builds_her_territory_with_its_community_and_actions_in_and_out_of_school(
    page, base_url, places, check_accessibility
):
    programme, home = places
    lead = user_with_role(Role.TERRITORIAL_LEAD, home, email="theo.lead@exemple.fr")
    sign_in(page, base_url, lead)

    # A territory with no commune is refused next to the field, and nothing is written.
    form = ProgrammePage(page, base_url, programme.pk).open().new_territory()
    check_accessibility(page, "territory-form")
    form.fill(name="Ondaine", kind="Bassin de vie")
    form.submit()
    expect(form.error_of("communes")).to_have_text(
        "Un territoire compte au moins une commune : choisissez un EPCI ou des communes."
    )
    assert not Territory.objects.filter(name="Ondaine").exists()

    # An EPCI and two communes (one by its INSEE code, one by its name).
    form.fill(name="Ondaine", kind="Bassin de vie", epcis=["Loire Semène"], communes=["42099", "Firminy"])
    form.submit()
    territory = TerritoryPage(page, base_url)
    expect(territory.heading).to_contain_text("Ondaine")
    expect(territory.messages).to_contain_text("Territoire créé")
    expect(territory.figures).to_contain_text(re.compile(r"33\W500\s*habitant·es"))
    expect(territory.figures).to_contain_text(re.compile(r"5\s*communes"))
    expect(territory.map_title).to_have_text("Carte du territoire Ondaine")
    expect(territory.map_description).to_contain_text(
        "5 communes, dont 0 avec au moins une action localisée, sur 2 départements : Haute-Loire, Loire."
    )
    expect(territory.map.locator("path > title")).to_have_count(5)
    expect(territory.commune_rows).to_have_count(5)
    check_accessibility(page, "territory-detail")
    pk = territory.pk

    # The educational community: a school and a sports club; an e-mail cannot name two of them.
    stakeholders = StakeholderFormPage(page, base_url, pk).open()
    check_accessibility(page, "stakeholder-form")
    stakeholders.fill(
        kind="Organisation",
        name="École Jules-Ferry",
        category="Professionnel·les de l'éducation",
        role="École engagée",
        email="ecole.jules-ferry@exemple.fr",
    )
    stakeholders.submit()
    expect(stakeholders.messages).to_contain_text("Acteur ajouté à la communauté éducative.")
    stakeholders.open()
    stakeholders.fill(
        kind="Organisation", name="Football club", category="Bénévoles", email="Ecole.Jules-Ferry@exemple.fr"
    )
    stakeholders.submit()
    expect(stakeholders.error_of("email")).to_have_text(
        "Cette adresse e-mail est déjà celle de « École Jules-Ferry », acteur de ce territoire."
    )
    stakeholders.page.locator("#id_email").fill("contact@fc-fraisses.fr")
    stakeholders.submit()
    assert Stakeholder.objects.filter(territory_id=pk).count() == 2

    # An action at school: the coherence view shows it, and the gaps out of school.
    actions = ActionFormPage(page, base_url, pk).open()
    check_accessibility(page, "action-form")
    actions.fill(
        title="Ateliers émotions en CP",
        setting="École",
        date="2024-03-14",
        commune="Fraisses (42099)",
        audience="Enfants",
        ages=(6, 7),
        skills=["E1.2", "S1.1"],
        hours=10,
        people_reached=48,
        adults_trained=3,
        lever="Aptitudes individuelles",
        determinant="Individuel",
        stakeholders=["École Jules-Ferry"],
    )
    actions.submit()
    expect(ActionListPage(page, base_url).rows).to_have_count(1)
    check_accessibility(page, "action-list")
    coherence = CoherencePage(page, base_url, pk).open()
    expect(coherence.cell("E1.2", "École")).to_have_text("1")
    expect(coherence.cell("E2.2", "Club sportif")).to_have_text("aucune")
    expect(coherence.summary).to_contain_text("Club sportif")
    check_accessibility(page, "coherence")

    # An action out of school, dated outside the programme at first: refused next to the date.
    actions.open()
    actions.fill(
        title="Gérer ses émotions dans le jeu",
        setting="Club sportif",
        date="2027-09-15",
        audience="Enfants",
        ages=(8, 12),
        skills=["E2.2", "S2.2"],
        hours=12,
        people_reached=35,
        adults_trained=4,
        lever="Milieux favorables",
        determinant="Milieu de vie",
        stakeholders=["Football club"],
    )
    actions.submit()
    expect(actions.error_of("date")).to_contain_text("La date doit tomber pendant le programme (2019–2026)")
    assert Action.objects.filter(territory_id=pk).count() == 1
    actions.page.locator("#id_date").fill("2025-09-15")
    actions.submit()
    expect(ActionListPage(page, base_url).rows).to_have_count(2)

    coherence.open()
    expect(coherence.cell("E2.2", "Club sportif")).to_have_text("1")
    expect(coherence.cell("E1.2", "École")).to_have_text("1")
    expect(coherence.summary).not_to_contain_text("Club sportif")

    # The action placed in Fraisses now colours it on the map.
    territory = TerritoryPage(page, base_url, pk).open()
    expect(territory.map_description).to_contain_text("5 communes, dont 1 avec au moins une action localisée")
    expect(territory.map.locator("path > title", has_text="Fraisses : 1 action")).to_have_count(1)
    expect(territory.figures).to_contain_text(re.compile(r"2\s*actions"))

    # The programme maps show her territories, by type and by actions, with their départements.
    maps = ProgrammeMapPage(page, base_url, programme.pk).open()
    expect(maps.map("Territoires du programme Programme CPS Loire").locator("g.marker")).to_have_count(1)
    coverage = maps.map("Actions par commune — Programme CPS Loire")
    expect(coverage.locator("path > title", has_text="Fraisses : 1 action")).to_have_count(1)
    expect(coverage.locator("text", has_text="limite de département")).to_have_count(1)
    expect(maps.territory_rows.filter(has_text="Ondaine")).to_contain_text("Haute-Loire, Loire")
    check_accessibility(page, "programme-maps")
