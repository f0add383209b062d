import re

import pytest
from playwright.sync_api import expect

from semis.accounts.tests.factories import PASSWORD
from tests.e2e.authenticator import Authenticator
from tests.e2e.pages.home import HomePage
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpSetupPage, OtpVerifyPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_academie_pilot_sets_up_second_factor_then_must_pass_it_at_each_sign_in(
    page, base_url, academie_pilot, check_accessibility
):
    login = LoginPage(page, base_url).open()
    login.sign_in(academie_pilot.email, PASSWORD)

    # First sign-in: the pilot is sent to pair an authenticator app before anything else.
    setup = OtpSetupPage(page, base_url)
    expect(page).to_have_url(re.compile(re.escape(base_url + OtpSetupPage.path) + r"\?next="))
    expect(setup.heading).to_have_text("Activer la double authentification")
    expect(setup.main_menu).to_have_count(0)
    check_accessibility(page, "otp-setup")
    phone = Authenticator(setup.secret)
    setup.submit_code(phone.code())

    home = HomePage(page, base_url)
    expect(page).to_have_url(base_url + "/")
    expect(home.messages).to_contain_text("Double authentification activée.")
    expect(home.perimeters).to_contain_text("Pilotage académique")

    # Next sign-in: the code is asked for.
    home.sign_out()
    login.sign_in(academie_pilot.email, PASSWORD)
    verify = OtpVerifyPage(page, base_url)
    expect(page).to_have_url(re.compile(re.escape(base_url + OtpVerifyPage.path)))
    expect(verify.heading).to_have_text("Second facteur")
    check_accessibility(page, "otp-verify")
    verify.submit_code(phone.code())
    expect(page).to_have_url(base_url + "/")
    expect(home.perimeters).to_contain_text("Pilotage académique")

    # A wrong code is refused in French, and the pilot stays outside.
    home.sign_out()
    login.sign_in(academie_pilot.email, PASSWORD)
    verify.submit_code(phone.wrong_code())
    expect(verify.error).to_have_text("Code incorrect. Saisissez le code actuellement affiché par votre application.")
    expect(page).to_have_url(re.compile(re.escape(base_url + OtpVerifyPage.path)))
    home.open()
    expect(page).to_have_url(re.compile(re.escape(base_url + OtpVerifyPage.path)))
    expect(verify.heading).to_have_text("Second facteur")
