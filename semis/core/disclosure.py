"""The one gate every aggregate about people passes before it is shown or exported: `disclose`,
which hides a cell counting fewer respondents than AGGREGATE_MIN_RESPONDENTS (statistical secrecy,
DOMAIN.md §6; the setting refuses values below 5), and `protect`, the secondary suppression across
rows that add up to a total. Used by the evaluation results and the training feedback summaries."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext


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
