import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects import services
from semis.projects.models import DeliveredSession, Group, Project, ProjectScore
from semis.projects.services import GroupSpec
from semis.projects.tests.factories import create_project, safe_sheets, sequence_of, this_school_year
from semis.referential.tests.factories import SpecificSkillFactory
from semis.territories.tests.factories import TerritoryFactory
from semis.training.dates import school_year_bounds


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def pilot(school):
    return user_with_role(Role.ACADEMIE_PILOT, school.commune.departement.academie)


def page(response) -> str:
    return response.content.decode()


# --- the four cases of a view -----------------------------------------------------------------


def test_project_page_in_perimeter_other_perimeter_wrong_role_anonymous(client, school, teacher):
    project = create_project(teacher, school)
    detail = reverse("projects:project_detail", args=[project.pk])
    edit = reverse("projects:project_edit", args=[project.pk])
    assert client.get(detail).status_code == 302  # anonymous: sign in
    sign_in(client, user_with_role(Role.TEACHER, EstablishmentFactory()))
    assert client.get(detail).status_code == 404  # another school
    sign_in(client, user_with_role(Role.TRAINER, school))
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403  # a role that does not carry projects
    sign_in(client, user_with_role(Role.SCHOOL_HEAD, school))
    assert client.get(edit).status_code == 200


@pytest.mark.parametrize(
    ("commitment", "actions", "shown"),
    [
        (True, "", "Toute l'équipe adulte s'engage. </dd>"),
        (False, "Règles de vie co-construites.", "Règles de vie co-construites.</dd>"),
        (False, "", "—</dd>"),
    ],
)
def test_the_plan_shows_a_dash_for_the_climate_only_when_nothing_is_said(
    client, school, teacher, commitment, actions, shown
):
    project = create_project(teacher, school, climate_team_commitment=commitment, climate_actions=actions)
    sign_in(client, teacher)
    html = page(client.get(reverse("projects:project_detail", args=[project.pk])))
    climate = html.split("Climat et adultes modèles</dt>")[1].split("</dd>")[0] + "</dd>"
    assert climate.endswith(shown)


# --- creation from a sequence -----------------------------------------------------------------


def test_a_project_drafted_from_a_sequence_takes_its_skills_and_hours(client, school, teacher):
    skill = SpecificSkillFactory()
    sheets = safe_sheets(8, skills=[skill], duration_minutes=45)
    sequence = sequence_of(teacher, sheets)
    sign_in(client, teacher)
    response = client.get(reverse("projects:project_create") + f"?sequence={sequence.pk}")
    form, groups = response.context["form"], response.context["groups"]
    assert form.initial["title"] == sequence.title
    assert form.initial["skills"] == [skill]
    assert groups.forms[0].initial == {"planned_hours": Decimal("6.0"), "level": "ce2", "name": "CE2 A"}


def test_a_teacher_drafts_a_project_for_two_ce2_classes_and_sees_what_is_missing(client, school, teacher):
    sequence = sequence_of(teacher, safe_sheets(8))
    sign_in(client, teacher)
    year = this_school_year()
    data = {
        "carrier": "school",
        "establishment": school.uai,
        "title": "Les émotions en CE2",
        "first_year": year,
        "last_year": year,
        "sequences": [sequence.pk],
        "family_involvement": 0,
        "evaluation_kind": "none",
        "groupes-TOTAL_FORMS": 3,
        "groupes-INITIAL_FORMS": 0,
        "groupes-0-name": "CE2 A",
        "groupes-0-level": "ce2",
        "groupes-0-pupil_count": 24,
        "groupes-0-planned_hours": "6",
        "groupes-1-name": "CE2 B",
        "groupes-1-level": "ce2",
        "groupes-1-pupil_count": 26,
        "groupes-1-planned_hours": "6",
    }
    response = client.post(reverse("projects:project_create"), data, follow=True)
    project = Project.objects.get()
    assert list(project.groups.values_list("name", flat=True)) == ["CE2 A", "CE2 B"]
    text = page(response)
    assert "Le groupe « CE2 A » n&#x27;a que 6 h de séances prévues cette année." in text
    assert "Prévoyez au moins 8 h de séances dans l&#x27;année pour chaque groupe." in text
    assert "<svg" in text and "criteria-table-caption" in text


def test_a_group_of_zero_or_five_hundred_pupils_is_refused_next_to_the_field(client, school, teacher):
    project = create_project(teacher, school)
    sign_in(client, teacher)
    url = reverse("projects:group_add", args=[project.pk])
    for pupils, message in ((0, "Un groupe compte au moins 1 élève."), (500, "Un groupe compte au plus 40 élèves")):
        response = client.post(url, {"name": "CM1", "level": "cm1", "pupil_count": pupils, "planned_hours": "8"})
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["pupil_count"])
    assert project.groups.count() == 1


def test_an_edit_over_a_newer_save_keeps_what_was_typed_and_says_so(client, school, teacher):
    project = create_project(teacher, school)
    services.project_update(user=teacher, project=project, version=1, title="Titre enregistré ailleurs")
    sign_in(client, teacher)
    data = {
        "title": "Mon titre",
        "first_year": project.first_year,
        "last_year": project.last_year,
        "family_involvement": 0,
        "evaluation_kind": "none",
        "version": 1,
    }
    response = client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert "Quelqu&#x27;un d&#x27;autre a enregistré ce projet" in page(response)
    assert response.context["form"]["title"].value() == "Mon titre"
    assert response.context["form"]["version"].value() == 2
    project.refresh_from_db()
    assert project.title == "Titre enregistré ailleurs"


# --- school or territory: each carrier's own fields --------------------------------------------


def new_project_data(**changes):
    year = this_school_year()
    data = {
        "title": "Ateliers CPS",
        "first_year": year,
        "last_year": year,
        "family_involvement": 0,
        "evaluation_kind": "none",
        "groupes-TOTAL_FORMS": 0,
        "groupes-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_a_school_project_ignores_what_the_territory_fields_hold(client, school, teacher):
    sign_in(client, teacher)
    url = reverse("projects:project_create")
    text = page(client.get(url))
    # Without JavaScript both groups are in the page; the out-of-school one says whom it concerns.
    assert '<fieldset data-carrier="territory"' in text and "Pour un projet hors école uniquement" in text
    data = new_project_data(
        carrier="school", establishment=school.uai, territory="999999", structure="Centre social", setting="pmi"
    )
    assert client.post(url, data).status_code == 302
    project = Project.objects.get()
    assert (project.establishment, project.territory, project.structure, project.setting) == (school, None, "", "")
    edit = client.get(reverse("projects:project_edit", args=[project.pk]))
    assert "structure" not in edit.context["form"].fields and "Milieu de vie" not in page(edit)


def test_a_territory_project_ignores_the_school_field_and_needs_its_structure(client):
    territory = TerritoryFactory()
    sign_in(client, user_with_role(Role.TEACHER, territory))
    url = reverse("projects:project_create")
    data = new_project_data(carrier="territory", territory=territory.pk, establishment="0000000X", structure="")
    response = client.post(url, data)
    errors = response.context["form"].errors
    assert list(errors) == ["structure"]
    assert "Indiquez la structure qui porte le projet" in errors["structure"][0]
    data.update(structure="Centre social des Tilleuls", setting="centre_social")
    assert client.post(url, data).status_code == 302
    project = Project.objects.get()
    assert (project.establishment, project.territory, project.setting) == (None, territory, "centre_social")
    edit = client.get(reverse("projects:project_edit", args=[project.pk])).context["form"]
    assert edit["structure"].value() == "Centre social des Tilleuls"


def test_a_school_project_without_its_school_is_refused_next_to_the_field(client, teacher):
    sign_in(client, teacher)
    response = client.post(reverse("projects:project_create"), new_project_data(carrier="school", establishment=""))
    assert response.context["form"].errors == {"establishment": ["Choisissez l'établissement qui porte le projet."]}
    assert not Project.objects.exists()


# --- review -----------------------------------------------------------------------------------


def test_the_pilot_comments_and_validates_and_the_history_is_kept(client, school, teacher, pilot):
    project = create_project(teacher, school)
    sign_in(client, teacher)
    client.post(reverse("projects:project_submit", args=[project.pk]))
    sign_in(client, pilot)
    review = reverse("projects:project_review", args=[project.pk])
    client.post(review, {"action": "comment", "body": "Pensez aux familles."})
    response = client.post(review, {"action": "validate", "body": "Validé pour deux ans."}, follow=True)
    project.refresh_from_db()
    assert project.status == "validated"
    text = page(response)
    assert "Pensez aux familles." in text and "Validé pour deux ans." in text


def test_a_teacher_cannot_validate_their_own_project(client, school, teacher):
    project = create_project(teacher, school)
    services.project_submit(user=teacher, project=project)
    sign_in(client, teacher)
    response = client.post(reverse("projects:project_review", args=[project.pk]), {"action": "validate"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == "submitted"


def test_a_pilot_gets_a_shortcut_to_the_review_form_of_a_submitted_project(client, school, teacher, pilot):
    project = create_project(teacher, school)
    detail = reverse("projects:project_detail", args=[project.pk])
    shortcut = 'href="#avis">Valider ou commenter</a>'
    sign_in(client, pilot)
    assert shortcut not in page(client.get(detail))  # a draft: nothing to decide yet
    services.project_submit(user=teacher, project=project)
    text = page(client.get(detail))
    assert shortcut in text and 'id="avis"' in text
    sign_in(client, teacher)
    assert shortcut not in page(client.get(detail))


# --- delivery log -----------------------------------------------------------------------------


def delivery_data(group, **changes):
    data = {
        "group": group.pk,
        "date": timezone.localdate().isoformat(),
        "sheet": "",
        "activity": "Cercle de parole",
        "minutes": 45,
        "pupils_present": 22,
        "fidelity": 4,
        "engagement": 3,
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_the_log_form_comes_filled_with_today_the_next_sheet_and_the_whole_group(client, school, teacher):
    sheets = safe_sheets(3, duration_minutes=40)
    project = create_project(teacher, school, sequences=[sequence_of(teacher, sheets)])
    group = project.groups.get()
    services.delivery_record(
        user=teacher, group=group, date=timezone.localdate(), sheet=sheets[0], minutes=40, pupils_present=24,
        fidelity=4, engagement=4, submission_key=uuid.uuid4(),
    )  # fmt: skip
    sign_in(client, teacher)
    form = client.get(reverse("projects:delivery_log", args=[project.pk])).context["form"]
    assert form["date"].value() == timezone.localdate()
    assert form["sheet"].value() == sheets[1].pk
    assert form["minutes"].value() == 40
    assert form["pupils_present"].value() == 24
    assert list(form.fields["sheet"].queryset) == sorted(sheets, key=lambda s: s.title)


def test_three_logged_sessions_update_the_dosage_and_fidelity(client, school, teacher):
    project = create_project(teacher, school)
    group = project.groups.get()
    sign_in(client, teacher)
    url = reverse("projects:delivery_log", args=[project.pk])
    for fidelity in (4, 3, 2):
        client.post(url, delivery_data(group, fidelity=fidelity, activity=f"Séance {fidelity}"))
    response = client.get(url)
    assert "CE2 A : 2 h 15 réalisées sur 8 h prévues (3 séances) · fidélité 75 %" in page(response)


def test_a_double_submit_writes_one_session_and_says_so(client, school, teacher):
    project = create_project(teacher, school)
    group = project.groups.get()
    sign_in(client, teacher)
    url = reverse("projects:delivery_log", args=[project.pk])
    data = delivery_data(group)
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert DeliveredSession.objects.count() == 1
    assert "Cette séance était déjà enregistrée (formulaire envoyé deux fois) : rien n&#x27;a été ajouté." in page(
        response
    )


def test_a_session_dated_before_the_project_is_refused_next_to_the_date(client, school, teacher):
    project = create_project(teacher, school)
    sign_in(client, teacher)
    before = school_year_bounds(this_school_year())[0].replace(day=1) - timezone.timedelta(days=3)
    data = delivery_data(project.groups.get(), date=before.isoformat())
    response = client.post(reverse("projects:delivery_log", args=[project.pk]), data)
    assert "avant le début du projet" in str(response.context["form"].errors["date"])
    assert not DeliveredSession.objects.exists()


def test_the_log_page_fits_a_phone(client, school, teacher):
    project = create_project(teacher, school)
    sign_in(client, teacher)
    text = page(client.get(reverse("projects:delivery_log", args=[project.pk])))
    assert 'inputmode="numeric"' in text and 'type="date"' in text and "semis-sticky-submit" in text


# --- lists ------------------------------------------------------------------------------------


def test_the_list_filters_by_skill_level_band_status_and_year(client, school, teacher):
    skill = SpecificSkillFactory(code="E1.2")
    one = create_project(teacher, school, title="Météo des émotions", skills=[skill])
    two = create_project(
        teacher,
        school,
        title="Collège",
        groups=[GroupSpec("6e A", "6e", 28, Decimal("4"))],
        last_year=this_school_year(),
    )
    services.project_submit(user=teacher, project=two)
    sign_in(client, user_with_role(Role.ACADEMIE_PILOT, school.commune.departement.academie))
    url = reverse("projects:project_list")

    def listed(**params):
        return [p.title for p in client.get(url, params).context["page_obj"]]

    assert listed() == ["Collège", "Météo des émotions"]
    assert listed(competence="E1.2") == ["Météo des émotions"]
    assert listed(niveau="6e") == ["Collège"]
    assert listed(etat="submitted") == ["Collège"]
    assert listed(annee=this_school_year() + 1) == ["Météo des émotions"]
    assert listed(qualite=one.score.band) == ["Météo des émotions"] or one.score.band == two.score.band
    assert listed(tri="-score")[0] == max((one, two), key=lambda p: p.score.score).title


def test_project_list_query_count_does_not_grow_with_rows(client, school, teacher, django_assert_num_queries):
    create_project(teacher, school)
    sign_in(client, teacher)
    url = reverse("projects:project_list")
    client.get(url)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        create_project(teacher, school, title=f"Projet {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 6


def test_overview_shows_the_most_often_missing_criterion_in_one_aggregate(
    client, school, teacher, pilot, django_assert_num_queries
):
    create_project(teacher, school)
    sign_in(client, pilot)
    url = reverse("projects:overview")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        create_project(teacher, school, title=f"Projet {n}", evaluation_kind="pre_post")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    rows = {row.code: row for row in response.context["distribution"]}
    assert (rows["evaluation"].met, rows["evaluation"].not_met) == (4, 1)
    assert rows["safe_sequenced"].not_met == 5
    assert response.context["most_missing"].not_met == 5
    assert "Le critère le plus souvent manquant" in page(response)


def test_the_overview_counts_only_the_perimeter(client, school, teacher, pilot):
    create_project(teacher, school)
    elsewhere = EstablishmentFactory()
    create_project(user_with_role(Role.TEACHER, elsewhere), elsewhere)
    sign_in(client, pilot)
    response = client.get(reverse("projects:overview") + "?etat=draft")
    assert response.context["total"] == 1
    # Each band's count leads to those projects in the list, with the same filters.
    band = ProjectScore.objects.get(project__establishment=school).band
    link = f'href="{reverse("projects:project_list")}?qualite={band}&amp;annee=&amp;porteur=&amp;etat=draft"'
    assert link in response.content.decode()


def test_the_rules_page_states_each_threshold_and_source(client, teacher):
    sign_in(client, teacher)
    text = page(client.get(reverse("projects:rules")))
    assert "au moins 75 % des adultes qui animent ont 12 h de formation CPS ou plus" in text
    assert "Durlak" in text


def test_projects_are_in_the_menu(client, teacher):
    sign_in(client, teacher)
    assert reverse("projects:project_list") in page(client.get(reverse("core:home")))


def test_groups_page_refuses_a_group_name_used_this_year(client, school, teacher):
    project = create_project(teacher, school)
    sign_in(client, teacher)
    response = client.post(
        reverse("projects:group_add", args=[project.pk]),
        {"name": "ce2 a", "level": "ce2", "pupil_count": 20, "planned_hours": "8"},
    )
    assert "Un groupe porte déjà ce nom cette année." in str(response.context["form"].errors["name"])
    assert Group.objects.count() == 1


def test_untouched_group_rows_of_the_new_project_form_are_left_out(client, school, teacher):
    sign_in(client, teacher)
    year = this_school_year()
    data = {
        "carrier": "school",
        "establishment": school.uai,
        "title": "Un projet",
        "first_year": year,
        "last_year": year,
        "family_involvement": 0,
        "evaluation_kind": "none",
        "groupes-TOTAL_FORMS": 2,
        "groupes-INITIAL_FORMS": 0,
        "groupes-0-name": "CE2 A",
        "groupes-0-level": "ce2",
        "groupes-0-pupil_count": 24,
        "groupes-0-planned_hours": "8",
        # what a browser sends for an untouched row
        "groupes-1-name": "",
        "groupes-1-level": "",
        "groupes-1-pupil_count": "",
        "groupes-1-planned_hours": "",
    }
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302
    assert list(Project.objects.get().groups.values_list("name", flat=True)) == ["CE2 A"]


def test_the_new_project_page_offers_to_start_from_a_sequence(client, teacher):
    sequence = sequence_of(teacher, safe_sheets(2))
    sign_in(client, teacher)
    text = page(client.get(reverse("projects:project_create")))
    assert "Partir d'une séquence du cartable" in text
    assert f'<option value="{sequence.pk}">{sequence.title}</option>' in text
