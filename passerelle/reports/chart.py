"""Table 7: the activity line chart, drawn on the server as SVG.

Readable printed in black and white: each series has its own dash pattern and marker, and
its name is written at the end of its line, so no colour is needed to tell them apart. The
data table is always rendered beside the chart for screen readers (the SVG is labelled by it).
"""

from __future__ import annotations

from django.utils.html import escape

from passerelle.reports.tables import Table

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 44, 120, 16, 44
STYLES = [  # (dash pattern, marker)
    ("", "circle"),
    ("7 4", "square"),
    ("2 3", "triangle"),
    ("10 3 2 3", "diamond"),
    ("", "cross"),
]


def _nice_max(value: float) -> int:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at least the value."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="white"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="black"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y + 3:.1f} {x + 4:.1f},{y + 3:.1f}"
        return f'<polygon points="{points}" fill="white"/>'
    if kind == "diamond":
        points = (
            f"{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y:.1f} {x:.1f},{y + 4.5:.1f} {x + 4:.1f},{y:.1f}"
        )
        return f'<polygon points="{points}" fill="black"/>'
    return (
        f'<path d="M{x - 4:.1f} {y - 4:.1f}L{x + 4:.1f} {y + 4:.1f}'
        f'M{x - 4:.1f} {y + 4:.1f}L{x + 4:.1f} {y - 4:.1f}"/>'
    )


def line_chart(table: Table, *, title: str, described_by: str = "", row_keys=None) -> str:
    """An SVG line chart of the table's rows (all but its total row, unless asked)."""
    rows = [
        r
        for r in table.rows
        if (row_keys is None and r.key != "total") or (row_keys is not None and r.key in row_keys)
    ]
    n = len(table.columns)
    numbers = [v for r in rows for v in r.values if isinstance(v, int | float)]
    top = _nice_max(max(numbers, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - plot_h * v / top

    labelled = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}"{labelled} class="chart" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(5):  # grid lines and the value axis
        value = top * k / 4
        gy = y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{LEFT + plot_w}" y2="{gy:.1f}" '
            f'stroke="#bbb" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end">{value:g}</text>'
        )
    step = max(1, -(-n // 12))  # at most 12 month labels, whatever the span
    for i, column in enumerate(table.columns):
        if i % step == 0 or i == n - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                f"{escape(column)}</text>"
            )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="black"/>'
    )
    ends = []
    for index, row in enumerate(rows):
        dash, marker = STYLES[index % len(STYLES)]
        points = [(x(i), y(v)) for i, v in enumerate(row.values) if isinstance(v, int | float)]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g stroke="black" stroke-width="1.6"><polyline points="{path}" fill="none"{dashed}/>'
            + "".join(_marker(marker, px, py) for px, py in points)
            + "</g>"
        )
        ends.append([points[-1][1], row.label, marker])
    # Names at the line ends, nudged apart so they never overlap.
    ends.sort()
    for i in range(1, len(ends)):
        ends[i][0] = max(ends[i][0], ends[i - 1][0] + 13)
    for end_y, label, marker in ends:
        parts.append(
            f'<g stroke="black">{_marker(marker, LEFT + plot_w + 12, end_y)}</g>'
            f'<text x="{LEFT + plot_w + 20}" y="{end_y + 4:.1f}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
