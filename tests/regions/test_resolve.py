"""Region resolution: codes, names, aliases, level words, typos and honest ambiguity.

The queries here are written for these tests (the development set in bot/app/bench/data is
only for the benchmark).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.models import RegionLevel
from bot.core.status import RegionIndex, core_name
from bot.core.status._regions import allowed_typos, compact, normalise


def codes(index: RegionIndex, query: str) -> tuple[str, str | None, list[str]]:
    match = index.resolve(query)
    return (
        match.kind,
        match.region.code if match.region else None,
        [c.region.code for c in match.candidates],
    )


def test_the_data_is_complete(regions: RegionIndex) -> None:
    levels = [r.level for r in regions.all()]
    assert levels.count(RegionLevel.PROVINSI) == 38
    assert levels.count(RegionLevel.KABUPATEN) == 416
    assert levels.count(RegionLevel.KOTA) == 98
    zones = {r.timezone for r in regions.all()}
    assert zones == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    for region in regions.all():
        assert regions.get(region.province_code) is not None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("51.03", "51.03"),
        ("5103", "51.03"),
        (" 35 ", "35"),
        ("Kabupaten Sleman", "34.04"),
        ("kab sleman", "34.04"),
        ("KAB. SLEMAN", "34.04"),
        ("pemkab sleman", "34.04"),
        ("sleman regency", "34.04"),
        ("kota denpasar", "51.71"),
        ("pemkot denpasar", "51.71"),
        ("city of denpasar", "51.71"),
        ("pemprov bali", "51"),
        ("propinsi bali", "51"),
        ("jabar", "32"),
        ("Jateng", "33"),
        ("JOGJA", "34"),
        ("d.i. yogyakarta", "34"),
        ("DKI", "31"),
        ("sumut", "12"),
        ("sulut", "71"),
        ("kaltara", "65"),
        ("NTB", "52"),
        ("n.t.t.", "53"),
        ("babel", "19"),
        ("kepri", "21"),
        ("solo", "33.72"),
        ("SBY", "35.78"),
        ("tangsel", "36.74"),
        ("makasar", "73.71"),
        ("NAD", "11"),
        ("east java", "35"),
        ("kota jogja", "34.71"),
        ("kabupaten bandung", "32.04"),
        ("kota bandung", "32.73"),
        ("provinsi jambi", "15"),
        ("kota jambi", "15.71"),
        ("badung", "51.03"),
        ("tanjungpinang", "21.72"),
        ("gunung kidul", "34.03"),
        ("Djokjakarta", "34"),
        ("kab bogor jawa barat", "32.01"),
        ("kota malang, jawa timur", "35.73"),
        ("Pemerintah Kota Surabaya", "35.78"),
        ("Kab. Kep. Seribu", "31.01"),
        ("kota tj. pinang", "21.72"),
        ("kab. tanjung jabung barat", "15.06"),
        ("Kab. Tj. Jabung Timur", "15.07"),
        ("Sumatra Barat", "13"),
        ("Kota Adm. Jakarta Selatan", "31.74"),
        ("kota administrasi jakarta timur", "31.75"),
    ],
)
def test_resolves_to_one_region(regions: RegionIndex, query: str, code: str) -> None:
    kind, region, _ = codes(regions, query)
    assert kind in ("exact", "fuzzy")
    assert region == code


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("surbaya", "35.78"),
        ("surabayaa", "35.78"),
        ("semarng", None),  # kota and kabupaten Semarang: a typo keeps the ambiguity
        ("sidoarjoo", "35.15"),
        ("banyuwngi", "35.10"),
        ("kab. banyuwnagi", "35.10"),
        ("jawa timr", "35"),
        ("sulawesi selatn", "73"),
    ],
)
def test_typos(regions: RegionIndex, query: str, expected: str | None) -> None:
    kind, region, candidates = codes(regions, query)
    if expected is None:
        assert kind == "ambiguous"
        assert {"33.22", "33.74"} <= set(candidates)
    else:
        assert (kind, region) == ("fuzzy", expected)


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("bandung", ["32.73", "32.04", "32.17"]),
        ("yogyakarta", ["34", "34.71"]),
        ("jambi", ["15", "15.71"]),
        ("bengkulu", ["17", "17.71"]),
        ("malang", ["35.73", "35.07"]),
        ("bekasi", ["32.75", "32.16"]),
        ("gorontalo", ["75", "75.71", "75.01"]),
        ("tasik", ["32.78", "32.06"]),
        ("malang jatim", ["35.73", "35.07"]),
    ],
)
def test_ambiguous_names_offer_every_region(
    regions: RegionIndex, query: str, offered: list[str]
) -> None:
    kind, region, candidates = codes(regions, query)
    assert kind == "ambiguous"
    assert region is None
    assert candidates[: len(offered)] == offered


def test_ambiguity_lists_the_exact_names_first_then_extensions(regions: RegionIndex) -> None:
    match = regions.resolve("bandung")
    scores = [c.score for c in match.candidates]
    assert scores[:2] == [100.0, 100.0]
    assert scores[2] < 100


@pytest.mark.parametrize("query", ["qwerty", "springfield", "zzzzz", "asdfghjkl", "kota", "x"])
def test_unknown_names_resolve_to_none(regions: RegionIndex, query: str) -> None:
    assert regions.resolve(query).kind == "none"


def test_none_offers_the_closest_names(regions: RegionIndex) -> None:
    match = regions.resolve("surabayaxyzq")
    assert match.kind == "none"
    assert match.candidates and match.candidates[0].region.code == "35.78"


def test_short_names_are_not_swallowed_by_longer_neighbours(regions: RegionIndex) -> None:
    core_counts: dict[str, int] = {}
    for region in regions.all():
        core_counts[compact(core_name(region))] = core_counts.get(compact(core_name(region)), 0) + 1
    for region in regions.all():
        key = compact(core_name(region))
        match = regions.resolve(core_name(region))
        if core_counts[key] == 1 and not _alias_clash(regions, region.code, key):
            assert match.region is not None and match.region.code == region.code, region


def _alias_clash(regions: RegionIndex, code: str, key: str) -> bool:
    """A core name that is also another region's alias (jakarta, yogyakarta)."""
    return any(
        compact(normalise(alias)) == key
        for other in regions.all()
        if other.code != code
        for alias in other.aliases
    )


def test_every_region_resolves_by_code_and_display_name(regions: RegionIndex) -> None:
    for region in regions.all():
        assert regions.resolve(region.code).region == region
        match = regions.resolve(region.display_name)
        assert (match.kind, match.region) == ("exact", region)


def test_every_alias_resolves_to_its_region(regions: RegionIndex) -> None:
    for region in regions.all():
        for alias in region.aliases:
            match = regions.resolve(alias)
            offered = {c.region.code for c in match.candidates}
            assert (match.region == region) or region.code in offered, alias


def test_get_and_all(regions: RegionIndex) -> None:
    assert regions.get("35.78") is not None
    assert regions.get("99.99") is None
    assert len(regions.all()) == 552
    assert len(regions.provinces()) == 38


def test_allowed_typos_grow_with_length() -> None:
    assert [allowed_typos(n) for n in (3, 4, 5, 7, 8, 12, 13, 30)] == [0, 0, 1, 1, 2, 2, 3, 3]


# --- properties -----------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_resolves_without_error(regions: RegionIndex, text: str) -> None:
    match = regions.resolve(text)
    assert match.kind in ("exact", "fuzzy", "ambiguous", "none")
    scores = [c.score for c in match.candidates]
    assert all(0 <= s <= 100 for s in scores)
    assert scores == sorted(scores, reverse=True)
    if match.kind in ("exact", "fuzzy"):
        assert match.region is not None
    else:
        assert match.region is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    region_index=st.integers(min_value=0, max_value=551),
    position=st.integers(min_value=0, max_value=100),
    edit=st.sampled_from(["drop", "double", "swap", "replace"]),
    letter=st.sampled_from("aeiourstnk"),
)
def test_one_typo_in_a_long_name_still_offers_the_region(
    regions: RegionIndex, region_index: int, position: int, edit: str, letter: str
) -> None:
    index = regions
    region = index.all()[region_index]
    name = core_name(region)
    if len(name.replace(" ", "")) < 8:
        return
    at = 1 + position % (len(name) - 2)
    if edit == "drop":
        typo = name[:at] + name[at + 1 :]
    elif edit == "double":
        typo = name[:at] + name[at] + name[at:]
    elif edit == "swap":
        typo = name[: at - 1] + name[at] + name[at - 1] + name[at + 1 :]
    else:
        typo = name[:at] + letter + name[at + 1 :]
    match = index.resolve(typo)
    offered = {c.region.code for c in match.candidates}
    assert (match.region is not None and match.region.code == region.code) or (
        match.kind == "ambiguous" and region.code in offered
    ), (typo, match.kind, offered)


@pytest.mark.parametrize(
    ("typo", "code_name"),
    [
        # One typo that creates an old-spelling pair (oe, tj) is still one edit.
        ("poewali mandar", "Kabupaten Polewali Mandar"),
        ("aoeh jaya", "Kabupaten Aceh Jaya"),
        ("lamoegan", "Kabupaten Lamongan"),
        ("purwoejo", "Kabupaten Purworejo"),
        ("tjo una una", "Kabupaten Tojo Una Una"),
        ("mojokoerto", "Kota Mojokerto"),
        # The old spelling itself, as written before 1972.
        ("tjiandjoer", "Kabupaten Cianjur"),
    ],
)
def test_typos_near_the_old_spelling_still_find_the_region(
    regions: RegionIndex, typo: str, code_name: str
) -> None:
    match = regions.resolve(typo)
    offered = {c.region.name for c in match.candidates}
    assert (match.region is not None and match.region.name == code_name) or (
        match.kind == "ambiguous" and code_name in offered
    ), (typo, match.kind, offered)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    region_index=st.integers(min_value=0, max_value=551),
    upper=st.booleans(),
    padding=st.sampled_from(["", " ", "  ", "\t"]),
    dots=st.booleans(),
)
def test_case_spacing_and_punctuation_do_not_matter(
    regions: RegionIndex, region_index: int, upper: bool, padding: str, dots: bool
) -> None:
    region = regions.all()[region_index]
    plain = regions.resolve(region.display_name)
    text = region.display_name
    if dots:
        text = text.replace("Kabupaten ", "Kab. ")
    text = text.upper() if upper else text.lower()
    varied = regions.resolve(padding + text + padding)
    assert (varied.kind, varied.region) == (plain.kind, plain.region)
