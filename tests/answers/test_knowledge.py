"""Loading and validating knowledge/kb/*.yaml: errors name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.answers import KnowledgeBase, KnowledgeError, load_knowledge
from bot.core.answers._knowledge import REQUIRED_IDS


def test_the_real_knowledge_base_has_every_required_entry(knowledge: KnowledgeBase) -> None:
    ids = [entry.id for entry in knowledge.entries]
    assert ids[: len(REQUIRED_IDS)] == list(REQUIRED_IDS)
    assert [e.id for e in knowledge.recommendations()] == [f"rec-{n}" for n in range(1, 11)]


def test_every_entry_is_bilingual_and_sourced(knowledge: KnowledgeBase) -> None:
    for entry in knowledge.entries:
        for value in (entry.title, entry.short, entry.full, entry.source):
            assert value.id.strip() and value.en.strip(), entry.id
        assert entry.phrasings and entry.keywords, entry.id
        for language in ("id", "en"):
            assert knowledge.phrasings_by_language[entry.id][language], entry.id
        for related in entry.related:
            assert knowledge.get(related) is not None


def test_recommendation_sources_name_their_number(knowledge: KnowledgeBase) -> None:
    for n in range(1, 11):
        entry = knowledge.get(f"rec-{n}")
        assert entry is not None
        assert f"Rekomendasi {n}," in entry.source.id
        assert f"Recommendation {n}," in entry.source.en


def test_bimtek_reads_the_release_date_as_10_july(knowledge: KnowledgeBase) -> None:
    entry = knowledge.get("bimtek")
    assert entry is not None
    for text in (entry.short.id, entry.full.en):
        assert "7/10/2019" in text
    assert "10-12 Juli 2019" in entry.short.id and "10-12 July 2019" in entry.short.en


def test_unconfirmed_facts_are_not_stated_as_law(knowledge: KnowledgeBase) -> None:
    """Report frequencies are UNCONFIRMED; the DPRD's 45 working days are law (PP 28/2018
    Pasal 30 ayat (4)) and are stated only with that article."""
    for entry in knowledge.entries:
        for text in (entry.short.id, entry.short.en, entry.full.id, entry.full.en):
            lowered = text.casefold()
            if "hari kerja" in lowered or "working days" in lowered:
                assert "45" in lowered, (entry.id, text)
                assert "PP 28/2018" in entry.source.id and "PP 28/2018" in entry.source.en, entry.id
            assert (
                "setiap tahun wajib" not in lowered and "annual report is required" not in lowered
            )


def test_get_unknown_is_none(knowledge: KnowledgeBase) -> None:
    assert knowledge.get("rec-11") is None
    assert knowledge.get("") is None


def _edit(kb_dir: Path, name: str, change: object) -> Path:
    path = kb_dir / "kb" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_loads(kb_copy: Path) -> None:
    assert len(load_knowledge(kb_copy).entries) >= len(REQUIRED_IDS)


def test_missing_field_names_file_and_field(kb_copy: Path) -> None:
    path = _edit(kb_copy, "rec-2", lambda d: d["short"].pop("en"))
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert error.value.path == path
    assert error.value.field == "short.en"
    assert "rec-2.yaml: short.en:" in str(error.value)


def test_empty_text_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "rec-5", lambda d: d["full"].update(id="   "))
    with pytest.raises(KnowledgeError, match=r"rec-5\.yaml: full\.id:"):
        load_knowledge(kb_copy)


def test_wrong_type_names_the_list_item(kb_copy: Path) -> None:
    _edit(kb_copy, "rec-3", lambda d: d["phrasings"]["en"].append({"nested": "mapping"}))
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert error.value.field.startswith("phrasings.en.")
    assert error.value.path.name == "rec-3.yaml"


def test_unknown_field_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "history", lambda d: d.update(shrot={"id": "x", "en": "y"}))
    with pytest.raises(KnowledgeError, match=r"history\.yaml: shrot:"):
        load_knowledge(kb_copy)


def test_unknown_related_entry_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "rec-1", lambda d: d.update(related=["rec-2", "rec-99"]))
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert error.value.field == "related.1"
    assert "rec-99" in str(error.value)


def test_bad_id_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "bimtek", lambda d: d.update(id="Bimtek 2019!"))
    with pytest.raises(KnowledgeError, match=r"bimtek\.yaml: id:"):
        load_knowledge(kb_copy)


def test_duplicate_id_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "bimtek", lambda d: d.update(id="history"))
    with pytest.raises(KnowledgeError, match="duplicate id 'history'"):
        load_knowledge(kb_copy)


def test_missing_required_entry_is_reported(kb_copy: Path) -> None:
    (kb_copy / "kb" / "legal-basis.yaml").unlink()
    with pytest.raises(KnowledgeError, match="'legal-basis' is missing"):
        load_knowledge(kb_copy)


def test_broken_yaml_names_the_line(kb_copy: Path) -> None:
    path = kb_copy / "kb" / "rec-9.yaml"
    path.write_text("id: rec-9\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb_copy)
    assert error.value.path == path
    assert error.value.field.startswith("line ")


def test_a_file_that_is_not_a_mapping(kb_copy: Path) -> None:
    (kb_copy / "kb" / "rec-9.yaml").write_text("just a string\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"rec-9\.yaml: \(entry\): must be a mapping"):
        load_knowledge(kb_copy)


def test_a_file_may_hold_several_entries(kb_copy: Path) -> None:
    kb = kb_copy / "kb"
    first = yaml.safe_load((kb / "rec-9.yaml").read_text(encoding="utf-8"))
    second = yaml.safe_load((kb / "rec-10.yaml").read_text(encoding="utf-8"))
    (kb / "rec-9.yaml").unlink()
    (kb / "rec-10.yaml").write_text(yaml.safe_dump([first, second]), encoding="utf-8")
    loaded = load_knowledge(kb_copy)
    assert loaded.get("rec-9") is not None and loaded.get("rec-10") is not None
    second["keywords"] = {"id": [], "en": ["x"]}
    (kb / "rec-10.yaml").write_text(yaml.safe_dump([first, second]), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"rec-10\.yaml: \[1\]\.keywords\.id:"):
        load_knowledge(kb_copy)


def test_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no knowledge-base files"):
        load_knowledge(tmp_path)


def test_counts(knowledge: KnowledgeBase) -> None:
    counts = knowledge.counts()
    assert counts["entries"] == len(knowledge.entries)
    assert counts["phrasings_id"] + counts["phrasings_en"] == sum(
        len(e.phrasings) for e in knowledge.entries
    )
    assert counts["keywords_en"] > 0
