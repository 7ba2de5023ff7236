"""What is due for a region, said to a person: /pengingat, the welcome, the estimates.

The facts come from :class:`~bot.core.reminders._plan.WhatIsDue`; this module only words
them. A date the registry gives is said as a due date; a date the policy estimated is
always called an estimate. A new subscription gets one welcome: the region's agreements,
what the registry says is due, and how many estimates there are, behind a button
(``pk:<region code>``), never the backlog itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time

from bot.core.dates import format_long_day as long_date
from bot.core.models import Agreement, Button, Language, Reply, button_rows
from bot.core.reminders._messages import days_phrase, kind_label
from bot.core.reminders._plan import DueItem
from bot.core.texts import Text

MAX_PARTNERS_NAMED = 8

TEXTS: Mapping[str, Text] = {
    "paused": Text(id="{name} (dijeda)", en="{name} (paused)"),
    "line_due": Text(
        id="- {partner}: {what} jatuh tempo {when} ({left}); pengingat berikut {next}",
        en="- {partner}: {what} due {when} ({left}); next reminder {next}",
    ),
    "line_estimate": Text(
        id="- {partner}: {what} perkiraan {when} ({left}); pengingat berikut {next}",
        en="- {partner}: {what} estimated {when} ({left}); next reminder {next}",
    ),
    "no_agreements": Text(id="- belum ada kerja sama tercatat.", en="- no recorded agreement yet."),
    "estimate_note": Text(
        id="Perkiraan dihitung dari kebijakan pengingat sisterbot (bawaan yang dapat diatur) "
        "bila data kerja sama tidak memuat tanggalnya; bukan tenggat menurut peraturan.",
        en="Estimates come from sisterbot's reminder policy (configurable defaults) where "
        "the agreement data gives no date; they are not legal deadlines.",
    ),
    "welcome": Text(
        id="Chat ini kini menerima pengingat kerja sama {name}: satu ringkasan pukul {at} "
        "waktu setempat, hanya pada hari ada yang jatuh tempo.",
        en="This chat now gets reminders for {name}'s agreements: one digest at {at} local "
        "time, only on days when something is due.",
    ),
    "agreements": Text(
        id="Kerja sama tercatat ({count}): {partners}.",
        en="Recorded agreements ({count}): {partners}.",
    ),
    "registry_due": Text(
        id="Jatuh tempo menurut data kerja sama:", en="Due according to the agreement data:"
    ),
    "registry_none": Text(
        id="Data kerja sama tidak memuat tanggal laporan atau tinjauan.",
        en="The agreement data gives no report or review dates.",
    ),
    "estimates_count": Text(
        id="Perkiraan menurut kebijakan pengingat: {count} ({late} sudah lewat). Perkiraan "
        "yang sudah lewat disebut dalam ringkasan paling banyak sebulan sekali.",
        en="Estimates from the reminder policy: {count} ({late} already past). A past "
        "estimate is mentioned in the digest at most once a month.",
    ),
    "estimates_button": Text(id="Lihat perkiraan", en="See the estimates"),
    "estimates_header": Text(
        id="Perkiraan jatuh tempo untuk {name}:", en="Estimated due dates for {name}:"
    ),
    "estimates_none": Text(
        id="Tidak ada perkiraan untuk {name}.", en="There are no estimates for {name}."
    ),
    "more": Text(id="dan {count} lainnya", en="and {count} more"),
}


def item_line(item: DueItem, today: date, language: Language) -> str:
    """One due thing: partner, what, when (an estimate said as such), next reminder."""
    line = TEXTS["line_estimate" if item.estimate else "line_due"]
    return line(
        language,
        partner=item.agreement.partner,
        what=kind_label(item.kind, language),
        when=long_date(item.due, language),
        left=days_phrase((item.due - today).days, language),
        next=long_date(item.next_reminder, language) if item.next_reminder else "-",
    )


def region_lines(
    name: str, items: Sequence[DueItem], *, paused: bool, today: date, language: Language
) -> list[str]:
    """/pengingat for one region: its heading and one line per due thing."""
    lines = [TEXTS["paused"](language, name=name) if paused else name]
    lines.extend(item_line(i, today, language) for i in items)
    if not items:
        lines.append(TEXTS["no_agreements"](language))
    return lines


def welcome_reply(
    *,
    name: str,
    region_code: str,
    agreements: Sequence[Agreement],
    items: Sequence[DueItem],
    send_time: time,
    today: date,
    language: Language,
) -> Reply:
    """The one welcome of a new subscription: agreements, registry dates, estimates count."""
    lines = [TEXTS["welcome"](language, name=name, at=f"{send_time:%H.%M}")]
    if agreements:
        partners = [a.partner for a in agreements[:MAX_PARTNERS_NAMED]]
        if len(agreements) > MAX_PARTNERS_NAMED:
            partners.append(TEXTS["more"](language, count=len(agreements) - MAX_PARTNERS_NAMED))
        lines.append(
            TEXTS["agreements"](language, count=len(agreements), partners=", ".join(partners))
        )
    else:
        lines.append(TEXTS["no_agreements"](language))
    known = [i for i in items if not i.estimate]
    estimates = [i for i in items if i.estimate]
    if known:
        lines.append(TEXTS["registry_due"](language))
        lines.extend(item_line(i, today, language) for i in known)
    elif agreements:
        lines.append(TEXTS["registry_none"](language))
    buttons: tuple[tuple[Button, ...], ...] = ()
    if estimates:
        late = sum(i.due < today for i in estimates)
        lines.append(TEXTS["estimates_count"](language, count=len(estimates), late=late))
        label = TEXTS["estimates_button"](language)
        buttons = button_rows([Button(label=label, data=f"pk:{region_code}")])
    lines.append(TEXTS["estimate_note"](language))
    return Reply(text="\n".join(lines), buttons=buttons, language=language)


def estimates_reply(
    name: str, items: Sequence[DueItem], *, today: date, language: Language
) -> Reply:
    """The estimated due dates of a region (the welcome's button)."""
    estimates = [i for i in items if i.estimate]
    if not estimates:
        return Reply(text=TEXTS["estimates_none"](language, name=name), language=language)
    lines = [TEXTS["estimates_header"](language, name=name)]
    lines.extend(item_line(i, today, language) for i in estimates)
    lines.append(TEXTS["estimate_note"](language))
    return Reply(text="\n".join(lines), language=language)
