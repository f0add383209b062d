"""A campaign after its creation: edited, closed, deleted; codes added for a newcomer; the public
addresses as QR codes; the pupils' data deleted at the end of their retention."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.core.models import AuditAction, AuditEvent
from semis.core.scheduler import PeriodicScheduler
from semis.evaluation import services
from semis.evaluation.enums import CampaignStatus, Phase
from semis.evaluation.models import Campaign, PupilCode, Response, WrongCodeCounter
from semis.evaluation.tests.factories import answers, open_campaign
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects.tests.factories import GroupFactory, ProjectFactory, this_school_year

EXPIRE = "semis.evaluation.tasks.expire_pupil_data"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def project(school, teacher):
    project = ProjectFactory(establishment=school, created_by=teacher)
    GroupFactory(project=project, name="CE2 A", pupil_count=3)
    GroupFactory(project=project, name="CM1", pupil_count=2)
    return project


@pytest.fixture
def campaign(teacher, project):
    return open_campaign(teacher, project)


def windows(campaign, **changes) -> dict:
    values = {
        name: getattr(campaign, name) for name in ("title", "pre_opens", "pre_closes", "post_opens", "post_closes")
    }
    return {**values, **changes}


def answer(campaign, phase=Phase.PRE):
    code = campaign.codes.exclude(responses__phase=phase).first().code
    services.response_submit(campaign=campaign, phase=phase, code=code, answers=answers(), submission_key=uuid.uuid4())


# Editing


def test_a_campaign_without_answers_changes_its_title_and_windows_and_the_change_is_audited(teacher, campaign):
    today = timezone.localdate()
    changed = services.campaign_update(
        user=teacher, campaign=campaign, version=1, **windows(campaign, title=" CE2 et CM1 ", pre_opens=today + DAY)
    )
    assert (changed.title, changed.pre_opens, changed.version) == ("CE2 et CM1", today + DAY, 2)
    event = AuditEvent.objects.for_object(campaign).filter(action=AuditAction.UPDATE).latest("pk")
    assert event.changes["title"] == ["Évaluation CE2", "CE2 et CM1"]
    assert "pre_token" not in event.changes


def test_after_answers_a_phase_keeps_its_opening_and_closes_no_earlier_than_today(teacher, campaign):
    answer(campaign)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(user=teacher, campaign=campaign, version=1, **windows(campaign, pre_opens=today))
    assert "ouverture ne change plus" in str(refused.value.message_dict["pre_opens"])
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            user=teacher, campaign=campaign, version=1, **windows(campaign, pre_closes=today - DAY)
        )
    assert "pre_closes" in refused.value.message_dict
    # Extend, or close sooner down to today; the phase without answers stays free; the title may change.
    for pre_closes in (campaign.pre_closes + 5 * DAY, today):
        campaign = services.campaign_update(
            user=teacher,
            campaign=campaign,
            version=campaign.version,
            **windows(campaign, title="Nouveau titre", pre_closes=pre_closes, post_opens=campaign.post_opens + DAY),
        )
        assert campaign.pre_closes == pre_closes
    assert campaign.version == 3


def test_a_save_over_a_newer_one_is_refused_and_the_page_keeps_what_was_typed(client, teacher, campaign):
    services.campaign_update(user=teacher, campaign=campaign, version=1, **windows(campaign, title="Par une collègue"))
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_edit", args=[campaign.pk])
    data = {
        "title": "Mon titre",
        "pre_opens": campaign.pre_opens.strftime("%d/%m/%Y"),
        "pre_closes": campaign.pre_closes.strftime("%d/%m/%Y"),
        "post_opens": campaign.post_opens.strftime("%d/%m/%Y"),
        "post_closes": campaign.post_closes.strftime("%d/%m/%Y"),
        "version": 1,
    }
    page = client.post(url, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré cette campagne" in html
    assert 'value="Mon titre"' in html and "Par une collègue" in html and 'name="version" value="2"' in html
    assert Campaign.objects.get().title == "Par une collègue"
    # Sent again knowingly, it applies.
    response = client.post(url, {**data, "version": 2})
    assert response.status_code == 302
    assert Campaign.objects.get().title == "Mon titre"


def test_the_edit_page_says_which_dates_are_fixed_and_shows_errors_at_the_field(client, teacher, campaign):
    answer(campaign)
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_edit", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "garde sa date" in page and "ouverture" in page
    data = {
        "title": "X",
        "pre_opens": (campaign.pre_opens - DAY).strftime("%d/%m/%Y"),
        "pre_closes": campaign.pre_closes.strftime("%d/%m/%Y"),
        "post_opens": campaign.post_opens.strftime("%d/%m/%Y"),
        "post_closes": campaign.post_closes.strftime("%d/%m/%Y"),
        "version": 1,
    }
    page = client.post(url, data).content.decode()
    assert "son ouverture ne change plus" in page and 'value="X"' in page


def test_only_the_carriers_edit_close_or_delete(school, campaign):
    # Those who read it over the carriers' shoulders do not run it.
    for user in (user_with_role(Role.ACADEMIE_PILOT, None), user_with_role(Role.EVALUATOR, school)):
        with pytest.raises(PermissionDenied):
            services.campaign_update(user=user, campaign=campaign, version=1, **windows(campaign))
        with pytest.raises(PermissionDenied):
            services.campaign_delete(user=user, campaign=campaign)
        with pytest.raises(PermissionDenied):
            services.codes_add(user=user, campaign=campaign, group=campaign.groups.first(), count=1)


# Deleting


def test_the_delete_page_says_what_goes_and_deleting_takes_codes_and_answers(client, teacher, campaign):
    answer(campaign)
    answer(campaign)
    sign_in(client, teacher)
    url = reverse("evaluation:campaign_delete", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "Supprimer la campagne ?" in page
    assert "5 codes élèves" in page and "2 réponses d" in page
    assert "CE2 A" in page and "CM1" in page
    response = client.post(url)
    assert response["Location"] == reverse("evaluation:campaign_list") + f"?projet={campaign.project_id}"
    assert not Campaign.objects.exists() and not PupilCode.objects.exists() and not Response.objects.exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE).get()
    assert deleted.object_repr == "Évaluation CE2" and deleted.actor == teacher
    assert not AuditEvent.objects.filter(content_type__model__in=["response", "pupilcode"]).exists()


# Codes for a newcomer


def test_codes_added_for_a_newcomer_are_new_and_print_alone(client, teacher, campaign):
    group = campaign.groups.get(name="CM1")
    first = set(campaign.codes.values_list("code", flat=True))
    sign_in(client, teacher)
    response = client.post(
        reverse("evaluation:campaign_codes_add", args=[campaign.pk]), {"group": group.pk, "count": 2}
    )
    assert response["Location"].endswith("#lot-2")
    added = list(PupilCode.objects.filter(batch=2).values_list("code", flat=True))
    assert len(added) == 2 and not first & set(added)
    assert PupilCode.objects.filter(campaign=campaign).count() == 7
    detail = client.get(reverse("evaluation:campaign_detail", args=[campaign.pk])).content.decode()
    assert "CM1 : 2 codes" in detail and "?lot=2" in detail
    printed = client.get(reverse("evaluation:campaign_codes", args=[campaign.pk]) + "?lot=2").content.decode()
    assert all(code in printed for code in added)
    assert not any(code in printed for code in first)
    assert "CE2 A" not in printed and "pour la tablette" not in printed
    pdf = client.get(reverse("evaluation:campaign_codes_pdf", args=[campaign.pk]) + "?lot=2")
    assert pdf.content.startswith(b"%PDF") and "lot-2" in pdf["Content-Disposition"]
    # The added codes answer like the others.
    services.response_submit(
        campaign=campaign, phase=Phase.PRE, code=added[0], answers=answers(), submission_key=uuid.uuid4()
    )


def test_adding_codes_is_bounded_and_stays_in_the_campaigns_groups(client, teacher, campaign, project):
    other = GroupFactory(project=ProjectFactory(establishment=project.establishment))
    with pytest.raises(ValidationError) as refused:
        services.codes_add(user=teacher, campaign=campaign, group=other, count=1)
    assert "group" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.codes_add(user=teacher, campaign=campaign, group=campaign.groups.first(), count=11)
    assert "count" in refused.value.message_dict
    sign_in(client, teacher)
    page = client.post(
        reverse("evaluation:campaign_codes_add", args=[campaign.pk]),
        {"group": campaign.groups.first().pk, "count": 0},
    )
    assert page.status_code == 200 and "fr-error-text" in page.content.decode()
    assert PupilCode.objects.count() == 5


# QR codes


def test_the_campaign_page_and_the_printed_sheet_show_each_address_as_a_qr_code_and_in_clear(client, teacher, campaign):
    sign_in(client, teacher)
    page = client.get(reverse("evaluation:campaign_detail", args=[campaign.pk])).content.decode()
    for phase in Phase:
        url = "http://testserver" + reverse("evaluation:answer", args=[campaign.token(phase)])
        assert f'<code class="semis-url">{url}</code>' in page
        assert f"il ouvre l&#x27;adresse {url}" in page
    assert page.count('role="img"') == 2 and page.count("<svg") >= 2
    printed = client.get(reverse("evaluation:campaign_codes", args=[campaign.pk])).content.decode()
    assert "pour la tablette de la classe" in printed and printed.count("<svg") == 2
    assert campaign.pre_token in printed and campaign.post_token in printed


def test_a_reader_who_does_not_run_the_campaign_sees_no_address(client, school, campaign):
    sign_in(client, user_with_role(Role.EVALUATOR, school))
    page = client.get(reverse("evaluation:campaign_detail", args=[campaign.pk])).content.decode()
    assert campaign.pre_token not in page and "<svg" not in page.split("<main", 1)[-1]


# Retention


def ended_campaign(teacher, school, *, years_ago: int):
    """A campaign of a project whose last school year ended `years_ago` summers ago."""
    last = this_school_year() - years_ago
    project = ProjectFactory(establishment=school, created_by=teacher, first_year=last, last_year=last)
    GroupFactory(project=project, pupil_count=2)
    campaign = open_campaign(
        teacher,
        project,
        pre_opens=datetime.date(last, 10, 1),
        pre_closes=datetime.date(last, 10, 15),
        post_opens=datetime.date(last + 1, 6, 1),
        post_closes=datetime.date(last + 1, 6, 15),
    )
    code = campaign.codes.first()
    Response.objects.create(
        campaign=campaign, code=code, phase=Phase.PRE, answers=answers(), submission_key=uuid.uuid4()
    )
    WrongCodeCounter.objects.create(campaign=campaign, phase=Phase.PRE, window_started_at=timezone.now())
    return campaign


def test_the_worker_deletes_pupil_data_a_year_after_the_project_ends(settings, teacher, school, run_worker):
    assert settings.EVALUATION_RETENTION_MONTHS == 12
    assert settings.PERIODIC_TASKS[EXPIRE] == datetime.timedelta(hours=24)
    old = ended_campaign(teacher, school, years_ago=2)  # ended more than a year ago
    recent = ended_campaign(teacher, school, years_ago=1)  # ended last summer: less than a year
    assert PeriodicScheduler({EXPIRE: datetime.timedelta(hours=24)}).tick(timezone.now()) == [EXPIRE]

    run_worker()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == CampaignStatus.ARCHIVED and recent.status == CampaignStatus.OPEN
    assert not PupilCode.objects.filter(campaign=old).exists()
    assert not Response.objects.filter(campaign=old).exists()
    assert not WrongCodeCounter.objects.filter(campaign=old).exists()
    assert Response.objects.filter(campaign=recent).count() == 1
    event = AuditEvent.objects.for_object(old).filter(action=AuditAction.UPDATE).latest("pk")
    assert event.changes["status"] == [CampaignStatus.OPEN, CampaignStatus.ARCHIVED] and event.actor is None
    # Running it again finds nothing more to do.
    assert services.campaigns_expire(today=timezone.localdate()) == 0


def test_the_retention_follows_its_setting_and_the_end_of_the_after_window(settings, teacher, school):
    recent = ended_campaign(teacher, school, years_ago=1)
    today = timezone.localdate()
    settings.EVALUATION_RETENTION_MONTHS = 60
    assert services.campaigns_expire(today=today + datetime.timedelta(days=366)) == 0
    settings.EVALUATION_RETENTION_MONTHS = 1
    # A window left open after the project's end keeps the data until it too is a month past.
    Campaign.objects.filter(pk=recent.pk).update(post_closes=today + DAY)
    assert services.campaigns_expire(today=today) == 0
    assert services.campaigns_expire(today=today + datetime.timedelta(days=40)) == 1


def test_an_archived_campaign_says_so_and_takes_no_answer(client, teacher, school):
    campaign = ended_campaign(teacher, school, years_ago=3)
    services.campaigns_expire(today=timezone.localdate())
    sign_in(client, teacher)
    page = client.get(reverse("evaluation:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Campagne archivée" in page and campaign.pre_token not in page
    assert "Modifier l&#x27;intitulé" not in page and "Supprimer la campagne" in page
    assert client.get(reverse("evaluation:campaign_edit", args=[campaign.pk])).status_code == 302
    assert "fermé" in client.get(reverse("evaluation:answer", args=[campaign.pre_token])).content.decode()
    with pytest.raises(ValidationError):
        services.codes_add(user=teacher, campaign=campaign, group=campaign.groups.get(), count=1)
