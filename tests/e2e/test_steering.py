import pytest
from playwright.sync_api import expect

from semis.accounts.enums import Role
from semis.accounts.tests.factories import PASSWORD, user_with_role
from semis.projects.tests.factories import this_school_year
from semis.reporting.services import indicators_refresh
from semis.reporting.tests.factories import steering_data
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.steering import SteeringPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_partner_reads_the_figures_of_their_departement_drills_down_and_downloads_them(
    page, base_url, check_accessibility
):
    a, b = steering_data()
    indicators_refresh(school_year=this_school_year())
    # A funder's partner on the département: read-only, no second factor.
    partner = user_with_role(Role.PARTNER, a.departement, email="paul.partenaire@exemple.fr")
    LoginPage(page, base_url).open().sign_in(partner.email, PASSWORD)

    with page.expect_navigation():
        page.locator("#main-navigation").get_by_role("link", name="Pilotage").click()
    steering = SteeringPage(page, base_url)
    expect(steering.heading).to_have_text(f"Pilotage — {a.departement}")
    expect(steering.figure("Formation des adultes", "Adultes formés")).to_contain_text("4 personnes")
    definition = steering.definition("Adultes formés")
    definition.locator("summary").click()
    expect(definition).to_contain_text("au moins 12 h")
    check_accessibility(page, "steering-departement")

    with page.expect_navigation():
        steering.main.get_by_role("link", name=a.school.name).click()
    expect(steering.heading).to_contain_text(a.school.name)
    expect(steering.figure("Projets locaux", "Élèves ou jeunes touchés")).to_contain_text("24")

    download = steering.download("Tableau CSV")
    assert (
        download.suggested_filename
        == f"indicateurs-etablissement-{a.school.uai}-{this_school_year()}-{this_school_year() + 1}.csv"
    )

    other = SteeringPage(page, base_url).open(f"/pilotage/departement-{b.departement.code}/")
    assert other.status == 404
