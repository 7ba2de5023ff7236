"""The registry's data work with messy input: query strings and form cells never crash it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.admin._registry_data import form_cells, read_query, sql_filter, validate_cells
from bot.agreement_files.formats import COLUMNS, RowError
from bot.app.root import build_regions
from bot.config import Settings, bundled_knowledge_dir
from bot.core.models import Agreement

REGIONS = build_regions(
    Settings(database_url="sqlite://", knowledge_dir=bundled_knowledge_dir(), admins=frozenset())
)
MESSY = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)


@given(
    st.dictionaries(
        st.sampled_from(["q", "province", "country", "stage", "overdue", "page", "x"]), MESSY
    )
)
def test_any_query_string_reads_as_a_bounded_query(params: dict[str, str]) -> None:
    query = read_query(params)
    assert len(query.q) <= 120 and query.page >= 1
    assert query.province == "" or (query.province.isdigit() and len(query.province) == 2)
    where = sql_filter(query, REGIONS)
    assert where.text == query.q


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(list(COLUMNS)), MESSY))
def test_any_form_is_an_agreement_or_errors_named_by_column(form: dict[str, str]) -> None:
    parsed = validate_cells(form_cells(form), REGIONS)
    if isinstance(parsed, Agreement):
        assert parsed.partner and parsed.region_code
    else:
        assert parsed and all(isinstance(e, RowError) for e in parsed)
        assert all(e.column in (*COLUMNS, None) for e in parsed)


def test_a_valid_form_becomes_the_agreement() -> None:
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        region="kota surabaya",
        partner="  Kochi ",
        country="Japan",
        kind="sister city",
        stage="active",
        next_report_due="2027-04-14",
    )
    parsed = validate_cells(cells, REGIONS)
    assert isinstance(parsed, Agreement)
    assert (parsed.region_code, parsed.partner, str(parsed.next_report_due)) == (
        "35.78",
        "Kochi",
        "2027-04-14",
    )
