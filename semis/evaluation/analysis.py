"""Scoring and pre/post statistics, as pure functions, and the one gate every figure shown passes:
`disclose`, which hides a cell counting fewer respondents than AGGREGATE_MIN_RESPONDENTS
(statistical secrecy, DOMAIN.md §6; the setting refuses values below 5).
"""

import math
import statistics
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext

# Two-sided 95 %: the normal quantile used by the approximate interval of d_z.
Z_95 = 1.959964


@dataclass(frozen=True)
class Cell:
    """A count of respondents and whether figures computed on them may be shown."""

    n: int
    threshold: int
    shown: bool
    # Why a cell at or above the threshold is hidden all the same (see `protect`).
    secondary: bool = False

    @property
    def label(self) -> str:
        if self.shown:
            return str(self.n)
        return gettext("masqué") if self.secondary else f"< {self.threshold}"


def disclose(n: int, threshold: int | None = None) -> Cell:
    """The gate: a cell of n respondents is shown only from the threshold up."""
    threshold = settings.AGGREGATE_MIN_RESPONDENTS if threshold is None else threshold
    return Cell(n=n, threshold=threshold, shown=n >= threshold)


def protect(cells: list[Cell], total: Cell) -> list[Cell]:
    """Secondary suppression for rows that add up to a shown total: when exactly one row is hidden,
    the total minus the others would give it away, so the smallest shown row is hidden too."""
    hidden = [cell for cell in cells if not cell.shown]
    if len(hidden) != 1 or not total.shown or len(cells) < 2:
        return cells
    shown = [i for i, cell in enumerate(cells) if cell.shown]
    smallest = min(shown, key=lambda i: cells[i].n)
    return [replace(cell, shown=False, secondary=True) if i == smallest else cell for i, cell in enumerate(cells)]


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
