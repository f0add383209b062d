from typing import Self

from playwright.sync_api import Locator, Page, Response


class BasePage:
    """What every Semis page has: the DSFR header (account, sign-out, language switch) and a main area."""

    path = "/"

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.response: Response | None = None

    def open(self, path: str | None = None) -> Self:
        self.response = self.page.goto(self.base_url + (path or self.path))
        return self

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def heading(self) -> Locator:
        return self.page.locator("main h1")

    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    @property
    def header(self) -> Locator:
        return self.page.locator("header.fr-header")

    @property
    def main_menu(self) -> Locator:
        return self.page.locator("#main-navigation")

    @property
    def messages(self) -> Locator:
        return self.page.locator("main .fr-alert")

    @property
    def lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    def switch_language(self, to: str) -> None:
        """Clicks the header's language button ("English" or "Français"), opening the mobile menu if needed."""
        button = self.page.get_by_role("button", name=to, exact=True)
        if not button.is_visible():
            self.page.get_by_role("button", name="Menu", exact=True).click()
        with self.page.expect_navigation():
            button.click()

    def sign_out(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se déconnecter").click()
