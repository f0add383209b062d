import pytest
from playwright.sync_api import expect

from semis.accounts.tests.factories import PASSWORD
from tests.e2e.pages.home import HomePage
from tests.e2e.pages.login import LoginPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_and_lands_on_her_space_showing_her_school(
    page, base_url, teacher, school, check_accessibility
):
    login = LoginPage(page, base_url).open()
    check_accessibility(page, "login")

    login.sign_in(teacher.email, PASSWORD)

    home = HomePage(page, base_url)
    expect(page).to_have_url(base_url + "/")
    expect(home.heading).to_have_text("Bonjour Élise")
    expect(home.current_menu_item).to_have_text("Mon espace")
    expect(home.perimeters).to_contain_text("Enseignant·e ou animateur·rice")
    expect(home.perimeters).to_contain_text(f"Établissement : {school.name} ({school.uai})")
    expect(home.perimeters).to_contain_text("1 établissement dans votre périmètre.")
    check_accessibility(page, "home")


def test_wrong_password_shows_french_error_and_five_failures_lock_the_account(
    page, base_url, teacher, check_accessibility
):
    login = LoginPage(page, base_url).open()

    for _attempt in range(4):
        login.sign_in(teacher.email, "pas-le-bon-mot-de-passe")
        expect(login.error).to_have_text("Adresse e-mail ou mot de passe incorrect.")
        expect(page).to_have_url(base_url + LoginPage.path)
    check_accessibility(page, "login-error")

    login.sign_in(teacher.email, "pas-le-bon-mot-de-passe")
    expect(login.heading).to_have_text("Connexion temporairement bloquée")
    expect(login.main).to_contain_text("réessayez dans 15 minutes")
    check_accessibility(page, "lockout")

    # Locked out: even the right password does not let her in now.
    login.open().sign_in(teacher.email, PASSWORD)
    expect(login.heading).to_have_text("Connexion temporairement bloquée")
    expect(HomePage(page, base_url).open().heading).to_have_text("Connexion à Semis")
