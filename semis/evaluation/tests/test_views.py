import csv
import datetime
import io
import uuid

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.evaluation import services
from semis.evaluation.enums import Phase
from semis.evaluation.models import Campaign, PupilCode, Response, WrongCodeCounter
from semis.evaluation.tests.factories import answers, form_data, open_campaign, shipped_instrument
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects.tests.factories import GroupFactory, ProjectFactory


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def project(school, teacher):
    project = ProjectFactory(establishment=school, created_by=teacher)
    GroupFactory(project=project, name="CE2 A", pupil_count=24)
    return project


@pytest.fixture
def campaign(teacher, project):
    return open_campaign(teacher, project)


def answer_url(campaign, phase=Phase.PRE):
    return reverse("evaluation:answer", args=[campaign.token(phase)])


# The pupil's questionnaire (public).


def test_a_pupil_answers_with_their_code_without_signing_in(client, campaign):
    code = campaign.codes.first().code
    page = client.get(answer_url(campaign))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Ton code" in page.content.decode() and "Je sais dire ce que je ressens." in page.content.decode()
    response = client.post(answer_url(campaign), form_data(campaign, f" {code[:3].lower()}-{code[3:]} "))
    assert response.status_code == 302
    assert "Merci" in client.get(response["Location"]).content.decode()
    stored = Response.objects.get()
    assert stored.code.code == code and stored.phase == Phase.PRE
    assert set(stored.answers.values()) == {3}


def test_an_unknown_code_is_refused_at_the_field_and_the_answers_are_kept(client, campaign):
    data = form_data(campaign, "ZZZZZZ", value=4)
    page = client.post(answer_url(campaign), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ce code n&#x27;existe pas" in html
    assert html.count("checked") == campaign.instrument.items.count()
    assert not Response.objects.exists()


def test_a_code_that_has_answered_gets_a_clear_message_and_no_duplicate(client, campaign):
    code = campaign.codes.first().code
    client.post(answer_url(campaign), form_data(campaign, code))
    page = client.post(answer_url(campaign), form_data(campaign, code))
    assert "Ce code a déjà servi pour ce questionnaire" in page.content.decode()
    assert Response.objects.count() == 1


def test_a_form_sent_twice_is_recorded_once_and_thanked_twice(client, campaign):
    data = form_data(campaign, campaign.codes.first().code, key=uuid.uuid4())
    first = client.post(answer_url(campaign), data)
    second = client.post(answer_url(campaign), data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_a_missing_answer_is_shown_next_to_its_sentence(client, campaign):
    data = form_data(campaign, campaign.codes.first().code)
    del data["item_ecouter"]
    html = client.post(answer_url(campaign), data).content.decode()
    assert "Choisis une réponse pour cette phrase." in html
    assert 'id="error-ecouter"' in html
    assert not Response.objects.exists()


def test_a_closed_window_takes_no_answer(client, teacher, project):
    today = timezone.localdate()
    campaign = open_campaign(
        teacher,
        project,
        pre_opens=today - datetime.timedelta(days=20),
        pre_closes=today - datetime.timedelta(days=10),
        post_opens=today + datetime.timedelta(days=1),
        post_closes=today + datetime.timedelta(days=10),
    )
    code = campaign.codes.first().code
    for phase in Phase:
        assert "Le questionnaire est fermé" in client.get(answer_url(campaign, phase)).content.decode()
        page = client.post(answer_url(campaign, phase), form_data(campaign, code))
        assert "Le questionnaire est fermé" in page.content.decode()
    assert not Response.objects.exists()


def test_an_unknown_link_answers_404(client, campaign):
    response = client.get(reverse("evaluation:answer", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "Ce questionnaire n'existe pas" in response.content.decode()


# The team's pages.


def test_a_teacher_creates_a_campaign_for_their_project(client, teacher, project):
    shipped_instrument()
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_create", args=[project.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Émotions CE2",
        "instrument": Campaign._meta.get_field("instrument").related_model.objects.get().pk,
        "groups": [project.groups.get().pk],
        "pre_opens": "01/10/2026",
        "pre_closes": "15/10/2026",
        "post_opens": "01/06/2027",
        "post_closes": "15/06/2027",
    }
    response = client.post(url, data)
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("evaluation:campaign_detail", args=[campaign.pk])
    assert PupilCode.objects.filter(campaign=campaign).count() == 24


def test_windows_out_of_order_are_refused_at_the_field(client, teacher, project):
    instrument = shipped_instrument()
    sign_in(client, teacher)
    data = {
        "title": "Émotions",
        "instrument": instrument.pk,
        "groups": [project.groups.get().pk],
        "pre_opens": "01/10/2026",
        "pre_closes": "15/10/2026",
        "post_opens": "10/10/2026",
        "post_closes": "15/06/2027",
    }
    page = client.post(reverse("evaluation:campaign_create", args=[project.pk]), data)
    assert "après la clôture du questionnaire" in page.content.decode()
    assert not Campaign.objects.exists()


def test_another_schools_teacher_gets_404_on_every_campaign_page(client, campaign):
    stranger = user_with_role(Role.TEACHER, EstablishmentFactory())
    sign_in(client, stranger)
    for name in (
        "campaign_detail",
        "campaign_results",
        "campaign_results_csv",
        "campaign_results_xlsx",
        "campaign_codes",
    ):
        assert client.get(reverse(f"evaluation:{name}", args=[campaign.pk])).status_code == 404, name
    assert client.post(reverse("evaluation:campaign_close", args=[campaign.pk])).status_code == 404
    assert campaign.title not in client.get(reverse("evaluation:campaign_list")).content.decode()


def test_an_evaluator_of_the_school_reads_results_but_neither_links_nor_codes(client, school, campaign):
    evaluator = user_with_role(Role.EVALUATOR, school)
    sign_in(client, evaluator)
    detail = client.get(reverse("evaluation:campaign_detail", args=[campaign.pk])).content.decode()
    assert campaign.pre_token not in detail
    assert client.get(reverse("evaluation:campaign_results", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("evaluation:campaign_results_csv", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("evaluation:campaign_codes", args=[campaign.pk])).status_code == 403


def test_the_codes_print_page_lists_every_code(client, teacher, campaign):
    sign_in(client, teacher)
    html = client.get(reverse("evaluation:campaign_codes", args=[campaign.pk])).content.decode()
    assert all(code in html for code in campaign.codes.values_list("code", flat=True))


def _answer(campaign, codes, phase, value):
    for code in codes:
        services.response_submit(
            campaign=campaign, phase=phase, code=code, answers=answers(value), submission_key=uuid.uuid4()
        )


def test_results_hide_a_group_under_ten_respondents(client, settings, teacher, campaign):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    codes = list(campaign.codes.values_list("code", flat=True))
    _answer(campaign, codes[:9], Phase.PRE, 2)
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_results", args=[campaign.pk])
    html = client.get(url).content.decode()
    # Every answer 2; the three reverse items count 3: (7 × 2 + 3 × 3) / 10.
    assert "&lt; 10" in html and "2,30" not in html
    _answer(campaign, codes[9:10], Phase.PRE, 2)
    html = client.get(url).content.decode()
    assert "2,30" in html


def test_results_page_reads_in_a_fixed_number_of_queries(client, teacher, campaign, django_assert_num_queries):
    codes = list(campaign.codes.values_list("code", flat=True))
    _answer(campaign, codes[:12], Phase.PRE, 2)
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_results", args=[campaign.pk])
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_campaign_list_reads_in_a_fixed_number_of_queries(client, teacher, project, django_assert_num_queries):
    for _ in range(3):
        open_campaign(teacher, project)
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_list") + f"?projet={project.pk}"
    client.get(url)
    with django_assert_num_queries(7):
        page = client.get(url)
    assert page.content.decode().count("Évaluation CE2") == 3
    assert "Nouvelle campagne" in page.content.decode()


def test_closing_a_campaign_shuts_both_questionnaires(client, teacher, campaign):
    sign_in(client, teacher)
    client.post(reverse("evaluation:campaign_close", args=[campaign.pk]))
    listed = client.get(reverse("evaluation:campaign_list")).content.decode()
    assert 'fr-badge--sm">Clôturée</span>' in listed
    client.logout()
    assert "Le questionnaire est fermé" in client.get(answer_url(campaign)).content.decode()


def test_the_project_page_links_its_carriers_to_its_campaigns(client, teacher, project):
    sign_in(client, teacher)
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert reverse("evaluation:campaign_list") + f"?projet={project.pk}" in html


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_export_of_a_group_of_nine_says_under_ten_and_never_its_figures(client, settings, teacher, campaign):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    codes = list(campaign.codes.values_list("code", flat=True))
    _answer(campaign, codes[:9], Phase.PRE, 2)
    sign_in(client, teacher)
    response = client.get(reverse("evaluation:campaign_results_csv", args=[campaign.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Groupe", "Répondants avant", "Score moyen avant"]
    assert rows[1] == ["CE2 A", "< 10", "—", "< 10", "—", "< 10", "—", "—", "—", "—"]
    assert rows[2] == ["Ensemble", "< 10", "—", "< 10", "—", "< 10", "—", "—", "—", "—"]
    assert not any("9" in value or "2,3" in value for row in rows[1:] for value in row)

    workbook = client.get(reverse("evaluation:campaign_results_xlsx", args=[campaign.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    values = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0] == ["CE2 A", "< 10", "—", "< 10", "—", "< 10", "—", "—", "—", "—"]
    assert not any(isinstance(value, (int, float)) for row in values for value in row)

    _answer(campaign, codes[9:10], Phase.PRE, 2)
    rows = _csv_rows(client.get(reverse("evaluation:campaign_results_csv", args=[campaign.pk])))
    assert rows[1][:3] == ["CE2 A", "10", "2,30"]


def test_the_export_holds_the_cells_of_the_results_page(client, settings, teacher, project):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    GroupFactory(project=project, name="CE2 B", pupil_count=12, year=project.groups.get().year)
    campaign = open_campaign(teacher, project)
    by_group = {
        name: list(campaign.codes.filter(group__name=name).values_list("code", flat=True))
        for name in ("CE2 A", "CE2 B")
    }
    _answer(campaign, by_group["CE2 A"][:20], Phase.PRE, 3)
    _answer(campaign, by_group["CE2 B"][:9], Phase.PRE, 2)
    sign_in(client, teacher)
    html = client.get(reverse("evaluation:campaign_results", args=[campaign.pk])).content.decode()
    rows = _csv_rows(client.get(reverse("evaluation:campaign_results_csv", args=[campaign.pk])))
    # CE2 B under ten; CE2 A hidden with it, or the total would give CE2 B away.
    assert [row[:3] for row in rows[1:]] == [
        ["CE2 A", "masqué", "—"],
        ["CE2 B", "< 10", "—"],
        ["Ensemble", "29", "2,58"],  # (20 × 2.7 + 9 × 2.3) / 29
    ]
    for row in rows[1:]:
        for value in row:
            assert value.replace("<", "&lt;") in html, value


def test_twenty_wrong_codes_block_the_questionnaire_for_a_while_then_it_answers_again(client, campaign):
    code = campaign.codes.first().code
    for attempt in range(services.WRONG_CODES_LIMIT - 1):
        page = client.post(answer_url(campaign), form_data(campaign, f"ZZZZ{attempt:02d}"))
        assert "Ce code n&#x27;existe pas" in page.content.decode()
    page = client.post(answer_url(campaign), form_data(campaign, "ZZZZZZ"))
    assert "Ce code n&#x27;existe pas" in page.content.decode()
    # Blocked: even a right code is refused, with a message for the adult; the answers stay on screen.
    page = client.post(answer_url(campaign), form_data(campaign, code, value=4))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Trop de codes erronés ont été saisis sur ce questionnaire" in html
    assert html.count("checked") == campaign.instrument.items.count()
    assert not Response.objects.exists()
    # Counted per questionnaire (one campaign, one phase): nothing identifies the device.
    counter = WrongCodeCounter.objects.get()
    assert counter.phase == Phase.PRE and counter.blocked_until > timezone.now()
    assert {field.name for field in WrongCodeCounter._meta.fields} == {
        "id",
        "campaign",
        "phase",
        "window_started_at",
        "failures",
        "blocked_until",
    }
    # Once the block is over, the pupil sends the same answers again.
    WrongCodeCounter.objects.update(blocked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert client.post(answer_url(campaign), form_data(campaign, code)).status_code == 302
    assert Response.objects.count() == 1


def test_wrong_codes_spread_beyond_the_window_never_block(campaign):
    for _ in range(services.WRONG_CODES_LIMIT - 1):
        with pytest.raises(ValidationError):
            services.response_submit(
                campaign=campaign, phase=Phase.PRE, code="ZZZZZZ", answers=answers(), submission_key=uuid.uuid4()
            )
    earlier = timezone.now() - services.WRONG_CODES_WINDOW - datetime.timedelta(seconds=1)
    WrongCodeCounter.objects.update(window_started_at=earlier)
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            campaign=campaign, phase=Phase.PRE, code="ZZZZZZ", answers=answers(), submission_key=uuid.uuid4()
        )
    assert "Ce code n'existe pas" in str(error.value)
    counter = WrongCodeCounter.objects.get()
    assert (counter.failures, counter.blocked_until) == (1, None)
    _response, created = services.response_submit(
        campaign=campaign,
        phase=Phase.PRE,
        code=campaign.codes.first().code,
        answers=answers(),
        submission_key=uuid.uuid4(),
    )
    assert created
