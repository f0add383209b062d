from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class LoginPage(BasePage):
    path = "/compte/connexion/"

    def sign_in(self, email: str, password: str) -> None:
        # Located by id, not label: the language-switch journey signs in with the page in English.
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        with self.page.expect_navigation():
            self.main.locator("form button[type=submit]").click()

    @property
    def error(self) -> Locator:
        return self.main.locator(".fr-error-text")
