"""Charts drawn on the server: hand-drawn SVG for the pages, matplotlib PNG for Word. Nothing from the internet."""

import io
from decimal import Decimal
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from django.utils.translation import gettext  # noqa: E402

from cchc.core.kpi import Figure, Period, Target  # noqa: E402
from cchc.reports.templatetags.report_format import period_label  # noqa: E402

plt.rcParams["font.family"] = "DejaVu Sans"
BRAND, TARGET_COLOUR, GREY = "#a3161b", "#1e7b34", "#9aa4ae"


def _value(figure: Figure) -> float | None:
    value = figure.value
    return None if value is None else float(value)


def _save(figure, kind: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, bbox_inches="tight", dpi=110)
    plt.close(figure)
    return buffer.getvalue()


def trend_svg(points: list[tuple[Period, Figure]], target: Decimal | None, title: str) -> str:
    """A small line chart as inline SVG (drawn here: fast enough for every page view); gaps where no data."""
    width, height, left, right, top, bottom = 360, 170, 34, 8, 22, 34
    values = [_value(f) for _, f in points]
    is_count = bool(points) and points[0][1].is_count
    ceiling = 100.0 if not is_count else max([v or 0 for v in values] + [float(target or 0), 1.0]) * 1.1
    inner_w, inner_h = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return left + inner_w * (index / max(len(points) - 1, 1))

    def y(value: float) -> float:
        return top + inner_h * (1 - value / ceiling)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="14" font-size="11" font-weight="600">{escape(title)}</text>',
    ]
    for tick in (0, 0.5, 1):
        level = y(ceiling * tick)
        label = f"{ceiling * tick:.0f}{'' if is_count else '%'}"
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{level:.1f}" y2="{level:.1f}" stroke="#e5e8eb"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{level + 3:.1f}" font-size="8" text-anchor="end">{label}</text>'
        )
    if target is not None:
        level = y(float(target))
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{level:.1f}" y2="{level:.1f}" stroke="{TARGET_COLOUR}" '
            f'stroke-dasharray="4 3"><title>{escape(gettext("chỉ tiêu %(value)s") % {"value": f"{target.normalize():f}"})}</title></line>'
        )
    segment: list[str] = []
    for index, value in enumerate([*values, None]):
        if value is not None:
            segment.append(f"{x(index):.1f},{y(value):.1f}")
            continue
        if segment:
            parts.append(
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BRAND}" stroke-width="1.6"/>'
            )
        segment = []
    for index, ((period, figure), value) in enumerate(zip(points, values, strict=True)):
        if value is not None:
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="2.4" fill="{BRAND}">'
                f"<title>{escape(period_label(period))}: {figure.shown()}</title></circle>"
            )
        if index % 2 == len(points) % 2 or len(points) <= 6:
            parts.append(
                f'<text x="{x(index):.1f}" y="{height - bottom + 12}" font-size="8" text-anchor="middle">'
                f"{period.end:%d/%m}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def units_bar(
    values: list[tuple[str, Figure]], target: Target | None, title: str, kind: str = "png"
) -> bytes:
    """One bar per unit, coloured by whether it meets the target; units without data are grey at 0."""
    fig, ax = plt.subplots(figsize=(7.5, 0.18 * len(values) + 1.0))
    names = [name for name, _ in values]
    numbers = [_value(f) or 0 for _, f in values]
    colours = [
        GREY if f.rate is None else (TARGET_COLOUR if target and target.met(f) else BRAND) for _, f in values
    ]
    ax.barh(range(len(values)), numbers, color=colours)
    ax.set_yticks(range(len(values)), names, fontsize=6)
    ax.invert_yaxis()
    if target is not None:
        ax.axvline(float(target.value), color="#000", ls="--", lw=0.8)
    ax.set_title(title, fontsize=9, loc="left")
    ax.tick_params(axis="x", labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _save(fig, kind)
