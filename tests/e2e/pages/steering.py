from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class SteeringPage(BasePage):
    path = "/pilotage/"

    def table(self, caption: str) -> Locator:
        return self.main.locator("table", has=self.page.locator("caption", has_text=caption))

    def figure(self, caption: str, indicator: str) -> Locator:
        """The current year's cell of an indicator's row."""
        row = self.table(caption).locator("tbody tr", has=self.page.locator("th", has_text=indicator))
        return row.locator("td").first

    def definition(self, indicator: str) -> Locator:
        return self.main.locator("tr", has_text=indicator).locator("details")

    def download(self, label: str):
        with self.page.expect_download() as download:
            self.main.get_by_role("link", name=label).click()
        return download.value
