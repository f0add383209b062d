import copy
import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.evaluation import services
from semis.evaluation.enums import CampaignStatus, Phase
from semis.evaluation.models import CODE_ALPHABET, DATA_FILE, Instrument, PupilCode, Response
from semis.evaluation.tests.factories import answers, open_campaign
from semis.geo.tests.factories import EstablishmentFactory
from semis.projects.tests.factories import GroupFactory, ProjectFactory


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def project(school):
    project = ProjectFactory(establishment=school)
    GroupFactory(project=project, name="CE2 A", pupil_count=24)
    GroupFactory(project=project, name="CM1", pupil_count=12)
    return project


def test_the_shipped_instrument_loads_once_and_says_it_is_not_validated():
    call_command("load_instruments", verbosity=0)
    call_command("load_instruments", verbosity=0)
    instrument = Instrument.objects.get()
    assert not instrument.validated and "non validé" in instrument.title
    assert instrument.items.count() == 10
    assert instrument.items.filter(reverse=True).count() == 3
    assert instrument.scale_labels == ["Jamais", "Parfois", "Souvent", "Toujours"]


def test_an_instrument_file_with_errors_loads_nothing_and_says_why():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad["scale_labels"] = ["Oui"]
    bad["items"][1]["code"] = bad["items"][0]["code"]
    del bad["source"]
    with pytest.raises(ValidationError) as error:
        services.instrument_import(data=bad)
    text = " ".join(error.value.messages)
    assert "scale_labels" in text and "source" in text and "déjà pris" in text
    assert not Instrument.objects.exists()


def test_a_campaign_draws_one_unambiguous_code_per_pupil(teacher, project):
    campaign = open_campaign(teacher, project)
    codes = list(PupilCode.objects.filter(campaign=campaign).values_list("code", flat=True))
    assert len(codes) == 36 == len(set(codes))
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("0O1IL2Z5S8B") & set("".join(codes))


def test_a_campaign_needs_windows_in_order(teacher, project):
    import datetime

    day = datetime.date(2026, 10, 1)
    with pytest.raises(ValidationError) as error:
        open_campaign(teacher, project, pre_opens=day, pre_closes=day, post_opens=day, post_closes=day)
    assert "post_opens" in error.value.message_dict


def test_only_the_project_carriers_create_a_campaign(project, school):
    pilot = user_with_role(Role.EVALUATOR, school)
    with pytest.raises(PermissionDenied):
        open_campaign(pilot, project)


def test_a_code_answers_each_phase_once(teacher, project):
    campaign = open_campaign(teacher, project)
    code = campaign.codes.first().code
    response, created = services.response_submit(
        campaign=campaign, phase=Phase.PRE, code=code.lower(), answers=answers(), submission_key=uuid.uuid4()
    )
    assert created and response.code.code == code
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            campaign=campaign, phase=Phase.PRE, code=code, answers=answers(), submission_key=uuid.uuid4()
        )
    assert "déjà servi" in error.value.message_dict["code"][0]
    assert Response.objects.count() == 1


def test_the_same_form_sent_twice_writes_once(teacher, project):
    campaign = open_campaign(teacher, project)
    code, key = campaign.codes.first().code, uuid.uuid4()
    first, _ = services.response_submit(
        campaign=campaign, phase=Phase.PRE, code=code, answers=answers(), submission_key=key
    )
    again, created = services.response_submit(
        campaign=campaign, phase=Phase.PRE, code=code, answers=answers(), submission_key=key
    )
    assert again == first and not created
    assert Response.objects.count() == 1


def test_a_closed_campaign_or_phase_takes_no_answer(teacher, project):
    campaign = open_campaign(teacher, project)
    code = campaign.codes.first().code
    with pytest.raises(ValidationError, match="fermé"):
        services.response_submit(
            campaign=campaign, phase=Phase.POST, code=code, answers=answers(), submission_key=uuid.uuid4()
        )
    campaign = services.campaign_close(user=teacher, campaign=campaign)
    assert campaign.status == CampaignStatus.CLOSED
    with pytest.raises(ValidationError, match="fermé"):
        services.response_submit(
            campaign=campaign, phase=Phase.PRE, code=code, answers=answers(), submission_key=uuid.uuid4()
        )


def test_incomplete_or_out_of_scale_answers_are_refused(teacher, project):
    campaign = open_campaign(teacher, project)
    code = campaign.codes.first().code
    for bad in ({**answers(), "ecouter": 5}, {k: v for k, v in answers().items() if k != "ecouter"}):
        with pytest.raises(ValidationError):
            services.response_submit(
                campaign=campaign, phase=Phase.PRE, code=code, answers=bad, submission_key=uuid.uuid4()
            )
    assert not Response.objects.exists()


def test_a_code_of_another_campaign_is_unknown(teacher, project):
    campaign = open_campaign(teacher, project)
    other = open_campaign(teacher, project)
    taken = set(campaign.codes.values_list("code", flat=True))
    foreign = other.codes.exclude(code__in=taken).first().code
    for code in (foreign, "XXXXXX"):
        with pytest.raises(ValidationError) as error:
            services.response_submit(
                campaign=campaign, phase=Phase.PRE, code=code, answers=answers(), submission_key=uuid.uuid4()
            )
        assert "n'existe pas" in error.value.message_dict["code"][0]


def test_a_form_shown_again_and_filled_in_by_the_next_pupil_is_a_new_answer(teacher, project):
    campaign = open_campaign(teacher, project)
    first, second = campaign.codes.values_list("code", flat=True)[:2]
    key = uuid.uuid4()
    services.response_submit(campaign=campaign, phase=Phase.PRE, code=first, answers=answers(), submission_key=key)
    response, created = services.response_submit(
        campaign=campaign, phase=Phase.PRE, code=second, answers=answers(2), submission_key=key
    )
    assert created and response.code.code == second
    assert Response.objects.count() == 2
