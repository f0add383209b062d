import pytest
from playwright.sync_api import expect

from semis.accounts.tests.factories import PASSWORD
from tests.e2e.pages.audit import AuditLogPage
from tests.e2e.pages.establishments import EstablishmentListPage, EstablishmentPage
from tests.e2e.pages.login import LoginPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_teacher(page, base_url, teacher):
    LoginPage(page, base_url).open().sign_in(teacher.email, PASSWORD)
    return page


def test_teacher_sees_only_her_school_and_gets_the_dsfr_404_for_another_one(
    signed_in_teacher, base_url, school, other_school, check_accessibility
):
    page = signed_in_teacher
    establishments = EstablishmentListPage(page, base_url).open()
    expect(establishments.rows).to_have_count(1)
    expect(establishments.rows).to_contain_text(school.name)
    check_accessibility(page, "establishment-list")

    own = EstablishmentPage(page, base_url, school.uai).open()
    assert own.status == 200
    expect(own.heading).to_have_text(school.name)

    other = EstablishmentPage(page, base_url, other_school.uai).open()
    assert other.status == 404
    expect(other.heading).to_have_text("Page introuvable")
    expect(other.main).to_contain_text("n’est pas dans votre périmètre")
    expect(other.main).not_to_contain_text(other_school.name)
    expect(other.header).to_be_visible()
    check_accessibility(page, "404")


def test_teacher_opening_the_audit_log_gets_the_dsfr_403(signed_in_teacher, base_url, check_accessibility):
    page = signed_in_teacher
    audit = AuditLogPage(page, base_url).open()

    assert audit.status == 403
    expect(audit.heading).to_have_text("Accès refusé")
    expect(audit.main.get_by_role("link", name="Retour à mon espace")).to_be_visible()
    expect(audit.header).to_be_visible()
    check_accessibility(page, "403")
