"""Answers: questions in, knowledge-base entries (or an honest "I don't know") out.

Behind this face: text normalisation and the word lists (``_text``, ``_lexicon``), the
curated entries (``_knowledge``), retrieval (``_engine``), near ties settled by the
question's type (``_ranking``), the abstention rules (``_abstention``), the dialogue feature
for free-text questions and thumbs (``_feature``) and the curators' gap and feedback reports
(``_curator_reports``).
"""

from bot.core.answers._curator_reports import feedback_report, gap_report
from bot.core.answers._engine import AnswerEngine
from bot.core.answers._feature import QuestionFeature
from bot.core.answers._knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.core.answers._lexicon import directory_for, load_lexicon
from bot.core.answers._text import language_detector

__all__ = [
    "AnswerEngine",
    "KnowledgeBase",
    "KnowledgeError",
    "QuestionFeature",
    "directory_for",
    "feedback_report",
    "gap_report",
    "language_detector",
    "load_knowledge",
    "load_lexicon",
]
