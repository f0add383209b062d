from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class _CodeForm(BasePage):
    submit_label = ""

    def submit_code(self, code: str) -> None:
        self.page.get_by_label("Code à 6 chiffres").fill(code)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name=self.submit_label).click()

    @property
    def error(self) -> Locator:
        return self.main.locator(".fr-error-text")


class OtpSetupPage(_CodeForm):
    """Pairs an authenticator app: shows the secret (QR code and text), asks for a first code."""

    path = "/compte/double-authentification/"
    submit_label = "Activer"

    @property
    def secret(self) -> str:
        return self.page.locator("#otp-secret").inner_text().strip()


class OtpVerifyPage(_CodeForm):
    path = "/compte/double-authentification/verification/"
    submit_label = "Vérifier"
