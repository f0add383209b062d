"""Scoring and pre/post statistics, as pure functions. What may be shown of them is
semis.core.disclosure's business."""

import math
import statistics
from dataclasses import dataclass

# Two-sided 95 %: the normal quantile used by the approximate interval of d_z.
Z_95 = 1.959964


def item_value(answer: int, *, reverse: bool, points: int) -> int:
    """An answer on a scale of 1..points, turned around for a reverse-scored item."""
    return points + 1 - answer if reverse else answer


def score(answers: dict[str, int], items: list[tuple[str, bool]], points: int) -> float:
    """The mean of the items (code, reverse) on the answer scale: 1 (lowest) to points (highest)."""
    values = [item_value(answers[code], reverse=reverse, points=points) for code, reverse in items]
    return statistics.fmean(values)


@dataclass(frozen=True)
class PairedStats:
    n: int
    mean_pre: float
    mean_post: float
    mean_change: float
    sd_change: float | None
    d_z: float | None
    ci_low: float | None
    ci_high: float | None


def paired_stats(pairs: list[tuple[float, float]]) -> PairedStats | None:
    """Mean change between the pre and post scores of the same codes, and its standardised size
    d_z = mean change / SD of the changes (Cohen's d for paired measures), with an approximate 95 %
    interval: d_z ± 1.96 · √(1/n + d_z²/(2n)) (large-sample normal approximation; indicative only
    for small groups). No d_z when the changes do not vary or fewer than two pairs exist."""
    n = len(pairs)
    if n == 0:
        return None
    changes = [post - pre for pre, post in pairs]
    mean_change = statistics.fmean(changes)
    mean_pre = statistics.fmean(pre for pre, _post in pairs)
    mean_post = statistics.fmean(post for _pre, post in pairs)
    sd = statistics.stdev(changes) if n >= 2 else None
    if not sd:
        return PairedStats(n, mean_pre, mean_post, mean_change, sd, None, None, None)
    d_z = mean_change / sd
    margin = Z_95 * math.sqrt(1 / n + d_z**2 / (2 * n))
    return PairedStats(n, mean_pre, mean_post, mean_change, sd, d_z, d_z - margin, d_z + margin)
