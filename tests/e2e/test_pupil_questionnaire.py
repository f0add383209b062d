"""Two pupils answer the questionnaire on the class's phone-sized tablet with the codes from their
paper slips: a mistyped code is refused without losing the answers, a code answers once."""

import pytest
from playwright.sync_api import expect

from semis.evaluation.models import Response
from semis.evaluation.tests.factories import open_campaign
from semis.projects.tests.factories import GroupFactory, ProjectFactory
from tests.e2e.browser import MOBILE
from tests.e2e.pages.evaluation import AnswerPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pupils_answer_with_their_paper_codes_on_a_small_screen(
    new_page, base_url, school, teacher, check_accessibility
):
    project = ProjectFactory(establishment=school, created_by=teacher)
    GroupFactory(project=project, name="CM1 A", pupil_count=20)
    campaign = open_campaign(teacher, project)
    first, second = campaign.codes.values_list("code", flat=True)[:2]

    page = new_page(MOBILE)
    form = AnswerPage(page, base_url, campaign.pre_token).open()
    expect(form.heading).to_have_text("Questionnaire")
    check_accessibility(page, "pupil-questionnaire")
    # No horizontal scrolling on a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    # A mistyped code: refused at the field, the answers stay ticked.
    form.code.fill("ZZZZZZ")
    form.choose_everywhere("Souvent")
    form.send()
    expect(page.get_by_text("Ce code n'existe pas.")).to_be_visible()
    expect(form.question("Je sais dire ce que je ressens.").get_by_label("Souvent")).to_be_checked()
    form.code.fill(first.lower())
    form.send()
    expect(page.get_by_role("heading", name="Merci ! Tes réponses sont enregistrées.")).to_be_visible()

    # The next pupil on the same tablet; then the first one tries again.
    form.next_pupil()
    form.code.fill(second)
    form.choose_everywhere("Parfois")
    form.choose("Je me dispute avec les autres enfants.", "Jamais")
    form.send()
    expect(page.get_by_role("heading", name="Merci ! Tes réponses sont enregistrées.")).to_be_visible()
    form.next_pupil()
    form.code.fill(first)
    form.choose_everywhere("Toujours")
    form.send()
    expect(page.get_by_text("Ce code a déjà servi pour ce questionnaire")).to_be_visible()

    assert Response.objects.count() == 2
    assert Response.objects.get(code__code=second).answers["disputes"] == 1
