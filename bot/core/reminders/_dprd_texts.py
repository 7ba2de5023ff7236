"""The words of the DPRD window: its reminder and the line on the status card.

The 45 working days are the regulation's (PP 28/2018 Pasal 30 ayat (4)), so the article is
cited every time; what happens after the window lapses the PP does not say, and neither
does the bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.dates import format_day
from bot.core.models import Agreement, Button, Language, Reply, button_rows
from bot.core.reminders._dprd import DPRD_ARTICLE, DPRD_WORKING_DAYS, DprdWindow
from bot.core.reminders._working_days import IndonesianCalendar, WorkingCalendar
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "reminder_left": Text(
        id="Pengingat: batas waktu persetujuan DPRD untuk kerja sama {title} berakhir "
        "{closes} ({left} hari kerja lagi).",
        en="Reminder: the DPRD's window to approve the cooperation {title} closes "
        "{closes} ({left} working days left).",
    ),
    "reminder_today": Text(
        id="Pengingat: batas waktu persetujuan DPRD untuk kerja sama {title} berakhir "
        "hari ini, {closes}.",
        en="Reminder: the DPRD's window to approve the cooperation {title} closes today, {closes}.",
    ),
    "digest_left": Text(
        id="{number}. Batas waktu persetujuan DPRD, kerja sama dengan {partner}: berakhir "
        "{closes} ({left} hari kerja lagi; {article})",
        en="{number}. The DPRD's approval window, cooperation with {partner}: closes "
        "{closes} ({left} working days left; {article})",
    ),
    "digest_today": Text(
        id="{number}. Batas waktu persetujuan DPRD, kerja sama dengan {partner}: berakhir "
        "hari ini, {closes} ({article})",
        en="{number}. The DPRD's approval window, cooperation with {partner}: closes "
        "today, {closes} ({article})",
    ),
    "basis": Text(
        id="DPRD memberikan persetujuan paling lama {days} hari kerja sejak menerima surat "
        "permohonan ({article}); surat diterima {received}. Hari kerja tidak termasuk akhir "
        "pekan, hari libur nasional dan cuti bersama.",
        en="The DPRD gives its approval within {days} working days of receiving the "
        "request letter ({article}); the letter was received {received}. Working days "
        "exclude weekends, national holidays and cuti bersama.",
    ),
    "action": Text(
        id="Bila DPRD sudah memutuskan, minta kurator memperbarui tahap kerja sama ini.",
        en="Once the DPRD has decided, ask a curator to update this agreement's stage.",
    ),
    "snooze": Text(id="Ingatkan besok", en="Remind me tomorrow"),
    "detail": Text(id="Detail", en="Details"),
    "card_open": Text(
        id="Persetujuan DPRD: {left} hari kerja lagi, berakhir {closes} (diterima "
        "{received}; {days} hari kerja, {article})",
        en="DPRD approval: {left} working days left, closes {closes} (received "
        "{received}; {days} working days, {article})",
    ),
    "card_today": Text(
        id="Persetujuan DPRD: berakhir hari ini, {closes} (diterima {received}; "
        "{days} hari kerja, {article})",
        en="DPRD approval: closes today, {closes} (received {received}; "
        "{days} working days, {article})",
    ),
    "card_closed": Text(
        id="Persetujuan DPRD: batas {days} hari kerja berakhir {closes} (diterima "
        "{received}; {article})",
        en="DPRD approval: the {days}-working-day window closed {closes} (received "
        "{received}; {article})",
    ),
}

# The reminder counts working days with the national calendar (the closing day itself was
# fixed by the planner with the policy's calendar, extra days off included).
_CALENDAR = IndonesianCalendar()


def dprd_card_line(
    window: DprdWindow, today: date, calendar: WorkingCalendar, language: Language
) -> str:
    """The status card's line: working days left, the closing day, the article."""
    values = {
        "closes": format_day(window.closes, language),
        "received": format_day(window.received, language),
        "days": DPRD_WORKING_DAYS,
        "article": DPRD_ARTICLE,
    }
    if today > window.closes:
        return TEXTS["card_closed"](language, **values)
    left = window.working_days_left(today, calendar)
    if left == 0:
        return TEXTS["card_today"](language, **values)
    return TEXTS["card_open"](language, left=left, **values)


def dprd_reminder_reply(
    *,
    delivery_id: int,
    agreement: Agreement,
    title: str,
    closes: date,
    today: date,
    language: Language,
) -> Reply:
    """The reminder that the DPRD's window closes soon (or today)."""
    assert agreement.id is not None
    when = format_day(closes, language)
    left = DprdWindow(received=closes, closes=closes).working_days_left(today, _CALENDAR)
    if left > 0:
        head = TEXTS["reminder_left"](language, title=title, closes=when, left=left)
    else:
        head = TEXTS["reminder_today"](language, title=title, closes=when)
    received = agreement.dprd_received
    basis = TEXTS["basis"](
        language,
        days=DPRD_WORKING_DAYS,
        article=DPRD_ARTICLE,
        received=format_day(received, language) if received else "-",
    )
    buttons = button_rows(
        [Button(label=TEXTS["snooze"](language), data=f"rm:s:{delivery_id}")],
        [Button(label=TEXTS["detail"](language), data=f"rm:i:{agreement.id}")],
    )
    return Reply(
        text="\n".join([head, basis, TEXTS["action"](language)]),
        buttons=buttons,
        language=language,
        template_params=(
            "DPRD",
            title,
            when,
            str(left),
        ),
    )


def dprd_digest_line(
    *, number: int, partner: str, closes: date, today: date, language: Language
) -> str:
    """One item of the morning digest: the DPRD's window, in working days, with its article."""
    when = format_day(closes, language)
    left = DprdWindow(received=closes, closes=closes).working_days_left(today, _CALENDAR)
    key = "digest_left" if left > 0 else "digest_today"
    return TEXTS[key](
        language, number=number, partner=partner, closes=when, left=left, article=DPRD_ARTICLE
    )
