"""The weekly recap's chart: a PNG of what is overdue and upcoming, by province.

Drawn with Pillow and its bundled font (no system or network fonts), always the same
size, so Telegram and WhatsApp show it alike. One stacked bar per province (the busiest
:data:`CHART_ROWS`), four segments: overdue reports, overdue reviews, upcoming reports,
upcoming reviews. The PNG carries the numbers it was drawn from as JSON in a text chunk
(:data:`NUMBERS_KEY`), so a test or an operator can check the picture against the counts.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from bot.core.models import Language
from bot.core.reminders import OverviewCounts
from bot.core.texts import Text

CHART_SIZE = (800, 560)
CHART_ROWS = 12
NUMBERS_KEY = "sisterbot-recap"
# overdue reports, overdue reviews, upcoming reports, upcoming reviews
COLOURS = ((200, 40, 40), (240, 140, 60), (40, 90, 190), (110, 170, 230))
# in the order of COLOURS
LEGEND: tuple[Text, ...] = (
    Text(id="Laporan terlambat", en="Overdue reports"),
    Text(id="Tinjauan terlambat", en="Overdue reviews"),
    Text(id="Laporan mendatang", en="Upcoming reports"),
    Text(id="Tinjauan mendatang", en="Upcoming reviews"),
)
TEXTS: Mapping[str, Text] = {
    "title": Text(
        id="Rekap pengingat {day}: terlambat dan {horizon} hari ke depan",
        en="Reminder recap {day}: overdue and next {horizon} days",
    ),
    "nothing_due": Text(id="Tidak ada yang jatuh tempo", en="Nothing due"),
    "more": Text(id="+{hidden} provinsi lain", en="+{hidden} more provinces"),
}
_LEFT, _TOP, _ROW, _BAR = 190, 90, 36, 24
_RIGHT_MARGIN = 60


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own bundled font: the same picture on every machine, nothing downloaded.
    return ImageFont.load_default(size=size)


def recap_png(
    counts: OverviewCounts,
    *,
    province_name: Callable[[str], str],
    language: Language,
    day: str,
) -> bytes:
    """The chart as PNG bytes (:data:`CHART_SIZE`), the counts in its text chunk."""
    image = Image.new("RGB", CHART_SIZE, "white")
    draw = ImageDraw.Draw(image)
    title = TEXTS["title"](language, day=day, horizon=counts.horizon_days)
    draw.text((20, 16), title, fill="black", font=_font(20))
    x = 20
    for colour, label in zip(COLOURS, LEGEND, strict=True):
        draw.rectangle((x, 54, x + 14, 68), fill=colour)
        draw.text((x + 20, 53), label(language), fill="black", font=_font(13))
        x += 190
    rows = counts.provinces[:CHART_ROWS]
    widest = max((row.total for row in rows), default=0)
    scale = (CHART_SIZE[0] - _LEFT - _RIGHT_MARGIN) / widest if widest else 0.0
    label_font = _font(14)
    for index, row in enumerate(rows):
        top = _TOP + index * _ROW
        name = province_name(row.province)
        draw.text((20, top + 4), name.removeprefix("Provinsi ")[:22], fill="black", font=label_font)
        left = float(_LEFT)
        for colour, value in zip(COLOURS, row.as_row(), strict=True):
            if value:
                right = left + value * scale
                draw.rectangle((round(left), top, round(right) - 1, top + _BAR), fill=colour)
                left = right
        draw.text((round(left) + 6, top + 4), str(row.total), fill="black", font=label_font)
    if not rows:
        draw.text((20, _TOP), TEXTS["nothing_due"](language), fill="black", font=_font(16))
    hidden = len(counts.provinces) - len(rows)
    if hidden > 0:
        more = TEXTS["more"](language, hidden=hidden)
        draw.text((20, _TOP + CHART_ROWS * _ROW + 4), more, fill="black", font=label_font)
    info = PngInfo()
    info.add_text(NUMBERS_KEY, json.dumps(counts.to_json(), sort_keys=True))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, optimize=True)
    return buffer.getvalue()
