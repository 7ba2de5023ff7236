"""Region index and resolution: code, exact name, alias, level words, typos, ambiguity.

``RegionIndex.load("knowledge/regions.csv")`` reads the 38 provinces and 514 kab/kota
plus ``region-aliases.csv`` next to it. :meth:`RegionIndex.resolve` answers with a
:class:`~bot.core.models.RegionMatch`:

* ``exact``: a code (``35.78``), an official name, a core name (``Surabaya``), an alias
  (``jatim``), optionally with level words (``kab.``, ``kota``, ``pemprov``, ``city``);
* ``ambiguous``: one name, several regions (``bandung``: the kota, the kabupaten, and
  Bandung Barat further down the list; ``jambi``: the province and the kota);
* ``fuzzy``: a typo within a small edit distance of exactly one name (``surabya``);
* ``none``: nothing close enough, with the closest names as candidates.

Typos are judged by edit distance relative to the length of the name, so a short real
name (``badung``) is never swallowed by a longer neighbour (``bandung``): exact names
always win, and a typo must be closer to one name than to any other.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.models import Region, RegionCandidate, RegionLevel, RegionMatch

ALIASES_FILE = "region-aliases.csv"
MAX_QUERY_CHARS = 120  # no region name is longer; longer text is not a region name
MAX_CANDIDATES = 5

_CODE = re.compile(r"^(\d{2})(?:[.\s]?(\d{2}))?$")
# Leading words that say which level is meant (longest first).
_LEADING_LEVEL = (
    ("pemerintah provinsi", RegionLevel.PROVINSI),
    ("pemerintah propinsi", RegionLevel.PROVINSI),
    ("pemerintah kabupaten", RegionLevel.KABUPATEN),
    ("pemerintah kota", RegionLevel.KOTA),
    ("kabupaten administrasi", RegionLevel.KABUPATEN),
    ("kota administrasi", RegionLevel.KOTA),
    ("kota adm", RegionLevel.KOTA),
    ("province of", RegionLevel.PROVINSI),
    ("regency of", RegionLevel.KABUPATEN),
    ("city of", RegionLevel.KOTA),
    ("provinsi", RegionLevel.PROVINSI),
    ("propinsi", RegionLevel.PROVINSI),
    ("province", RegionLevel.PROVINSI),
    ("pemprov", RegionLevel.PROVINSI),
    ("prov", RegionLevel.PROVINSI),
    ("prop", RegionLevel.PROVINSI),
    ("kabupaten", RegionLevel.KABUPATEN),
    ("kabupatan", RegionLevel.KABUPATEN),
    ("pemkab", RegionLevel.KABUPATEN),
    ("kab", RegionLevel.KABUPATEN),
    ("kotamadya", RegionLevel.KOTA),
    ("kotamadia", RegionLevel.KOTA),
    ("kodya", RegionLevel.KOTA),
    ("pemkot", RegionLevel.KOTA),
    ("kota", RegionLevel.KOTA),
)
_TRAILING_LEVEL = (
    ("province", RegionLevel.PROVINSI),
    ("provinsi", RegionLevel.PROVINSI),
    ("regency", RegionLevel.KABUPATEN),
    ("city", RegionLevel.KOTA),
    ("municipality", RegionLevel.KOTA),
)
_NEUTRAL_LEADING = ("pemerintah daerah", "pemda", "pemerintah", "daerah", "region")
# Official prefixes that people leave out: "Daerah Istimewa Yogyakarta" -> "Yogyakarta".
_PROVINCE_PREFIXES = ("daerah khusus ibukota ", "daerah khusus ", "daerah istimewa ")
_LEVEL_ORDER = {RegionLevel.PROVINSI: 0, RegionLevel.KOTA: 1, RegionLevel.KABUPATEN: 2}
# Abbreviations and spellings of words inside names: "Kep. Seribu", "Tj. Pinang", "Sumatra".
_WORD_FORMS = {
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "tj": "tanjung",
    "tg": "tanjung",
    "tjg": "tanjung",
    "sumatra": "sumatera",
}
# Old Indonesian spelling (Soerabaja, Djakarta, Tjirebon) -> today's.
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"))


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation to spaces, split initials joined (``d.i.``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("’", "")
    words = re.sub(r"[^0-9a-z]+", " ", plain).split()
    merged: list[str] = []
    initials = False  # whether merged[-1] is made of single letters only
    for word in words:  # "d i yogyakarta" -> "di yogyakarta", "n t t" -> "ntt"
        single = len(word) == 1 and word.isalpha()
        if single and initials:
            merged[-1] += word
        else:
            merged.append(word)
            initials = single
    return " ".join(_WORD_FORMS.get(word, word) for word in merged)


def compact(text: str) -> str:
    """The matching form of a normalised name: old spelling modernised, no spaces."""
    out = text.replace(" ", "")
    for old, new in _OLD_SPELLING:
        out = out.replace(old, new)
    return out


def spellings(text: str) -> set[str]:
    """The forms fuzzy matching compares: modernised (:func:`compact`) and as written.

    Both, because folding the old spelling can turn one typo into two edits: "poewali
    mandar" (Polewali Mandar without its l) folds to "puwali..." but is one edit as written.
    """
    return {compact(text), text.replace(" ", "")}


def allowed_typos(length: int) -> int:
    """Edits tolerated in a name of ``length`` letters: none below 5, then 1, 2, 3."""
    if length < 5:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return 3


def core_name(region: Region) -> str:
    """The name without its level: ``Kota Administrasi Jakarta Pusat`` -> ``jakarta pusat``."""
    name = normalise(region.name)
    for prefix in ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota "):
        if region.level is not RegionLevel.PROVINSI and name.startswith(prefix):
            return name[len(prefix) :]
    for prefix in _PROVINCE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def split_level(query: str) -> tuple[str, RegionLevel | None]:
    """``kab badung`` -> (``badung``, KABUPATEN); ``bandung`` -> (``bandung``, None)."""
    text = query
    for word in _NEUTRAL_LEADING:
        if text.startswith(word + " "):
            text = text[len(word) + 1 :]
            break
    for word, level in _LEADING_LEVEL:
        if text.startswith(word + " "):
            rest = text[len(word) + 1 :].strip()
            for extra in ("administrasi ", "adm "):  # "kab. administrasi kepulauan seribu"
                rest = rest.removeprefix(extra)
            return rest, level
    for word, level in _TRAILING_LEVEL:
        if text.endswith(" " + word):
            return text[: -len(word) - 1].strip(), level
    return text, None


@dataclass(frozen=True, slots=True)
class _Key:
    """One matchable name (compact form) of one region."""

    text: str
    code: str


class RegionIndex:
    """Every region with precomputed keys for exact and fuzzy lookup."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._regions: dict[str, Region] = {r.code: r for r in regions}
        self._exact: dict[str, list[str]] = defaultdict(list)
        for region in self._regions.values():
            for name in self._names(region):
                codes = self._exact[compact(name)]
                if region.code not in codes:
                    codes.append(region.code)
        fuzzy_forms: dict[str, list[str]] = defaultdict(list)
        for region in self._regions.values():
            for name in self._names(region):
                for form in spellings(name):
                    if region.code not in fuzzy_forms[form]:
                        fuzzy_forms[form].append(region.code)
        keys = [_Key(text, code) for text, codes in fuzzy_forms.items() for code in codes]
        self._keys_by_level: dict[RegionLevel | None, list[_Key]] = {None: keys}
        for level in RegionLevel:
            self._keys_by_level[level] = [k for k in keys if self._regions[k.code].level is level]
        # compact core names in display order, for "bandung" -> Bandung Barat
        self._cores = [(compact(core_name(r)), r) for r in self.all()]
        self._choices = {level: [k.text for k in ks] for level, ks in self._keys_by_level.items()}

    @staticmethod
    def _names(region: Region) -> list[str]:
        names = [normalise(region.name), core_name(region)]
        names.extend(normalise(alias) for alias in region.aliases)
        return [n for n in names if n]

    @classmethod
    def load(cls, path: Path, aliases_path: Path | None = None) -> RegionIndex:
        """Read ``regions.csv`` and the alias file beside it (``region-aliases.csv``)."""
        aliases_path = aliases_path or path.with_name(ALIASES_FILE)
        aliases: dict[str, list[str]] = defaultdict(list)
        if aliases_path.is_file():
            for row in _csv_rows(aliases_path):
                aliases[row["code"].strip()].append(row["alias"].strip())
        regions = []
        for row in _csv_rows(path):
            code = row["code"].strip()
            regions.append(
                Region(
                    code=code,
                    name=row["name"].strip(),
                    level=RegionLevel(row["level"].strip()),
                    province_code=row["province_code"].strip(),
                    timezone=row["timezone"].strip(),
                    aliases=tuple(aliases.pop(code, ())),
                )
            )
        if aliases:
            raise ValueError(f"{aliases_path}: aliases for unknown codes {sorted(aliases)}")
        return cls(regions)

    def get(self, code: str) -> Region | None:
        """The region with this code, or None."""
        return self._regions.get(code.strip())

    def timezone_of(self, code: str) -> str | None:
        """The IANA timezone of the region with this code, or None for an unknown code."""
        region = self.get(code)
        return region.timezone if region else None

    def all(self) -> list[Region]:
        """Every region, in code order."""
        return sorted(self._regions.values(), key=lambda r: r.code)

    def provinces(self) -> list[Region]:
        """The 38 provinces."""
        return [r for r in self.all() if r.level is RegionLevel.PROVINSI]

    def resolve(self, query: str) -> RegionMatch:
        """Resolve a region name, code or alias (see the module docstring)."""
        text = query.strip()
        if not text or len(text) > MAX_QUERY_CHARS:
            return RegionMatch(query=query, kind="none")
        code = _CODE.match(text)
        if code:
            wanted = code.group(1) + (f".{code.group(2)}" if code.group(2) else "")
            region = self._regions.get(wanted)
            if region is not None:
                return RegionMatch(query=query, kind="exact", region=region)
        normalised = normalise(text)
        if not normalised:
            return RegionMatch(query=query, kind="none")
        match = self._resolve_name(query, normalised, province=None)
        if match.kind == "none":
            match = self._resolve_with_province(query, normalised) or match
        return match

    # --- resolution steps ---------------------------------------------------------------

    def _resolve_name(self, query: str, name: str, province: str | None) -> RegionMatch:
        full = self._lookup(compact(name), None, province)
        if full:
            return self._decide(query, full, compact(name), province)
        core, level = split_level(name)
        if not core:
            return RegionMatch(query=query, kind="none")
        hits = self._lookup(compact(core), level, province)
        if hits:
            return self._decide(query, hits, compact(core), province)
        return self._fuzzy(query, core, level, province)

    def _resolve_with_province(self, query: str, name: str) -> RegionMatch | None:
        """``malang jatim``, ``kab bogor jawa barat``: a trailing province narrows."""
        words = name.split()
        for cut in range(1, min(4, len(words))):
            head, tail = " ".join(words[:-cut]), " ".join(words[-cut:])
            provinces = [
                c for c in self._exact.get(compact(tail), []) if "." not in c
            ]  # province codes have no dot
            if len(provinces) == 1 and head:
                match = self._resolve_name(query, head, province=provinces[0])
                if match.kind != "none":
                    return match
        return None

    def _lookup(self, key: str, level: RegionLevel | None, province: str | None) -> list[str]:
        codes = [c for c in self._exact.get(key, []) if self._in(c, province)]
        if level is None:
            return codes
        same_level = [c for c in codes if self._regions[c].level is level]
        if same_level:
            return same_level
        # "kota yogya": the alias names the province; its core name at the asked level.
        found: list[str] = []
        for code in codes:
            region = self._regions[code]
            if region.level is RegionLevel.PROVINSI:
                for c in self._exact.get(compact(core_name(region)), []):
                    if self._regions[c].level is level and c not in found:
                        found.append(c)
        return found or codes

    def _in(self, code: str, province: str | None) -> bool:
        return province is None or self._regions[code].province_code == province

    def _decide(self, query: str, codes: list[str], key: str, province: str | None) -> RegionMatch:
        regions = sorted((self._regions[c] for c in codes), key=_display_order)
        if len(regions) == 1:
            return RegionMatch(query=query, kind="exact", region=regions[0])
        candidates = [RegionCandidate(region=r, score=100.0) for r in regions]
        candidates.extend(self._extensions(key, set(codes), province))
        return RegionMatch(
            query=query, kind="ambiguous", candidates=tuple(candidates[:MAX_CANDIDATES])
        )

    def _extensions(self, key: str, seen: set[str], province: str | None) -> list[RegionCandidate]:
        """Regions whose name extends an ambiguous one: ``bandung`` -> Bandung Barat."""
        out: list[RegionCandidate] = []
        for core, region in self._cores:
            if not core.startswith(key) or region.code in seen:
                continue
            if self._in(region.code, province) and len(core) - len(key) <= 6:
                score = round(100 * 2 * len(key) / (len(key) + len(core)), 1)
                out.append(RegionCandidate(region=region, score=score))
        return sorted(out, key=lambda c: -c.score)

    def _fuzzy(
        self, query: str, name: str, level: RegionLevel | None, province: str | None
    ) -> RegionMatch:
        keys = self._keys_by_level[level]
        key = compact(name)
        best: dict[str, tuple[float, int]] = {}  # code -> (score, edit distance)
        for form in spellings(name):
            found = process.extract(
                form, self._choices[level], scorer=fuzz.ratio, limit=40, score_cutoff=40
            )
            for text, score, index in found:
                code = keys[index].code
                if not self._in(code, province):
                    continue
                distance = OSA.distance(form, text)
                previous = best.get(code)
                if previous is None or (distance, -score) < (previous[1], -previous[0]):
                    best[code] = (float(score), distance)
        ranked = sorted(best.items(), key=lambda item: (item[1][1], -item[1][0], item[0]))
        candidates = tuple(
            RegionCandidate(region=self._regions[code], score=round(score, 1))
            for code, (score, _) in sorted(best.items(), key=lambda i: (-i[1][0], i[0]))
        )[:MAX_CANDIDATES]
        if not ranked:
            return RegionMatch(query=query, kind="none")
        top_distance = ranked[0][1][1]
        if top_distance > allowed_typos(len(key)):
            return RegionMatch(query=query, kind="none", candidates=candidates)
        closest = [code for code, (_, distance) in ranked if distance == top_distance]
        if len(closest) == 1:
            region = self._regions[closest[0]]
            return RegionMatch(query=query, kind="fuzzy", region=region, candidates=candidates)
        tied = sorted(closest, key=lambda c: (-best[c][0], _display_order(self._regions[c])))
        return RegionMatch(
            query=query,
            kind="ambiguous",
            candidates=tuple(
                RegionCandidate(region=self._regions[c], score=round(best[c][0], 1)) for c in tied
            )[:MAX_CANDIDATES],
        )


def _display_order(region: Region) -> tuple[int, str]:
    return _LEVEL_ORDER[region.level], region.code


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file with a header, skipping blank lines and ``#`` comments."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))
