"""Status: which agreements a region (or a partner, or a country) has, and how they stand.

Behind this face: the region index and resolver (``_regions``), the words that mark a
status query (``_query_words``), the status cards (``_cards``) in both languages
(``_texts``), the dialogue feature (``_feature``) and the registry at a glance for the
curators' console and the admins' recap (``_overview``).
"""

from bot.core.status._cards import (
    KIND_LABELS,
    STAGE_LABELS,
    agreement_card,
    agreement_json,
    due_dates,
)
from bot.core.status._cards import label as card_label
from bot.core.status._feature import StatusFeature, local_today
from bot.core.status._lookup import AgreementList, StatusLookup, StatusResult
from bot.core.status._overview import (
    DueItem,
    RegistryOverview,
    is_overdue,
    province_of,
    registry_overview,
)
from bot.core.status._regions import RegionIndex, core_name

__all__ = [
    "KIND_LABELS",
    "STAGE_LABELS",
    "AgreementList",
    "DueItem",
    "RegionIndex",
    "RegistryOverview",
    "StatusFeature",
    "StatusLookup",
    "StatusResult",
    "agreement_card",
    "agreement_json",
    "card_label",
    "core_name",
    "due_dates",
    "is_overdue",
    "local_today",
    "province_of",
    "registry_overview",
]
