"""The chart of a phrase's (or a search's) occurrences per year: bar geometry for an inline SVG.

Drawn on the server by templates/speeches/year_chart.html, with a table beside it: per year, the
occurrences, the speeches and characters of the library that year, and the rate per 10,000
characters. Shared by the phrase page and the search page.

The bars are counts, not rates: a rate over a year with little text shouts (one occurrence in a
year of one short speech is a "peak"). A year holding less than THIN_SHARE of the library's text
(dated speeches) is drawn as "too little text": hatched, and never as the tallest bar, since its
count says little. The scale is set by the other years, when there are any.
"""

from __future__ import annotations

from dataclasses import dataclass

from .phrase_stats import YearCount

CHART_HEIGHT = 120
CHART_BAR = 22
CHART_GAP = 6
CHART_SCALE = 1.5  # screen pixels per unit of the drawing, at most
CHART_TOP = 18  # room for the value above the tallest bar
CHART_BOTTOM = 20  # room for the year below the bars
THIN_SHARE = 0.02  # a year with less of the library's text than this is "too little text"
THIN_MAX_SHARE = 0.85  # of the tallest bar's height: a thin year is never drawn as tall


@dataclass(frozen=True)
class Bar:
    year: int
    occurrences: int
    rate: float
    chars: int  # 0: no speech of that year in the library
    speeches: int
    thin: bool  # too little text that year to compare
    x: int
    y: float
    height: float
    label_x: float
    value_y: float
    url: str = ""


def year_chart(by_year: list[YearCount], url_for=None) -> dict:
    """Bar geometry for templates/speeches/year_chart.html; `url_for(year)` links a bar, if given."""
    total = sum(row.chars for row in by_year)
    thin = {row.year for row in by_year if row.chars and row.chars < THIN_SHARE * total}
    full = [row.occurrences for row in by_year if row.year not in thin]
    top = max(full or [row.occurrences for row in by_year], default=0)
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars = []
    for index, row in enumerate(by_year):
        height = round(plot * min(row.occurrences, top) / top, 1) if top else 0.0
        if row.year in thin:
            height = min(height, round(plot * THIN_MAX_SHARE, 1))  # never the tallest
        if row.occurrences and height < 1:
            height = 1.0  # a year that has it shows, however rarely
        x = index * (CHART_BAR + CHART_GAP) + CHART_GAP
        bars.append(
            Bar(
                year=row.year,
                occurrences=row.occurrences,
                rate=row.rate,
                chars=row.chars,
                speeches=row.speeches,
                thin=row.year in thin,
                x=x,
                y=round(CHART_TOP + plot - height, 1),
                height=height,
                label_x=x + CHART_BAR / 2,
                value_y=round(CHART_TOP + plot - height - 4, 1),
                url=url_for(row.year) if url_for and row.occurrences else "",
            )
        )
    width = len(bars) * (CHART_BAR + CHART_GAP) + CHART_GAP
    return {
        "bars": bars,
        "width": width,
        "height": CHART_HEIGHT,
        # The size it is drawn at, narrower where the page is (CSS max-width): scaled by a fixed factor rather
        # than to the page's width, so that a chart of one or two years is not blown up to a wall of colour.
        "drawn_width": round(width * CHART_SCALE),
        "drawn_height": round(CHART_HEIGHT * CHART_SCALE),
        "bar_width": CHART_BAR,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "year_y": CHART_HEIGHT - 5,
        "top": top,
        "any_thin": any(bar.thin and bar.occurrences for bar in bars),  # the key, when a hatched bar is drawn
        "thin_percent": round(THIN_SHARE * 100),
    }
