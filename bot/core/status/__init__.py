"""Status: which agreements a region (or a partner, or a country) has, and how they stand.

Behind this face: the region index and resolver (``_regions``), the words that mark a
status query (``_query_words``), the status cards (``_cards``) in both languages
(``_texts``) and the dialogue feature (``_feature``).
"""

from bot.core.status._cards import agreement_json
from bot.core.status._feature import StatusFeature, local_today
from bot.core.status._lookup import AgreementList, StatusLookup, StatusResult
from bot.core.status._regions import RegionIndex, core_name

__all__ = [
    "AgreementList",
    "RegionIndex",
    "StatusFeature",
    "StatusLookup",
    "StatusResult",
    "agreement_json",
    "core_name",
    "local_today",
]
