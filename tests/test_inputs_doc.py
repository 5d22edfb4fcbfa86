"""docs/inputs.md, the input reference: every field of every input file is in it, and its `says:`
phrases are the grammar modules' own (``UPDATE_GOLDEN=1`` writes them in again after a change)."""
from __future__ import annotations

import os
import re

import pytest

from generator.grammar import GRAMMARS, phrases
from generator.model.inputs import ReportInfo, Section
from tests.small_inputs import PROJECT

DOC = PROJECT / "docs" / "inputs.md"


def field_names(schema: dict) -> set[str]:
    """Every property name of a JSON schema, at any depth."""
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@pytest.mark.parametrize("model", [ReportInfo, Section])
def test_every_field_of_every_input_file_is_described(model):
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in field_names(model.model_json_schema(by_alias=True)) if f"`{name}`" not in text)
    assert missing == []


def block(language: str) -> re.Pattern:
    return re.compile(rf"(<!-- says:{language} begin -->\n```text\n)(.*?)(\n```\n<!-- says:{language} end -->)", re.S)


@pytest.mark.parametrize("language", sorted(GRAMMARS))
def test_the_says_phrases_are_printed_from_the_grammar_module(language):
    text = DOC.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        text = block(language).sub(lambda m: m.group(1) + phrases(language) + m.group(3), text)
        DOC.write_text(text, encoding="utf-8")
    found = block(language).search(text)
    assert found and found.group(2) == phrases(language)


@pytest.mark.parametrize("language", sorted(GRAMMARS))
def test_the_documented_words_of_a_rise_and_a_fall_are_the_ones_the_grammar_reads(language):
    grammar = GRAMMARS[language]
    for line in phrases(language).splitlines():
        words, _, ratio = line.rpartition("  ")
        pattern = {"r > 1": grammar.up, "r < 1": grammar.down}.get(ratio.strip())
        for word in re.sub(r"\(.*?\)", "", words).split(",") if pattern else ():
            assert pattern.search(word.strip()), (language, word)


def test_the_readme_links_the_input_reference():
    assert "docs/inputs.md" in (PROJECT / "README.md").read_text(encoding="utf-8")
