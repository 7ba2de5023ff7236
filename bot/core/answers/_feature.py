"""The question feature: knowledge-base answers, the list of ten recommendations, feedback.

It is the last feature of the dialogue, so it answers any free text the others left:
with the short answer, its source, related entries and thumbs up/down buttons, or, when
the engine abstains, with an honest "I don't know", the closest entries as suggestions,
and a knowledge gap recorded for the curators.

Buttons: ``kb:<entry-id>`` shows an entry (``kb:list`` the ten recommendations);
``fb:u:<entry-id>`` / ``fb:d:<entry-id>`` are thumbs up / down. Their payloads are
untrusted: an unknown entry id gets a polite reply and nothing is recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import (
    Answer,
    Button,
    Entry,
    Feedback,
    KnowledgeGap,
    Language,
    Reply,
    button_rows,
)
from bot.core.ports import CuratorLog
from bot.core.texts import Text

log = logging.getLogger(__name__)

LABEL_CHARS = 40

TEXTS: Mapping[str, Text] = {
    "source": Text(id="Sumber: {source}", en="Source: {source}"),
    "more": Text(id="Selengkapnya", en="Read more"),
    "helpful": Text(id="👍 Membantu", en="👍 Helpful"),
    "unhelpful": Text(id="👎 Kurang membantu", en="👎 Not helpful"),
    "list_button": Text(id="10 Rekomendasi", en="10 Recommendations"),
    "list_title": Text(
        id="10 rekomendasi Bimtek Kerja Sama Sister City/Province (Kemendagri, 2019). "
        "Pilih nomor untuk membaca:",
        en="The ten recommendations of the 2019 Sister City/Province technical guidance "
        "(Ministry of Home Affairs). Choose one to read:",
    ),
    "bad_number": Text(
        id="Rekomendasi yang ada bernomor 1 sampai 10.",
        en="The recommendations are numbered 1 to 10.",
    ),
    "abstain": Text(
        id="Maaf, saya belum punya jawaban untuk pertanyaan itu. Pertanyaan Anda saya "
        "catat untuk tim kurator.",
        en="Sorry, I don't have an answer to that yet. I have noted your question for "
        "the curators.",
    ),
    "suggest": Text(
        id="Mungkin salah satu topik ini yang Anda cari:",
        en="Perhaps one of these topics is what you are looking for:",
    ),
    "browse": Text(
        id="Anda bisa melihat 10 rekomendasi Bimtek, atau ketik /bantuan.",
        en="You can browse the ten recommendations, or type /help.",
    ),
    "unknown_entry": Text(
        id="Maaf, topik itu tidak ada di basis pengetahuan. Silakan pilih dari daftar.",
        en="Sorry, that topic is not in the knowledge base. Please choose from the list.",
    ),
    "thanks_up": Text(id="Terima kasih! Senang bisa membantu.", en="Thank you! Glad it helped."),
    "thanks_down": Text(
        id="Terima kasih atas masukannya. Tim kurator akan memperbaiki jawaban ini.",
        en="Thank you for the feedback. The curators will improve this answer.",
    ),
}


def _t(key: str, language: Language) -> str:
    return TEXTS[key](language)


def entry_label(entry: Entry, language: Language) -> str:
    """A short button label: ``3. Rencana kerja sama (action plan)…``."""
    title = entry.title.get(language)
    _head, sep, rest = title.partition(": ")
    if sep and entry.id.startswith("rec-"):
        title = f"{entry.id.removeprefix('rec-')}. {rest}"
    if len(title) > LABEL_CHARS:
        title = title[: LABEL_CHARS - 1].rstrip(" ,:;(/") + "…"
    return title


class Answers(Protocol):
    """What the feature needs of an :class:`~bot.core.answers._engine.AnswerEngine`.

    A program may hand in a stand-in that waits for an engine still being built.
    """

    def answer(self, question: str) -> Answer:
        """The best entry for ``question``, or an abstention."""
        ...


class Entries(Protocol):
    """What the feature needs of a :class:`~bot.core.answers.KnowledgeBase` (or of a
    stand-in that loads it on first use)."""

    def get(self, entry_id: str) -> Entry | None:
        """The entry with that id, or None."""
        ...

    def recommendations(self) -> tuple[Entry, ...]:
        """rec-1 ... rec-10, in order."""
        ...


class QuestionFeature:
    """Answers questions from the knowledge base (see the module doc)."""

    def __init__(self, *, knowledge: Entries, answers: Answers, curator: CuratorLog) -> None:
        self._knowledge = knowledge
        self._answers = answers
        self._curator = curator

    def commands(self) -> Mapping[str, CommandHandler]:
        """``/rekomendasi [n]`` and ``/recommendations [n]``."""
        return {"rekomendasi": self.recommendations, "recommendations": self.recommendations}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``kb:<entry-id>`` / ``kb:list`` and ``fb:u|d:<entry-id>``."""
        return {"kb": self.show_button, "fb": self.feedback}

    # --- free text ---------------------------------------------------------------------

    def claim_text(self, turn: Turn) -> Reply:
        """Answer any text: the best entry, or an honest abstention with suggestions."""
        answer = self._answers.answer(turn.text)
        if answer.entry is not None:
            return self.answer_reply(answer.entry, turn.language)
        self._record_gap(turn, answer)
        return self.abstain_reply(answer, turn.language)

    def answer_reply(self, entry: Entry, language: Language) -> Reply:
        """The short answer, its source, related entries and feedback buttons."""
        body = f"{entry.title.get(language)}\n\n{entry.short.get(language)}\n\n" + _t(
            "source", language
        ).format(source=entry.source.get(language))
        return Reply(
            text=body,
            # Thumbs first: they keep the same place (and console numbers 1 and 2) in every
            # answer, however many related entries follow.
            buttons=button_rows(
                self._feedback_row(entry, language),
                [Button(label=_t("more", language), data=f"kb:{entry.id}")],
                *self._related_rows(entry, language),
            ),
            language=language,
        )

    def abstain_reply(self, answer: Answer, language: Language) -> Reply:
        """'I don't know', with the closest entries offered as buttons."""
        suggested = [
            entry
            for entry in (self._knowledge.get(s.entry_id) for s in answer.suggestions)
            if entry is not None
        ]
        lines = [_t("abstain", language)]
        rows: list[list[Button]] = []
        if suggested:
            lines.append(_t("suggest", language))
            rows = [[self._entry_button(entry, language)] for entry in suggested]
        else:
            lines.append(_t("browse", language))
        rows.append([Button(label=_t("list_button", language), data="kb:list")])
        return Reply(text="\n\n".join(lines), buttons=button_rows(*rows), language=language)

    def _record_gap(self, turn: Turn, answer: Answer) -> None:
        best = answer.suggestions[0] if answer.suggestions else None
        self._curator.record_gap(
            KnowledgeGap(
                channel=turn.incoming.channel,
                user_id=turn.incoming.user_id,
                query=turn.text,
                best_entry_id=best.entry_id if best else None,
                best_score=best.score if best else 0.0,
                asked_at=turn.now,
            )
        )

    # --- commands and buttons ----------------------------------------------------------

    def recommendations(self, turn: Turn, args: str) -> Reply:
        """``/rekomendasi`` lists the ten; ``/rekomendasi 3`` shows the third."""
        wanted = args.strip().removeprefix("#")
        if not wanted:
            return self.list_reply(turn.language)
        entry = self._knowledge.get(f"rec-{wanted}") if wanted.isdigit() else None
        if entry is None:
            listing = self.list_reply(turn.language)
            text = f"{_t('bad_number', turn.language)}\n\n{listing.text}"
            return Reply(text=text, buttons=listing.buttons, language=turn.language)
        return self.entry_reply(entry, turn.language)

    def show_button(self, turn: Turn, payload: str) -> Reply:
        """``kb:list`` or ``kb:<entry-id>``."""
        if payload == "list":
            return self.list_reply(turn.language)
        entry = self._knowledge.get(payload)
        if entry is None:
            return self._unknown_entry(turn.language)
        return self.entry_reply(entry, turn.language)

    def feedback(self, turn: Turn, payload: str) -> Reply:
        """``fb:u:<entry-id>`` (helpful) or ``fb:d:<entry-id>`` (not helpful)."""
        vote, _, entry_id = payload.partition(":")
        entry = self._knowledge.get(entry_id)
        if vote not in ("u", "d") or entry is None:
            log.info("feedback for an unknown entry from %s", turn.incoming.channel)
            return self._unknown_entry(turn.language)
        helpful = vote == "u"
        self._curator.record_feedback(
            Feedback(
                channel=turn.incoming.channel,
                user_id=turn.incoming.user_id,
                entry_id=entry.id,
                helpful=helpful,
            )
        )
        key = "thanks_up" if helpful else "thanks_down"
        return Reply(
            text=_t(key, turn.language),
            language=turn.language,
            notice="👍" if helpful else "👎",
        )

    def list_reply(self, language: Language) -> Reply:
        """The ten recommendations, one button each."""
        entries = self._knowledge.recommendations()
        return Reply(
            text=_t("list_title", language),
            buttons=button_rows(*([self._entry_button(e, language)] for e in entries)),
            language=language,
        )

    def entry_reply(self, entry: Entry, language: Language) -> Reply:
        """One entry in full, with its source and related entries."""
        body = f"{entry.title.get(language)}\n\n{entry.full.get(language)}\n\n" + _t(
            "source", language
        ).format(source=entry.source.get(language))
        return Reply(
            text=body,
            buttons=button_rows(
                self._feedback_row(entry, language),
                *self._related_rows(entry, language),
                [Button(label=_t("list_button", language), data="kb:list")],
            ),
            language=language,
        )

    # --- helpers -----------------------------------------------------------------------

    def _unknown_entry(self, language: Language) -> Reply:
        return Reply(
            text=_t("unknown_entry", language),
            buttons=button_rows([Button(label=_t("list_button", language), data="kb:list")]),
            language=language,
        )

    def _entry_button(self, entry: Entry, language: Language) -> Button:
        return Button(label=entry_label(entry, language), data=f"kb:{entry.id}")

    def _related_rows(self, entry: Entry, language: Language) -> Sequence[list[Button]]:
        related = (self._knowledge.get(entry_id) for entry_id in entry.related)
        return [[self._entry_button(r, language)] for r in related if r is not None]

    def _feedback_row(self, entry: Entry, language: Language) -> list[Button]:
        return [
            Button(label=_t("helpful", language), data=f"fb:u:{entry.id}"),
            Button(label=_t("unhelpful", language), data=f"fb:d:{entry.id}"),
        ]
