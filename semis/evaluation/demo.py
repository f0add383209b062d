"""Pre/post evaluation campaigns as demo data, on projects of the projects demo in both régions:
- Nantes, « Météo des émotions » : last school year's campaign, closed, two classes of CE2 that
  answered well before and after — results shown group by group;
- Unieux, the centre social's workshops: a closed campaign where the holiday group answered too
  little — its figures are suppressed (« < 10 ») and the Wednesday group's hidden with it (« masqué »)
  so that the total does not give the small group away;
- Nantes again, this year's CM1 classes: a campaign open now, a few pupils have answered.

Codes are drawn by the campaign service, as for a real campaign. Answers are synthetic, from a
seeded random generator: the same every run. Past answers are written directly with the day they
were given (the pupil's service only takes answers in an open window, today); the open campaign's
answers go through that service. Idempotent: a campaign whose title exists on its project is skipped.
"""

import datetime
import json
import random
import uuid
from dataclasses import dataclass

from django.utils import timezone

from semis.evaluation import services
from semis.evaluation.enums import Phase
from semis.evaluation.models import DATA_FILE, Campaign, Response
from semis.projects.models import Project

SEED = "semis-demo-evaluation"


@dataclass
class Plan:
    project: str  # title of a project of the projects demo
    title: str
    year: str  # "first": the project's first school year; "latest": its current one
    # Per group name: share of the pupils who answered before and after (0 to 1).
    answered: dict[str, tuple[float, float]]
    closed: bool
    # Mean change of the pupils' level between the two phases, on the 1-4 answer scale: with the
    # spread of the changes, an effect size of about 0.3 to 0.5, what CPS programmes report.
    change: float = 0.2


PLANS = [
    Plan(
        project="Météo des émotions, du CE2 au CM1",
        title="Émotions et relations — CE2, année 1",
        year="first",
        answered={"CE2 A": (0.92, 0.88), "CE2 B": (0.91, 0.83)},
        closed=True,
        change=0.22,
    ),
    Plan(
        project="Ateliers CPS du mercredi au centre social",
        title="Émotions et relations — ateliers 6-11 ans",
        year="latest",
        answered={"6-11 ans — mercredi": (0.93, 0.86), "6-11 ans — vacances": (0.67, 0.5)},
        closed=True,
        change=0.15,
    ),
    Plan(
        project="Météo des émotions, du CE2 au CM1",
        title="Émotions et relations — CM1, année 2",
        year="latest",
        answered={"CM1 A": (0.25, 0), "CM1 B": (0, 0)},
        closed=False,
    ),
]


def seed_evaluation_demo() -> list[Campaign]:
    """Build the campaigns (after the projects demo); returns the campaigns created. The open
    campaign's window is around the real today: its answers go through the pupil's service."""
    today = timezone.localdate()
    instrument, _created = services.instrument_import(data=json.loads(DATA_FILE.read_text(encoding="utf-8")))
    items = list(instrument.items.values_list("code", "reverse"))
    created = []
    for plan in PLANS:
        project = Project.objects.filter(title=plan.project).select_related("created_by").first()
        if project is None or Campaign.objects.filter(project=project, title=plan.title).exists():
            continue
        years = project.years.order_by("school_year")
        year = years.first() if plan.year == "first" else years.last()
        groups = list(year.groups.filter(name__in=plan.answered).order_by("name"))
        if not groups:
            continue
        campaign = services.campaign_create(
            user=project.created_by,
            project=project,
            instrument=instrument,
            groups=groups,
            title=plan.title,
            **_windows(plan, year.school_year, today),
        )
        rng = random.Random(f"{SEED}/{plan.title}")
        if plan.closed:
            _answer_past(campaign, plan, rng, items, instrument.scale_points)
            services.campaign_close(user=project.created_by, campaign=campaign)
        else:
            _answer_now(campaign, plan, rng, items, instrument.scale_points)
        created.append(campaign)
    return created


def _windows(plan: Plan, school_year: int, today: datetime.date) -> dict:
    days = datetime.timedelta
    if not plan.closed:
        opens = today - days(3)
        return {
            "pre_opens": opens,
            "pre_closes": opens + days(14),
            "post_opens": opens + days(90),
            "post_closes": opens + days(104),
        }
    if plan.year == "first":
        # Last school year: early October, then early June.
        pre = datetime.date(school_year, 10, 1)
        post = datetime.date(school_year + 1, 6, 2)
    else:
        pre, post = today - days(120), today - days(30)
    return {"pre_opens": pre, "pre_closes": pre + days(14), "post_opens": post, "post_closes": post + days(14)}


def _pupils(campaign, plan: Plan, rng: random.Random):
    """Per group, its codes in a shuffled order and how many answered each phase. Those who
    answered after are among those who answered before, but for one or two."""
    for group in campaign.groups.order_by("name"):
        codes = list(campaign.codes.filter(group=group).order_by("code"))
        rng.shuffle(codes)
        pre_share, post_share = plan.answered[group.name]
        yield codes, round(pre_share * len(codes)), round(post_share * len(codes))


def _answers(rng: random.Random, level: float, items, points: int) -> dict[str, int]:
    """A pupil's answers around their level (1 to points), reverse items said the other way round."""
    answers = {}
    for code, reverse in items:
        value = min(max(round(rng.gauss(level, 0.7)), 1), points)
        answers[code] = points + 1 - value if reverse else value
    return answers


def _answer_past(campaign, plan: Plan, rng: random.Random, items, points: int) -> None:
    responses = []
    for codes, pre_count, post_count in _pupils(campaign, plan, rng):
        # After: one pupil who missed the first questionnaire (if any), the others answered it too.
        missed_first = codes[pre_count : pre_count + 1][:post_count]
        answered = {
            Phase.PRE: set(codes[:pre_count]),
            Phase.POST: set(missed_first + codes[: post_count - len(missed_first)]),
        }
        for code in codes:
            level = rng.gauss(2.6, 0.45)
            levels = {Phase.PRE: level, Phase.POST: level + rng.gauss(plan.change, 0.5)}
            for phase, value in levels.items():
                if code in answered[phase]:
                    opens, _closes = campaign.window(phase)
                    responses.append(
                        Response(
                            campaign=campaign,
                            code=code,
                            phase=phase,
                            answers=_answers(rng, value, items, points),
                            submitted_on=opens + datetime.timedelta(days=rng.randrange(10)),
                            submission_key=uuid.UUID(int=rng.getrandbits(128)),
                        )
                    )
    Response.objects.bulk_create(responses)


def _answer_now(campaign, plan: Plan, rng: random.Random, items, points: int) -> None:
    for codes, pre_count, _post_count in _pupils(campaign, plan, rng):
        for code in codes[:pre_count]:
            services.response_submit(
                campaign=campaign,
                phase=Phase.PRE,
                code=code.code,
                answers=_answers(rng, rng.gauss(2.6, 0.45), items, points),
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
            )
