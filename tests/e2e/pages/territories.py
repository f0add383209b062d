"""Territories pages: a programme and its territories, one territory, its community, actions and coherence."""

import re

from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class _FormPage(BasePage):
    def tick(self, label) -> None:
        """Checks a DSFR radio button or checkbox: its drawn label covers the input, so it is the label one clicks."""
        box = self.main.get_by_label(label, exact=True) if isinstance(label, str) else self.main.get_by_label(label)
        self.main.locator(f"label[for='{box.get_attribute('id')}']").click()
        assert box.is_checked()

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.main.locator("form button[type=submit]").click()

    def error_of(self, field: str) -> Locator:
        """The French message shown next to a field (its DSFR error text)."""
        return self.main.locator(f"#id_{field}-desc-error")

    @property
    def errors(self) -> Locator:
        return self.main.locator(".fr-error-text")


class ProgrammePage(BasePage):
    """A programme's territories side by side."""

    def __init__(self, page, base_url, pk: int):
        super().__init__(page, base_url)
        self.path = f"/territoires/programmes/{pk}/"

    @property
    def territory_rows(self) -> Locator:
        return self.main.locator("table tbody tr")

    @property
    def territory_names(self) -> Locator:
        return self.territory_rows.locator("th[scope=row] a")

    def new_territory(self) -> "TerritoryFormPage":
        with self.page.expect_navigation():
            self.main.get_by_role("link", name="Nouveau territoire").click()
        return TerritoryFormPage(self.page, self.base_url)


class ProgrammeMapPage(BasePage):
    """The programme's territories by type and its actions per commune, each map with its table."""

    def __init__(self, page, base_url, pk: int):
        super().__init__(page, base_url)
        self.path = f"/territoires/programmes/{pk}/carte/"

    def map(self, title: str) -> Locator:
        return self.main.locator("svg[role=img]").filter(has=self.page.locator(f"title:text-is('{title}')"))

    @property
    def territory_rows(self) -> Locator:
        return self.main.locator("table").first.locator("tbody tr")


class TerritoryFormPage(_FormPage):
    def fill(self, *, name: str, kind: str, epcis: list[str] = (), communes: list[str] = ()) -> None:
        self.page.locator("#id_name").fill(name)
        self.page.locator("#id_kind").select_option(label=kind)
        self.page.locator("#id_epcis").select_option(label=list(epcis))
        self.page.locator("#id_communes").fill("\n".join(communes))


class TerritoryPage(BasePage):
    """One territory: its figures, map, journey, community and actions."""

    def __init__(self, page, base_url, pk: int | None = None):
        super().__init__(page, base_url)
        if pk is not None:
            self.path = f"/territoires/{pk}/"

    @property
    def pk(self) -> int:
        return int(re.search(r"/territoires/(\d+)/", self.page.url).group(1))

    @property
    def figures(self) -> Locator:
        return self.main.locator("ul.semis-figures")

    @property
    def map(self) -> Locator:
        return self.main.locator("figure.semis-map svg[role=img]")

    @property
    def map_title(self) -> Locator:
        return self.map.locator("> title")

    @property
    def map_description(self) -> Locator:
        return self.map.locator("> desc")

    @property
    def commune_rows(self) -> Locator:
        return self.main.locator("#communes-du-territoire tbody tr")

    def go(self, link: str) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name=link, exact=True).click()


class StakeholderFormPage(_FormPage):
    def __init__(self, page, base_url, territory_pk: int):
        super().__init__(page, base_url)
        self.path = f"/territoires/{territory_pk}/acteurs/nouveau/"

    def fill(self, *, kind: str, name: str, category: str, role: str = "", email: str = "") -> None:
        self.tick(kind)
        self.page.locator("#id_name").fill(name)
        self.page.locator("#id_category").select_option(label=category)
        self.page.locator("#id_role").fill(role)
        self.page.locator("#id_email").fill(email)


class ActionFormPage(_FormPage):
    def __init__(self, page, base_url, territory_pk: int):
        super().__init__(page, base_url)
        self.path = f"/territoires/{territory_pk}/actions/nouvelle/"

    def fill(
        self,
        *,
        title: str,
        setting: str,
        date: str,
        audience: str,
        ages: tuple[int, int],
        skills: list[str],
        lever: str,
        determinant: str,
        people_reached: int,
        adults_trained: int = 0,
        hours: int = 0,
        commune: str = "",
        stakeholders: list[str] = (),
    ) -> None:
        self.page.locator("#id_title").fill(title)
        self.page.locator("#id_setting").select_option(label=setting)
        self.page.locator("#id_date").fill(date)
        if commune:
            self.page.locator("#id_commune").select_option(label=commune)
        self.page.locator("#id_audience").select_option(label=audience)
        self.page.locator("#id_age_min").fill(str(ages[0]))
        self.page.locator("#id_age_max").fill(str(ages[1]))
        for code in skills:
            # Skills are ticked by their referential code, the start of their label ("E1.2 Identifier…").
            self.tick(re.compile(rf"^\s*{re.escape(code)}\s"))
        self.page.locator("#id_hours").fill(str(hours))
        self.page.locator("#id_people_reached").fill(str(people_reached))
        self.page.locator("#id_adults_trained").fill(str(adults_trained))
        self.page.locator("#id_lever").select_option(label=lever)
        self.page.locator("#id_determinant_level").select_option(label=determinant)
        for name in stakeholders:
            self.tick(name)


class ActionListPage(BasePage):
    @property
    def rows(self) -> Locator:
        return self.main.locator("table tbody tr")


class CoherencePage(BasePage):
    """Skills × settings: how many actions of the territory work each skill in each living environment."""

    def __init__(self, page, base_url, territory_pk: int):
        super().__init__(page, base_url)
        self.path = f"/territoires/{territory_pk}/coherence/"

    @property
    def matrix(self) -> Locator:
        return self.main.locator("table").first

    @property
    def summary(self) -> Locator:
        return self.main.locator(".fr-callout")

    def cell(self, skill_code: str, setting: str) -> Locator:
        """The cell of a skill (row, by its code) and a setting (column, by its name)."""
        headers = [text.strip() for text in self.matrix.locator("thead th").all_inner_texts()]
        row = self.matrix.locator("tbody tr").filter(has=self.page.locator(f"th:text-matches('^{skill_code} ')"))
        return row.locator("td").nth(headers.index(setting) - 1)
