"""Reads for the evaluation pages: the campaign behind a public link, a campaign's codes and results."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from semis.core.disclosure import Cell, disclose, protect
from semis.evaluation.analysis import PairedStats, paired_stats, score
from semis.evaluation.enums import Phase
from semis.evaluation.models import Campaign, PupilCode, Response


def campaign_for_token(token: str) -> tuple[Campaign, str] | None:
    """The campaign and phase a public link leads to, or None for an unknown link."""
    campaign = Campaign.objects.select_related("instrument").filter(Q(pre_token=token) | Q(post_token=token)).first()
    if campaign is None:
        return None
    return campaign, Phase.PRE if campaign.pre_token == token else Phase.POST


def campaign_groups(campaign):
    """The campaign's groups with how many codes each holds and how many answered each phase."""

    def answered(phase):
        condition = Q(evaluation_codes__campaign=campaign, evaluation_codes__responses__phase=phase)
        return Count("evaluation_codes__responses", filter=condition, distinct=True)

    return (
        campaign.groups.select_related("year")
        .annotate(
            code_count=Count("evaluation_codes", filter=Q(evaluation_codes__campaign=campaign), distinct=True),
            pre_count=answered(Phase.PRE),
            post_count=answered(Phase.POST),
        )
        .order_by("name", "pk")
    )


def codes_by_group(campaign, *, batch: int | None = None) -> list[tuple[object, list[str]]]:
    """The codes to print, group by group: all of them, or only one batch of added codes (the
    groups it has no code in are left out)."""
    groups = {group.pk: group for group in campaign.groups.select_related("year")}
    codes = PupilCode.objects.filter(campaign=campaign)
    if batch is not None:
        codes = codes.filter(batch=batch)
    by_group = defaultdict(list)
    for group_id, code in codes.values_list("group_id", "code"):
        by_group[group_id].append(code)
    if batch is not None:
        groups = {pk: group for pk, group in groups.items() if by_group[pk]}
    return [(groups[pk], sorted(by_group[pk])) for pk in sorted(groups, key=lambda pk: (groups[pk].name, pk))]


@dataclass(frozen=True)
class AddedBatch:
    number: int
    group: str
    codes: int


def added_batches(campaign) -> list[AddedBatch]:
    """The codes added after the campaign's creation, batch by batch, for printing them alone."""
    rows = (
        PupilCode.objects.filter(campaign=campaign, batch__gt=1)
        .values("batch", "group__name")
        .annotate(codes=Count("pk"))
        .order_by("batch")
    )
    return [AddedBatch(row["batch"], row["group__name"], row["codes"]) for row in rows]


@dataclass(frozen=True)
class ResultRow:
    label: str
    pupils: int
    pre: Cell
    post: Cell
    pairs: Cell
    mean_pre: float | None
    mean_post: float | None
    paired: PairedStats | None


@dataclass(frozen=True)
class CampaignResults:
    rows: list[ResultRow]
    total: ResultRow
    threshold: int


def _row(label, pupils, scores, pre: Cell, post: Cell, pairs: Cell) -> ResultRow:
    """A row's figures, each computed only when its cell may be shown."""
    pre_scores, post_scores = scores[Phase.PRE], scores[Phase.POST]
    linked = [(pre_scores[code], post_scores[code]) for code in sorted(pre_scores.keys() & post_scores.keys())]
    return ResultRow(
        label=label,
        pupils=pupils,
        pre=pre,
        post=post,
        pairs=pairs,
        mean_pre=sum(pre_scores.values()) / len(pre_scores) if pre.shown else None,
        mean_post=sum(post_scores.values()) / len(post_scores) if post.shown else None,
        paired=paired_stats(linked) if pairs.shown else None,
    )


def _counts(scores) -> tuple[int, int, int]:
    pre, post = scores[Phase.PRE], scores[Phase.POST]
    return len(pre), len(post), len(pre.keys() & post.keys())


def campaign_results(campaign) -> CampaignResults:
    """Respondents, mean scores and paired change, per group and for the campaign, in three
    queries. Every figure goes through semis.core.disclosure (disclose, and protect across groups)."""
    instrument = campaign.instrument
    items = list(instrument.items.values_list("code", "reverse"))
    groups = list(campaign.groups.order_by("name", "pk"))
    # scores[group id][phase][code id] = score
    scores = {group.pk: {Phase.PRE: {}, Phase.POST: {}} for group in groups}
    rows = Response.objects.filter(campaign=campaign).values_list("code__group_id", "code_id", "phase", "answers")
    for group_id, code_id, phase, answers in rows.order_by():
        scores[group_id][phase][code_id] = score(answers, items, instrument.scale_points)
    everyone = {Phase.PRE: {}, Phase.POST: {}}
    for by_phase in scores.values():
        for phase, values in by_phase.items():
            everyone[phase].update(values)
    total_counts = _counts(everyone)
    total_cells = [disclose(n) for n in total_counts]
    group_counts = [_counts(scores[group.pk]) for group in groups]
    # Column by column: the pre respondents, the post respondents, the linked pairs.
    columns = [
        protect([disclose(counts[column]) for counts in group_counts], total_cells[column]) for column in range(3)
    ]
    result_rows = [
        _row(group.name, group.pupil_count, scores[group.pk], columns[0][i], columns[1][i], columns[2][i])
        for i, group in enumerate(groups)
    ]
    total = _row(campaign.title, sum(g.pupil_count for g in groups), everyone, *total_cells)
    return CampaignResults(rows=result_rows, total=total, threshold=total_cells[0].threshold)
