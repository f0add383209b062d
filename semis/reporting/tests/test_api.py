"""The read-only API: who may call it, which rows each caller gets, pages, query counts and the schema."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, sign_in, user_with_role
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.library.enums import SheetStatus
from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory
from semis.projects.services import project_rescore
from semis.projects.tests.factories import GroupFactory, ProjectFactory
from semis.referential.tests.factories import shipped_referential
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, TrainingProgrammeFactory

LISTS = [
    "/api/v1/referential/versions/",
    "/api/v1/library/sheets/",
    "/api/v1/library/sequences/",
    "/api/v1/establishments/",
    "/api/v1/training/courses/",
    "/api/v1/projects/",
]


def school_in(academie):
    return EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(academie=academie)))


@pytest.fixture
def two_academies(db):
    """Two académies, each with a school, a scored project and a course with two trainees and 6 hours."""
    places = []
    for _n in range(2):
        academie = AcademieFactory()
        school = school_in(academie)
        project = ProjectFactory(establishment=school)
        GroupFactory(project=project)
        project_rescore(project=project)
        course = TrainingCourseFactory(programme=TrainingProgrammeFactory(academie=academie), sessions=2, trainees=2)
        places.append({"academie": academie, "school": school, "project": project, "course": course})
    return places


def signed_in(client, role, perimeter=None):
    user = user_with_role(role, perimeter)
    sign_in(client, user)
    return user


def ids(response, key="id"):
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_callers_are_refused_in_french(client, url):
    response = client.get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": "Informations d'authentification non fournies."}


def test_a_teacher_sees_the_projects_of_their_school_only(client, two_academies):
    mine, theirs = two_academies
    signed_in(client, Role.TEACHER, mine["school"])
    response = client.get("/api/v1/projects/")
    assert ids(response) == {mine["project"].pk}
    assert client.get(f"/api/v1/projects/{theirs['project'].pk}/").status_code == 404
    detail = client.get(f"/api/v1/projects/{mine['project'].pk}/").json()
    assert detail["establishment"] == mine["school"].uai
    assert detail["score"]["band"] in {"strong", "medium", "weak"}
    assert {c["status"] for c in detail["criteria"]} <= {"met", "partly", "not_met"}
    assert detail["criteria"] and all(c["label"] and c["reason"] for c in detail["criteria"])


def test_a_pilot_sees_their_academie_only(client, two_academies):
    mine, theirs = two_academies
    signed_in(client, Role.ACADEMIE_PILOT, mine["academie"])
    assert ids(client.get("/api/v1/projects/")) == {mine["project"].pk}
    assert ids(client.get("/api/v1/training/courses/")) == {mine["course"].pk}
    schools = ids(client.get("/api/v1/establishments/"), key="uai")
    assert mine["school"].uai in schools
    assert theirs["school"].uai not in schools
    assert client.get(f"/api/v1/establishments/{theirs['school'].uai}/").status_code == 404
    assert client.get(f"/api/v1/training/courses/{theirs['course'].pk}/").status_code == 404


def test_courses_carry_their_figures_and_a_teacher_reads_only_their_own(client, two_academies):
    course = two_academies[0]["course"]
    EnrolmentFactory(course=course, status="waiting")
    signed_in(client, Role.NATIONAL_ADMIN)
    row = client.get(f"/api/v1/training/courses/{course.pk}/").json()
    assert row["planned_hours"] == 6.0
    assert (row["enrolled_count"], row["waiting_count"], row["trainer_count"]) == (2, 1, 1)
    assert row["below_quality_hours"] is True
    client.logout()
    teacher = signed_in(client, Role.TEACHER, two_academies[0]["school"])
    # As on the course pages: a teacher reads the stages they are enrolled in, not their school's others.
    assert ids(client.get("/api/v1/training/courses/")) == set()
    EnrolmentFactory(course=course, email=teacher.email, establishment=two_academies[0]["school"])
    assert ids(client.get("/api/v1/training/courses/")) == {course.pk}


def test_filters_narrow_the_list_and_a_bad_value_is_refused_in_french(client, two_academies):
    signed_in(client, Role.NATIONAL_ADMIN)
    academie = two_academies[1]["academie"]
    assert ids(client.get(f"/api/v1/projects/?academie={academie.code}")) == {two_academies[1]["project"].pk}
    response = client.get("/api/v1/projects/?status=fini")
    assert response.status_code == 400
    assert response.json() == {"status": ["«\u00a0fini\u00a0» n'est pas un choix valide."]}
    assert client.get("/api/v1/projects/?status=").status_code == 200


def test_the_library_list_is_the_library_search(client, db):
    shipped_referential()
    owner = UserFactory()
    ActivitySheetFactory(title="La météo des émotions")
    ActivitySheetFactory(title="Coopérer en équipe")
    ActivitySheetFactory(title="Météo en brouillon", status=SheetStatus.DRAFT, author=owner)
    signed_in(client, Role.TEACHER, EstablishmentFactory())
    response = client.get("/api/v1/library/sheets/?q=meteo")
    assert [row["title"] for row in response.json()["results"]] == ["La météo des émotions"]
    everything = client.get("/api/v1/library/sheets/").json()
    assert everything["count"] == 2
    slug = everything["results"][0]["slug"]
    assert client.get(f"/api/v1/library/sheets/{slug}/").json()["steps"]
    assert client.get("/api/v1/library/sheets/?duration=eternel").status_code == 400


def test_sequences_are_your_own_and_the_shared_ones(client, db):
    teacher = signed_in(client, Role.TEACHER, EstablishmentFactory())
    sheet = ActivitySheetFactory()
    own = SequenceFactory(owner=teacher, sheets=[sheet])
    shared = SequenceFactory(is_shared=True, sheets=[sheet, sheet])
    private = SequenceFactory()
    assert ids(client.get("/api/v1/library/sequences/")) == {own.pk, shared.pk}
    assert ids(client.get("/api/v1/library/sequences/?mine=true")) == {own.pk}
    assert client.get(f"/api/v1/library/sequences/{private.pk}/").status_code == 404
    items = client.get(f"/api/v1/library/sequences/{shared.pk}/").json()["items"]
    assert [item["position"] for item in items] == [1, 2]


def test_the_referential_tree(client, db):
    shipped_referential()
    signed_in(client, Role.PARTNER, EstablishmentFactory())
    versions = client.get("/api/v1/referential/versions/").json()["results"]
    assert [v["code"] for v in versions if v["is_current"]] == ["spf-2022"]
    tree = client.get("/api/v1/referential/versions/spf-2022/").json()
    assert [category["code"] for category in tree["categories"]] == ["C", "E", "S"]
    assert tree["categories"][0]["general_skills"][0]["specific_skills"][0]["code"] == "C1.1"


def test_lists_are_paged_by_twenty(client, db):
    academie = AcademieFactory()
    departement = DepartementFactory(academie=academie)
    for _n in range(21):
        EstablishmentFactory(commune=CommuneFactory(departement=departement))
    signed_in(client, Role.ACADEMIE_PILOT, academie)
    first = client.get("/api/v1/establishments/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (21, 20, None)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert client.get("/api/v1/establishments/?page=9").json() == {"detail": "Page non valide."}


def add_rows(url, academie, owner):
    """One more row of what `url` lists, in `academie` (or visible to `owner`)."""
    school = school_in(academie)
    if "projects" in url:
        project = ProjectFactory(establishment=school)
        project_rescore(project=project)
    elif "courses" in url:
        TrainingCourseFactory(programme=TrainingProgrammeFactory(academie=academie), sessions=1, trainees=1)
    elif "sequences" in url:
        SequenceFactory(owner=owner, sheets=[ActivitySheetFactory()])
    elif "sheets" in url:
        ActivitySheetFactory()


@pytest.mark.parametrize("url", LISTS[1:])
def test_a_list_costs_the_same_queries_whatever_its_length(client, django_assert_num_queries, url):
    shipped_referential()
    academie = AcademieFactory()
    user = signed_in(client, Role.ACADEMIE_PILOT, academie)
    add_rows(url, academie, user)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    add_rows(url, academie, user)
    add_rows(url, academie, user)
    with django_assert_num_queries(len(one_row)):
        response = client.get(url)
    assert response.json()["count"] >= 3


def test_the_schema_is_valid_and_public(client, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/projects/" in response.json()["paths"]
    page = client.get("/api/v1/")
    assert page.status_code == 200
    assert "/api/v1/training/courses/" in page.content.decode()
    # Signed out, the breadcrumb does not offer "Mon espace", which would only lead to the sign-in page.
    assert "Mon espace" not in page.content.decode()


def test_a_pilot_without_second_factor_is_told_so(client, db):
    client.force_login(user_with_role(Role.ACADEMIE_PILOT, AcademieFactory()))
    response = client.get("/api/v1/projects/")
    assert response.status_code == 403
    assert "second facteur" in response.json()["detail"]
