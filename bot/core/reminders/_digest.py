"""The morning digest: everything due for one chat on one day, in one message.

Items are grouped by region and numbered; each says what is due, for which agreement
(with the partner's name), when, and how late. A date the policy estimated (the registry
gives none) is called an estimate in the line itself. Report items carry what the law
says and no more: the regional government reports to the Minister of Home Affairs (PP
28/2018 Pasal 43) on a schedule set by a ministerial regulation the bot does not state.

Buttons: three per item (mark submitted, snooze, details) where a channel shows many
buttons (Telegram); one per item (``rm:v``, which opens the item with its three buttons)
for a list message (WhatsApp, at most ten rows a list). A digest too long for one message
(more items than the channel's buttons or rows allow, or more text than a message holds)
is split into parts at item boundaries, each part with its own items' buttons, so no item
is cut in two and each part is sent (and recorded) whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.dates import format_long_day as long_date
from bot.core.models import Agreement, Button, Language, Reply, button_rows
from bot.core.reminders._dprd_texts import dprd_digest_line
from bot.core.reminders._messages import days_phrase, kind_label
from bot.core.reminders._policy import ReminderKind
from bot.core.texts import Text

LIST_ITEMS_PER_MESSAGE = 10  # a WhatsApp list holds ten rows
ITEMS_PER_MESSAGE = 30  # three buttons each: under Telegram's 100 buttons a message
TEXT_BUDGET = 3000  # characters of item lines a message (Telegram holds 4,096 in all)
LIST_LABEL_MAX = 24  # WhatsApp's list row title limit

TEXTS: Mapping[str, Text] = {
    "header": Text(
        id="Pengingat sisterbot, {day}: {count} hal jatuh tempo.",
        en="sisterbot reminders, {day}: {count} item(s) due.",
    ),
    "header_part": Text(
        id="Pengingat sisterbot, {day} (bagian {part} dari {parts}).",
        en="sisterbot reminders, {day} (part {part} of {parts}).",
    ),
    "item_due": Text(
        id="{number}. {what} kerja sama dengan {partner}: jatuh tempo {when} ({left})",
        en="{number}. {what} of the cooperation with {partner}: due {when} ({left})",
    ),
    "item_estimate": Text(
        id="{number}. {what} kerja sama dengan {partner}: perkiraan jatuh tempo {when} ({left}) *",
        en="{number}. {what} of the cooperation with {partner}: estimated due {when} ({left}) *",
    ),
    "estimate_note": Text(
        id="* Perkiraan: data kerja sama tidak memuat tanggalnya, jadi tanggal ini dihitung "
        "dari kebijakan pengingat sisterbot (bawaan yang dapat diatur), bukan tenggat "
        "menurut peraturan.",
        en="* Estimate: the agreement data gives no date, so this one is computed from "
        "sisterbot's reminder policy (a configurable default), not a legal deadline.",
    ),
    "report_law": Text(
        id="Pemerintah daerah melaporkan pelaksanaan kerja sama kepada Menteri Dalam Negeri "
        "(PP 28/2018 Pasal 43); tata cara dan jadwalnya diatur dengan peraturan menteri.",
        en="The regional government reports the cooperation's implementation to the "
        "Minister of Home Affairs (PP 28/2018 Article 43); the procedure and schedule are "
        "set by a ministerial regulation.",
    ),
    "action_buttons": Text(
        id="Tombol bernomor di bawah: tandai selesai, ingatkan besok, atau lihat detail.",
        en="Numbered buttons below: mark done, remind me tomorrow, or see details.",
    ),
    "action_list": Text(
        id="Pilih nomor di daftar untuk menandai selesai, menunda, atau melihat detail.",
        en="Pick a number in the list to mark it done, snooze it or see details.",
    ),
    "done_report": Text(id="{number}. Sudah dilaporkan", en="{number}. Report submitted"),
    "done_review": Text(id="{number}. Sudah ditinjau", en="{number}. Review done"),
    "snooze": Text(id="{number}. Besok", en="{number}. Tomorrow"),
    "detail": Text(id="{number}. Detail", en="{number}. Details"),
    "template_what": Text(id="{count} pengingat", en="{count} reminder(s)"),
    "template_left": Text(id="{late} terlambat", en="{late} overdue"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestItem:
    """One due thing in a digest: the outbox row it comes from, and what it is about."""

    delivery_id: int
    agreement: Agreement
    region_name: str
    kind: ReminderKind
    due: date
    estimate: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestPart:
    """One message of a digest and the outbox rows it carries (sent or failed together)."""

    reply: Reply
    delivery_ids: tuple[int, ...]


def digest_parts(
    items: Sequence[DigestItem], *, today: date, language: Language, as_list: bool
) -> list[DigestPart]:
    """The digest of ``items`` as one message, or several of whole items when long.

    ``as_list``: one button per item (a WhatsApp list) instead of three.
    """
    ordered = sorted(
        items, key=lambda i: (i.region_name, i.due, i.agreement.partner, i.kind, i.delivery_id)
    )
    most = LIST_ITEMS_PER_MESSAGE if as_list else ITEMS_PER_MESSAGE
    chunks: list[list[DigestItem]] = [[]]
    length = 0
    for item in ordered:
        # a generous size of the item's line and its region heading
        size = len(item.agreement.partner) + len(item.agreement.country or "")
        size += len(item.region_name) + 160
        if chunks[-1] and (len(chunks[-1]) >= most or length + size > TEXT_BUDGET):
            chunks.append([])
            length = 0
        chunks[-1].append(item)
        length += size
    day = long_date(today, language)
    parts: list[DigestPart] = []
    first_number = 1
    for index, chunk in enumerate(c for c in chunks if c):
        if len(chunks) == 1:
            header = TEXTS["header"](language, day=day, count=len(ordered))
        else:
            header = TEXTS["header_part"](language, day=day, part=index + 1, parts=len(chunks))
        parts.append(
            _part(header, chunk, first_number, today=today, language=language, as_list=as_list)
        )
        first_number += len(chunk)
    return parts


def _part(
    header: str,
    items: Sequence[DigestItem],
    first_number: int,
    *,
    today: date,
    language: Language,
    as_list: bool,
) -> DigestPart:
    lines = [header]
    buttons: list[list[Button]] = []
    region: str | None = None
    late = 0
    for number, item in enumerate(items, start=first_number):
        if item.region_name != region:
            region = item.region_name
            lines.extend(["", region])
        left = (item.due - today).days
        late += left < 0
        if item.kind == "dprd":  # counted in working days, with its article
            lines.append(
                dprd_digest_line(
                    number=number,
                    partner=_partner(item.agreement),
                    closes=item.due,
                    today=today,
                    language=language,
                )
            )
            buttons.extend(_buttons(item, number, language, as_list))
            continue
        line = TEXTS["item_estimate" if item.estimate else "item_due"]
        lines.append(
            line(
                language,
                number=number,
                what=kind_label(item.kind, language).capitalize(),
                partner=_partner(item.agreement),
                when=long_date(item.due, language),
                left=days_phrase(left, language),
            )
        )
        buttons.extend(_buttons(item, number, language, as_list))
    lines.append("")
    if any(i.estimate for i in items):
        lines.append(TEXTS["estimate_note"](language))
    if any(i.kind == "report" for i in items):
        lines.append(TEXTS["report_law"](language))
    lines.append(TEXTS["action_list" if as_list else "action_buttons"](language))
    regions = ", ".join(dict.fromkeys(i.region_name for i in items))
    template = (
        TEXTS["template_what"](language, count=len(items)),
        regions,
        long_date(today, language),
        TEXTS["template_left"](language, late=late),
    )
    reply = Reply(
        text="\n".join(lines),
        buttons=button_rows(*buttons),
        language=language,
        template_params=template,
    )
    return DigestPart(reply=reply, delivery_ids=tuple(i.delivery_id for i in items))


def _partner(agreement: Agreement) -> str:
    country = f" ({agreement.country})" if agreement.country else ""
    return f"{agreement.partner}{country}"


def _buttons(
    item: DigestItem, number: int, language: Language, as_list: bool
) -> list[list[Button]]:
    assert item.agreement.id is not None
    if as_list:
        label = f"{number}. {item.agreement.partner}"
        return [[Button(label=label[:LIST_LABEL_MAX], data=f"rm:v:{item.delivery_id}")]]
    row = [
        Button(label=TEXTS["snooze"](language, number=number), data=f"rm:s:{item.delivery_id}"),
        Button(label=TEXTS["detail"](language, number=number), data=f"rm:i:{item.agreement.id}"),
    ]
    if item.kind == "dprd":  # the DPRD's answer is recorded as a stage, not marked done here
        return [row]
    done = TEXTS["done_report" if item.kind == "report" else "done_review"]
    return [[Button(label=done(language, number=number), data=f"rm:d:{item.delivery_id}"), *row]]
