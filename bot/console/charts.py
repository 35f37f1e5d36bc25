"""Simple, accessible SVG bar charts (no script, no external library): each chart has a title and
description for screen readers, and the page shows the same figures in a table beside it."""
from __future__ import annotations

import textwrap
from typing import List, Sequence, Tuple
from xml.sax.saxutils import escape

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 8, 210, 560
LABEL_CHARS, LINE_HEIGHT = 30, 15  # characters per label line (fits LABEL_WIDTH), and the second line's offset


def label_lines(label: str, width: int = LABEL_CHARS, most: int = 2) -> List[str]:
    """A label on at most `most` lines of `width` characters, broken between words; only a label
    longer than that is shortened, with "…" (its full words are in the bar's tooltip and the table)."""
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def bar_chart(chart_id: str, title: str, rows: Sequence[Tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as an SVG string, with values written at the end of each bar; long
    labels wrap onto a second line, and each row's full label is its tooltip."""
    rows = list(rows) or [("No data yet", 0)]
    top = max((v for _, v in rows), default=0) or 1
    wrapped = [label_lines(label) for label, _ in rows]
    row_height = BAR_HEIGHT + (LINE_HEIGHT if any(len(lines) > 1 for lines in wrapped) else 0)
    height = len(rows) * (row_height + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts: List[str] = [
        f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape("; ".join(f"{label}: {_fmt(v)}{unit}" for label, v in rows))}</desc>',
    ]
    for index, ((label, value), lines) in enumerate(zip(rows, wrapped)):
        y = GAP + index * (row_height + GAP)
        width = max(2, int(span * value / top)) if value else 0
        spans = "".join(f'<tspan x="0" dy="{0 if n == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<g><title>{escape(label)}: {_fmt(value)}{unit}</title>'
                     f'<text x="0" y="{y + 16}" class="chart-label">{spans}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{row_height}" class="chart-bar"/>'
                     f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}" class="chart-value">{_fmt(value)}{unit}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
