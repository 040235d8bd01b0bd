"""A small SVG line of an indicator's values with its target, drawn on the server.

No script and no style attribute (the Content-Security-Policy refuses them): colours and
dashes come from classes in evaluation.css, and the dashed target line and round points
stay readable printed in black and white. The values table beside it is what screen
readers read; the SVG carries a one-line summary.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from passerelle.evaluation.progress import Progress

WIDTH, HEIGHT, PAD = 240, 56, 6


def sparkline(progress: Progress, summary: str) -> SafeString:
    values = [p.value for p in progress.points]
    known = [v for v in values if v is not None]
    target = progress.indicator.target_value
    scale = known + ([float(target)] if target is not None else [])
    if not known:
        return mark_safe("")
    low, high = min(scale), max(scale)
    if high == low:
        low, high = low - 1, high + 1
    step = (WIDTH - 2 * PAD) / max(1, len(values) - 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) * (HEIGHT - 2 * PAD) / (high - low), 1)

    parts = [
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(summary)}" focusable="false">',
        f"<title>{escape(summary)}</title>",
    ]
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line class="spark-target" x1="{PAD}" y1="{ty}" x2="{WIDTH - PAD}" y2="{ty}"/>'
        )
    # A gap in the values (a month with no value entered) breaks the line.
    segment: list[str] = []
    segments = [segment]
    for index, value in enumerate(values):
        if value is None:
            segment = []
            segments.append(segment)
            continue
        segment.append(f"{round(PAD + index * step, 1)},{y(value)}")
    for points in segments:
        if len(points) > 1:
            parts.append(f'<polyline class="spark-line" points="{" ".join(points)}"/>')
    for index, point in enumerate(progress.points):
        if point.value is None:
            continue
        css = "spark-dot"
        if point.meets is False or point.against:
            css += " spark-miss"
        if point.running:
            css += " spark-running"
        x = round(PAD + index * step, 1)
        parts.append(f'<circle class="{css}" cx="{x}" cy="{y(point.value)}" r="2.5"/>')
    parts.append("</svg>")
    # Only numbers and the escaped summary are interpolated above.
    return mark_safe("".join(parts))
