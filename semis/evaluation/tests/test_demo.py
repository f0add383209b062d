import datetime

from semis.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from semis.evaluation.demo import seed_evaluation_demo
from semis.evaluation.enums import CampaignStatus, Phase
from semis.evaluation.models import Campaign, Response
from semis.evaluation.selectors import campaign_results
from semis.projects.demo import seed_projects_demo
from semis.projects.tests.test_demo import demo_world


def _scores(campaign):
    results = campaign_results(campaign)
    return [(row.label, row.pre.label, row.post.label, row.pairs.label) for row in [*results.rows, results.total]]


def test_demo_campaigns_show_results_suppress_a_small_group_and_leave_one_open(settings):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    schools, pdl, ara = demo_world()
    seed_projects_demo(domain=DEMO_DOMAIN, password=DEMO_PASSWORD, schools=schools, today=datetime.date(2026, 3, 16))
    created = seed_evaluation_demo()
    assert len(created) == 3
    shown = Campaign.objects.get(title="Émotions et relations — CE2, année 1")
    small = Campaign.objects.get(title="Émotions et relations — ateliers 6-11 ans")
    running = Campaign.objects.get(title="Émotions et relations — CM1, année 2")
    assert shown.project.region == pdl and small.project.region == ara
    assert (shown.status, small.status, running.status) == (CampaignStatus.CLOSED,) * 2 + (CampaignStatus.OPEN,)
    assert running.is_answerable(Phase.PRE)

    # Every group and the total above the threshold, with a paired change and an effect size.
    results = campaign_results(shown)
    assert all(row.pre.shown and row.post.shown and row.pairs.shown for row in [*results.rows, results.total])
    assert results.total.paired.mean_change > 0 and results.total.paired.d_z is not None
    # The holiday group under the threshold; the Wednesday group hidden with it; the total shown.
    assert _scores(small) == [
        ("6-11 ans — mercredi", "masqué", "masqué", "masqué"),
        ("6-11 ans — vacances", "< 10", "< 10", "< 10"),
        (small.title, "21", "18", "16"),
    ]
    assert Response.objects.filter(campaign=running, phase=Phase.PRE).count() == 6
    assert not Response.objects.filter(campaign=running, phase=Phase.POST).exists()
    # Answers come from a seeded generator: the same figures every run.
    assert _scores(shown)[-1] == (shown.title, "43", "40", "38")
    mean = round(results.total.paired.mean_change, 6)

    assert seed_evaluation_demo() == []
    assert Response.objects.count() == 43 + 40 + 21 + 18 + 6
    Campaign.objects.all().delete()
    seed_evaluation_demo()
    again = campaign_results(Campaign.objects.get(title=shown.title))
    assert round(again.total.paired.mean_change, 6) == mean
