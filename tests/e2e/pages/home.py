from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class HomePage(BasePage):
    """ "Mon espace": the user's perimeters and next actions."""

    path = "/"

    @property
    def perimeters(self) -> Locator:
        return self.page.get_by_role("region", name="Mes périmètres")

    @property
    def next_actions(self) -> Locator:
        return self.page.get_by_role("region", name="Prochaines actions")

    @property
    def current_menu_item(self) -> Locator:
        return self.main_menu.locator("[aria-current=page]")

    def search_library(self, text: str) -> None:
        """Types words in the home page's search box and sends them (Enter): one action."""
        box = self.page.get_by_label("Chercher dans le cartable")
        box.fill(text)
        with self.page.expect_navigation():
            box.press("Enter")
