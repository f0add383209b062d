from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class NewProjectPage(BasePage):
    path = "/projets/nouveau/"

    def start_from_sequence(self, title: str) -> None:
        self.page.get_by_label("Partir d'une séquence du cartable").select_option(label=title)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Reprendre cette séquence").click()

    def fill_group(self, row: int, *, name: str, level: str, pupils: int, hours: str) -> None:
        self.page.locator(f"#id_groupes-{row}-name").fill(name)
        self.page.locator(f"#id_groupes-{row}-level").select_option(label=level)
        self.page.locator(f"#id_groupes-{row}-pupil_count").fill(str(pupils))
        self.page.locator(f"#id_groupes-{row}-planned_hours").fill(hours)

    def create(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Créer le projet").click()


class ProjectPage(BasePage):
    def __init__(self, page, base_url, pk: int | None = None):
        super().__init__(page, base_url)
        self.path = f"/projets/{pk}/" if pk else "/projets/"

    def criterion(self, label: str) -> Locator:
        """The row of the criteria table for a criterion (its label's beginning)."""
        table = self.main.locator("table", has=self.page.locator("caption", has_text="Critères de qualité"))
        return table.locator("tbody tr", has=self.page.locator("th", has_text=label))

    def group_row(self, name: str) -> Locator:
        return self.main.locator("#groupes ~ div table tbody tr", has=self.page.locator("th", has_text=name))

    def edit_group(self, name: str) -> None:
        with self.page.expect_navigation():
            self.group_row(name).get_by_role("link", name="Modifier").click()

    @property
    def status_badge(self) -> Locator:
        return self.main.locator(".fr-badges-group .fr-badge").first

    @property
    def score(self) -> Locator:
        return self.main.locator(".semis-score")

    @property
    def history(self) -> Locator:
        return self.main.locator("#validation + ol")

    def click(self, name: str) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name=name).or_(self.main.get_by_role("button", name=name)).first.click()

    def submit_form(self, fields: dict[str, str], button: str = "Enregistrer") -> None:
        for label, value in fields.items():
            self.page.get_by_label(label).fill(value)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name=button).click()

    def review(self, comment: str, decision: str) -> None:
        self.page.get_by_label("Commentaire").fill(comment)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name=decision).click()


class DeliveryLogPage(BasePage):
    def __init__(self, page, base_url, pk: int):
        super().__init__(page, base_url)
        self.path = f"/projets/{pk}/seance/"

    @property
    def dosage(self) -> Locator:
        return self.main.locator("#dosage")

    def log(self, *, fidelity: str, engagement: str) -> None:
        """Takes the defaults (today, the next sheet, its minutes, every pupil present) and answers two questions."""
        self.main.locator("fieldset", has_text="Fait comme prévu").get_by_text(fidelity, exact=True).click()
        self.main.locator("fieldset", has_text="Engagement du groupe").get_by_text(engagement, exact=True).click()
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Enregistrer la séance").click()
