import pytest
from playwright.sync_api import expect

from semis.accounts.tests.factories import PASSWORD
from tests.e2e.browser import MOBILE
from tests.e2e.pages.establishments import EstablishmentListPage
from tests.e2e.pages.home import HomePage
from tests.e2e.pages.login import LoginPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_language_switch_goes_to_english_and_back_and_the_choice_follows_the_user(page, base_url, teacher):
    login = LoginPage(page, base_url).open()
    assert login.lang == "fr"

    login.switch_language("English")
    assert login.lang == "en"
    expect(page).to_have_url(base_url + LoginPage.path)
    expect(page.get_by_role("button", name="Français", exact=True)).to_be_visible()

    login.sign_in(teacher.email, PASSWORD)
    home = HomePage(page, base_url)
    expect(page).to_have_url(base_url + "/")
    assert home.lang == "en"
    establishments = EstablishmentListPage(page, base_url).open()
    assert establishments.lang == "en"

    establishments.switch_language("Français")
    assert establishments.lang == "fr"
    expect(page).to_have_url(base_url + EstablishmentListPage.path)
    assert home.open().lang == "fr"


def test_language_switch_is_reachable_from_the_mobile_menu(new_page, base_url):
    page = new_page(viewport=MOBILE)
    login = LoginPage(page, base_url).open()

    login.switch_language("English")

    assert login.lang == "en"
