import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.models import AuditAction, AuditEvent
from semis.geo import services
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.models import Establishment
from semis.geo.tests.factories import CommuneFactory, valid_uai


@pytest.fixture
def pilot(home):
    return user_with_role(Role.ACADEMIE_PILOT, home.academie)


def create(user, **overrides):
    values = {
        "uai": valid_uai(441234),
        "name": "École des Dunes",
        "kind": EstablishmentKind.ELEMENTAIRE,
        "sector": Sector.PUBLIC,
        "priority_education": PriorityEducation.REP,
        "commune_code": "44109",
    }
    return services.establishment_create(user=user, **{**values, **overrides})


def error_messages(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_create_in_perimeter_saves_the_school_and_audits_it(home, pilot):
    school = create(pilot, uai="0441234c")
    assert school.uai == "0441234C"
    assert school.commune == home.commune
    assert school.version == 1
    assert AuditEvent.objects.for_object(school).get().action == AuditAction.CREATE


def test_create_with_wrong_check_letter_writes_nothing(home, pilot):
    before = Establishment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(pilot, uai="0441234D")
    assert error_messages(excinfo)["uai"] == ["La lettre de contrôle de l'UAI « 0441234D » est fausse (attendue : C)."]
    assert Establishment.objects.count() == before


def test_create_with_malformed_uai_explains_the_format(home, pilot):
    with pytest.raises(ValidationError) as excinfo:
        create(pilot, uai="44ABC")
    assert "7 chiffres suivis d'une lettre" in error_messages(excinfo)["uai"][0]


def test_create_with_unknown_commune_code_writes_nothing_and_reports_every_field(home, pilot):
    before = Establishment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(pilot, commune_code="99999", uai="0441234D")
    errors = error_messages(excinfo)
    assert errors["commune_code"] == ["Aucune commune n'a le code INSEE 99999."]
    assert "uai" in errors
    assert Establishment.objects.count() == before


def test_create_with_a_uai_already_taken_is_refused(home, pilot):
    with pytest.raises(ValidationError) as excinfo:
        create(pilot, uai=home.school.uai)
    assert error_messages(excinfo)["uai"] == ["Un établissement porte déjà cet UAI."]


def test_create_in_a_commune_outside_the_perimeter_is_denied(home, away, pilot):
    before = Establishment.objects.count()
    with pytest.raises(PermissionDenied, match="n'est pas dans votre périmètre"):
        create(pilot, commune_code=away.commune.insee_code)
    assert Establishment.objects.count() == before


def test_create_is_denied_to_roles_that_do_not_keep_schools(home):
    with pytest.raises(PermissionDenied):
        create(user_with_role(Role.TEACHER, home.school))


def test_four_digit_commune_code_gets_its_leading_zero_back(pilot, home):
    commune = CommuneFactory(insee_code="04070", departement=home.departement)
    assert create(pilot, commune_code="4070").commune == commune


def update(user, school, **overrides):
    values = {
        "version": school.version,
        "name": school.name,
        "kind": school.kind,
        "sector": school.sector,
        "priority_education": school.priority_education,
        "commune_code": school.commune.insee_code,
    }
    return services.establishment_update(user=user, establishment=school, **{**values, **overrides})


def test_update_saves_changes_raises_the_version_and_audits_what_changed(home, pilot):
    school = update(pilot, home.school, name="École Jules-Ferry", priority_education=PriorityEducation.REP_PLUS)
    school.refresh_from_db()
    assert (school.name, school.priority_education, school.version) == ("École Jules-Ferry", "rep_plus", 2)
    event = AuditEvent.objects.for_object(school).filter(action=AuditAction.UPDATE).get()
    assert event.changes["name"][1] == "École Jules-Ferry"


def test_update_over_a_newer_save_is_detected_and_keeps_the_newer_save(home, pilot):
    opened_at = home.school.version
    colleague = user_with_role(Role.REGIONAL_COORDINATOR, home.region)
    update(colleague, home.school, name="Nom du collègue")
    with pytest.raises(services.EstablishmentChanged) as excinfo:
        update(pilot, home.school, version=opened_at, name="Mon nom")
    assert "Quelqu'un d'autre a enregistré cet établissement" in excinfo.value.messages[0]
    assert excinfo.value.current.name == "Nom du collègue"
    home.school.refresh_from_db()
    assert home.school.name == "Nom du collègue"


def test_update_without_change_writes_nothing(home, pilot):
    update(pilot, home.school)
    home.school.refresh_from_db()
    assert home.school.version == 1
    assert not AuditEvent.objects.for_object(home.school).filter(action=AuditAction.UPDATE).exists()


def test_school_head_edits_their_school_but_cannot_move_it_to_another_commune(home):
    head = user_with_role(Role.SCHOOL_HEAD, home.school)
    update(head, home.school, name="Nouveau nom")
    other = CommuneFactory(departement=home.departement)
    with pytest.raises(PermissionDenied):
        update(head, Establishment.objects.get(pk=home.school.pk), commune_code=other.insee_code)


def test_update_to_unknown_commune_code_is_refused(home, pilot):
    with pytest.raises(ValidationError) as excinfo:
        update(pilot, home.school, commune_code="99999")
    assert error_messages(excinfo) == {"commune_code": ["Aucune commune n'a le code INSEE 99999."]}


def test_update_of_a_school_outside_the_perimeter_is_denied(away, pilot):
    with pytest.raises(PermissionDenied):
        update(pilot, away.school, name="Annexée")
