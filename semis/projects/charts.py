"""Geometry of the two bar charts (drawn as inline SVG by the templates, each with a table beside it):
a project's criteria, and the distribution of criteria across a perimeter."""

from dataclasses import dataclass

LABEL_WIDTH = 200
BAR_WIDTH = 360
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 24  # room for the axis labels
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90


@dataclass
class Segment:
    status: str
    x: float
    width: float
    percent: int

    @property
    def shows_percent(self) -> bool:
        """Wide enough to write its share inside."""
        return self.width >= 34

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2


@dataclass
class Row:
    label: str
    text: str  # what is written at the end of the bar
    y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Chart:
    rows: list[Row]
    height: int
    ticks: list[tuple[float, int]]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    bar_width: int = BAR_WIDTH
    text_x: int = LABEL_WIDTH + BAR_WIDTH + 8  # where the text after the bars starts


def _chart(rows: list[Row]) -> Chart:
    ticks = [(LABEL_WIDTH + BAR_WIDTH * p / 100, p) for p in (0, 50, 100)]
    return Chart(rows=rows, height=TOP + ROW_HEIGHT * len(rows) + 4, ticks=ticks)


def criteria_chart(outcomes) -> Chart:
    """One bar per criterion: full when met, half when partly met, none when not met."""
    rows = []
    for index, outcome in enumerate(outcomes):
        y = TOP + index * ROW_HEIGHT
        width = BAR_WIDTH * outcome.points_percent / 100
        segments = [Segment(outcome.status, LABEL_WIDTH, width, outcome.points_percent)] if width else []
        rows.append(Row(label=str(outcome.text.short), text=outcome.status_label, y=y, segments=segments))
    return _chart(rows)


def distribution_chart(distribution) -> Chart:
    """One stacked bar per criterion: the shares of projects meeting it, partly, not at all."""
    rows = []
    for index, row in enumerate(distribution):
        y = TOP + index * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        for status, count in (("met", row.met), ("partly", row.partly), ("not_met", row.not_met)):
            if not row.total or not count:
                continue
            width = BAR_WIDTH * count / row.total
            segments.append(Segment(status, x, width, row.share(count)))
            x += width
        rows.append(Row(label=row.short, text="", y=y, segments=segments))
    return _chart(rows)
