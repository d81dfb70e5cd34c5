"""Template filters and tags of the review workflow: the dashboard's charts (inline SVG laid
out here, so the templates only draw), and times and durations in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from annotations.selectors.review import Figure
from annotations.workflow import Action

register = template.Library()


@register.filter
def time_ago(value: datetime | None) -> str:
    """How long ago, in words: "just now" under a minute, else "5 minutes ago"."""
    if value is None:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value)} ago"


@register.filter
def duration(value: timedelta | None) -> str:
    """A span of time in words at a useful precision: "2 days 3 h", "3 h 20 min", "12 min"."""
    if value is None:
        return ""
    minutes = max(0, int(value.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min" if minutes else "under a minute"


@register.filter
def action_done(value: str) -> str:
    """A review event's action as a phrase: "requested changes"."""
    return Action(value).done


# Charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    figure: Figure
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True


def _description(figures: Sequence[Figure], unit: str) -> str:
    return "; ".join(f"{figure.label}: {figure.value} {unit}" for figure in figures) + "."


def _largest(figures: Sequence[Figure]) -> int:
    """The value the scale is drawn to (1 when every figure is 0, so nothing divides by 0)."""
    return max((figure.value for figure in figures), default=0) or 1


BAR_CHART_WIDTH: Final = 520
BAR_LABEL_WIDTH: Final = 140
BAR_VALUE_WIDTH: Final = 56
BAR_ROW: Final = 32
BAR_HEIGHT: Final = 20


@register.inclusion_tag("annotations/partials/review_bar_chart.html")
def bar_chart(
    figures: Sequence[Figure], *, title: str, chart_id: str, unit: str = "claims"
) -> dict[str, object]:
    """Horizontal bars, each labelled with its name on the left and its value at its end, so
    the chart reads without colour."""
    scale = (BAR_CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH) / _largest(figures)
    bars = []
    for index, figure in enumerate(figures):
        y = index * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2
        width = round(figure.value * scale, 1)
        middle = y + BAR_HEIGHT / 2
        bars.append(
            _Bar(
                figure,
                x=BAR_LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                label_x=BAR_LABEL_WIDTH - 8,
                label_y=middle,
                value_x=BAR_LABEL_WIDTH + width + 6,
                value_y=middle,
            )
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "description": _description(figures, unit),
        "unit": unit,
        "bars": bars,
        "width": BAR_CHART_WIDTH,
        "height": max(1, len(figures)) * BAR_ROW,
    }


COLUMN_CHART_WIDTH: Final = 900
COLUMN_CHART_HEIGHT: Final = 190
COLUMN_TOP: Final = 18  # room for the values above the columns
COLUMN_BOTTOM: Final = 24  # room for the labels below
COLUMN_LABEL_EVERY: Final = 7


@register.inclusion_tag("annotations/partials/review_column_chart.html")
def column_chart(
    figures: Sequence[Figure], *, title: str, chart_id: str, unit: str = "claims"
) -> dict[str, object]:
    """Columns in time order with their values on top; the last and every seventh before it
    are labelled below."""
    baseline = COLUMN_CHART_HEIGHT - COLUMN_BOTTOM
    scale = (baseline - COLUMN_TOP) / _largest(figures)
    slot = COLUMN_CHART_WIDTH / max(1, len(figures))
    column_width = round(slot * 0.7, 1)
    columns = []
    for index, figure in enumerate(figures):
        height = round(figure.value * scale, 1)
        x = round(index * slot + (slot - column_width) / 2, 1)
        centre = round(x + column_width / 2, 1)
        columns.append(
            _Bar(
                figure,
                x=x,
                y=round(baseline - height, 1),
                width=column_width,
                height=height,
                label_x=centre,
                label_y=COLUMN_CHART_HEIGHT - 6,
                value_x=centre,
                value_y=round(baseline - height - 4, 1),
                show_label=(len(figures) - 1 - index) % COLUMN_LABEL_EVERY == 0,
            )
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "description": _description(figures, unit),
        "unit": unit,
        "bars": columns,
        "width": COLUMN_CHART_WIDTH,
        "height": COLUMN_CHART_HEIGHT,
        "baseline": baseline,
    }
