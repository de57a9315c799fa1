"""The ratings' chart: for each aspect, one bar split into the shares of marks 1 to 5,
drawn on the server as SVG (no JavaScript), with its average beside it. ``share_chart``
draws other shares with the same bars (the province office's compliant sites).

``chart(figures)`` computes the geometry; ``ratings/_figures.html`` draws it with a
``<title>`` and ``<desc>`` (``role="img"``) and puts the same numbers in a table beside
it, so a screen reader reads the table and nobody needs the colours. The colours run
from red (1) to blue (5), a scale readable with the common colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.ratings.figures import MARKS, RatingFigures
from hub.ratings.models import ASPECTS

COLOURS = {1: "#b2182b", 2: "#ef8a62", 3: "#e0e0e0", 4: "#67a9cf", 5: "#2166ac"}
TEXT_ON = {1: "#ffffff", 2: "#000000", 3: "#000000", 4: "#000000", 5: "#ffffff"}
WIDTH, LABEL_WIDTH, BAR_WIDTH = 640, 130, 400
ROW_HEIGHT, BAR_HEIGHT, TOP = 40, 26, 10


@dataclass(frozen=True)
class Segment:
    mark: int
    x: float
    width: float
    count: int
    percent: int
    fill: str
    text: str        # the colour of the figure written on it


@dataclass(frozen=True)
class Row:
    aspect: str
    y: int
    segments: tuple[Segment, ...]
    average: float | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    rows: tuple[Row, ...]
    legend_y: int
    legend: tuple[tuple[int, float, str], ...]   # (mark, x, fill)


def chart(figures: RatingFigures) -> Chart:
    rows = []
    for index, aspect in enumerate(ASPECTS):
        numbers = figures.aspects[aspect]
        x = float(LABEL_WIDTH)
        segments = []
        for mark in MARKS:
            width = round(numbers.share(mark) * BAR_WIDTH, 1)
            if width > 0:
                segments.append(Segment(mark, round(x, 1), width, numbers.distribution[mark],
                                        round(numbers.share(mark) * 100), COLOURS[mark],
                                        TEXT_ON[mark]))
            x += width
        rows.append(Row(aspect, TOP + index * ROW_HEIGHT, tuple(segments), numbers.average))
    legend_y = TOP + len(ASPECTS) * ROW_HEIGHT + 8
    legend = tuple((mark, LABEL_WIDTH + (mark - 1) * 80.0, COLOURS[mark]) for mark in MARKS)
    return Chart(WIDTH, legend_y + 30, LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, tuple(rows),
                 legend_y, legend)


SHARE_FILL = COLOURS[5]


def share_chart(bars: list[tuple[str, float, int]]) -> Chart:
    """One bar per row, as long as its share (0 to 1) of the full width: rows of
    ``(label, share, count)`` (the province office's share of compliant sites per
    month draws with it). The same geometry as the ratings' bars, one segment each."""
    rows = []
    for index, (label, share, count) in enumerate(bars):
        width = round(share * BAR_WIDTH, 1)
        segments = (Segment(0, float(LABEL_WIDTH), width, count, round(share * 100),
                            SHARE_FILL, TEXT_ON[5]),) if width > 0 else ()
        rows.append(Row(label, TOP + index * ROW_HEIGHT, segments, None))
    legend_y = TOP + len(bars) * ROW_HEIGHT
    return Chart(WIDTH, legend_y + 10, LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, tuple(rows),
                 legend_y, ())
