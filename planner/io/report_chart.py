"""The report's charts as SVG (matplotlib; imported here only, when a chart is drawn).

Text stays text (``svg.fonttype: none``): WeasyPrint draws it in the PDF's own fonts (Noto Sans
CJK, Debian's ``fonts-noto-cjk``), the village names can be searched and copied, and the SVG is a
third of the size it is with every glyph as a path. matplotlib lays it out with the same fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Final

CHART_FONTS: Final = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "DejaVu Sans"]
TARGET_RATE: Final = 1.0
"""The notice's target: every elder visited every month."""


def rate_bars_svg(labels: Sequence[str], rates: Sequence[float | None], *, title: str) -> str:
    """Horizontal bars of a rate (0 to 1) per label, with the 100% target line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    style: dict[Any, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": CHART_FONTS,
        "svg.hashsalt": "visitplan",
        "svg.fonttype": "none",
    }
    with matplotlib.rc_context(style):
        height = 1.2 + 0.28 * max(len(labels), 1)
        figure, axes = pyplot.subplots(figsize=(7.0, height))
        values = [0.0 if rate is None else rate * 100 for rate in rates]
        colours = ["#c0392b" if v < 95 else "#e67e22" if v < 100 else "#27ae60" for v in values]
        positions = list(range(len(labels)))
        axes.barh(positions, values, color=colours)
        axes.set_yticks(positions, labels=list(labels))
        axes.invert_yaxis()
        axes.axvline(TARGET_RATE * 100, color="#555", linestyle="--", linewidth=1)
        lowest = min(values, default=0.0)
        axes.set_xlim(max(0.0, min(lowest, 90.0) - 5), 101)
        axes.set_xlabel("%")
        axes.set_title(title)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        pyplot.close(figure)
    return buffer.getvalue()
