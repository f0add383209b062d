import datetime
import uuid

from django.utils import timezone

from semis.evaluation import services
from semis.evaluation.models import DATA_FILE, Campaign, Instrument


def shipped_instrument() -> Instrument:
    """The original instrument shipped with Semis, loaded through its exchange format."""
    import json

    return services.instrument_import(data=json.loads(DATA_FILE.read_text(encoding="utf-8")))[0]


def open_campaign(user, project, groups=None, **dates) -> Campaign:
    """A campaign whose pre phase is open today, created through the service as `user` would."""
    today = timezone.localdate()
    values = {
        "pre_opens": today - datetime.timedelta(days=1),
        "pre_closes": today + datetime.timedelta(days=7),
        "post_opens": today + datetime.timedelta(days=60),
        "post_closes": today + datetime.timedelta(days=75),
    }
    values.update(dates)
    return services.campaign_create(
        user=user,
        project=project,
        instrument=shipped_instrument(),
        groups=groups if groups is not None else project.groups.all(),
        title="Évaluation CE2",
        **values,
    )


def answers(value: int = 3) -> dict[str, int]:
    """The same answer to every item of the shipped instrument."""
    return dict.fromkeys(Instrument.objects.get().items.values_list("code", flat=True), value)


def form_data(campaign, code: str, value: int = 3, key=None) -> dict:
    data = {f"item_{code_}": value for code_ in campaign.instrument.items.values_list("code", flat=True)}
    return {**data, "code": code, "submission_key": str(key or uuid.uuid4())}


def evaluation_url_samples(establishment) -> dict:
    """URL arguments for the evaluation pages, on a campaign inside `establishment`'s perimeter. Pages
    only a project's carriers open get a campaign of a project the signed-in user created."""
    from semis.accounts.tests.factories import UserFactory
    from semis.projects.tests.factories import GroupFactory, ProjectFactory

    def campaign_of(user):
        project = ProjectFactory(establishment=establishment, created_by=user)
        GroupFactory(project=project, pupil_count=3)
        return open_campaign(user, project)

    shared = campaign_of(UserFactory(is_superuser=True))

    def own_campaign(user):
        return {"pk": campaign_of(user).pk if user else shared.pk}

    def own_project(user):
        return {"project_pk": campaign_of(user).project_id if user else shared.project_id}

    return {
        "evaluation:campaign_detail": {"pk": shared.pk},
        "evaluation:campaign_results": {"pk": shared.pk},
        "evaluation:campaign_results_csv": {"pk": shared.pk},
        "evaluation:campaign_results_xlsx": {"pk": shared.pk},
        "evaluation:campaign_create": own_project,
        "evaluation:campaign_codes": own_campaign,
        "evaluation:campaign_codes_pdf": own_campaign,
        "evaluation:campaign_close": own_campaign,
        "evaluation:campaign_edit": own_campaign,
        "evaluation:campaign_delete": own_campaign,
        "evaluation:campaign_codes_add": own_campaign,
        "evaluation:answer": {"token": shared.pre_token},
    }
