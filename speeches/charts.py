"""The chart of a phrase's (or a search's) occurrences per year: bar geometry for an inline SVG.

Drawn on the server by templates/speeches/year_chart.html, with a table of the same numbers for
screen readers; shared by the phrase page and the search page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .phrase_stats import YearCount

CHART_HEIGHT = 120
CHART_BAR = 22
CHART_GAP = 6
CHART_TOP = 18  # room for the value above the tallest bar
CHART_BOTTOM = 20  # room for the year below the bars


@dataclass(frozen=True)
class Bar:
    year: int
    occurrences: int
    rate: float
    chars: int  # 0: no speech of that year in the library
    x: int
    y: float
    height: float
    label_x: float
    value_y: float
    url: str = ""


def year_chart(by_year: list[YearCount], url_for=None) -> dict:
    """Bar geometry for templates/speeches/year_chart.html; `url_for(year)` links a bar, if given."""
    top = max((row.rate for row in by_year), default=0.0)
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars = []
    for index, row in enumerate(by_year):
        height = round(plot * row.rate / top, 1) if top else 0.0
        if row.occurrences and height < 1:
            height = 1.0  # a year that has it shows, however rarely
        x = index * (CHART_BAR + CHART_GAP) + CHART_GAP
        bars.append(
            Bar(
                year=row.year,
                occurrences=row.occurrences,
                rate=row.rate,
                chars=row.chars,
                x=x,
                y=round(CHART_TOP + plot - height, 1),
                height=height,
                label_x=x + CHART_BAR / 2,
                value_y=round(CHART_TOP + plot - height - 4, 1),
                url=url_for(row.year) if url_for and row.occurrences else "",
            )
        )
    return {
        "bars": bars,
        "width": len(bars) * (CHART_BAR + CHART_GAP) + CHART_GAP,
        "height": CHART_HEIGHT,
        "bar_width": CHART_BAR,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "year_y": CHART_HEIGHT - 5,
        "top_rate": top,
    }
