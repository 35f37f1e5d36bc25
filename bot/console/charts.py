"""Simple, accessible SVG bar charts (no script, no external library): each chart has a title and
description for screen readers, and the page shows the same figures in a table beside it."""
from __future__ import annotations

from typing import List, Sequence, Tuple
from xml.sax.saxutils import escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 8, 210, 560


def bar_chart(chart_id: str, title: str, rows: Sequence[Tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as an SVG string, with values written at the end of each bar."""
    rows = list(rows) or [("No data yet", 0)]
    top = max((v for _, v in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts: List[str] = [
        f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape("; ".join(f"{label}: {_fmt(v)}{unit}" for label, v in rows))}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(2, int(span * value / top)) if value else 0
        parts.append(f'<text x="0" y="{y + 16}" class="chart-label">{escape(label[:32])}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" class="chart-bar"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}" class="chart-value">{_fmt(value)}{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
