"""The grammar of each report language, one module per language (``kk``, ``ru``), found by the
report's ``language`` (report.yaml): the words and phrase patterns that the checks read and the
writers use to tell languages apart. Nothing here decides whether a statement holds."""
from __future__ import annotations

from generator.grammar import kk, ru
from generator.grammar.base import Grammar
from generator.terms import language_key

GRAMMARS: dict[str, Grammar] = {"kk": kk.GRAMMAR, "ru": ru.GRAMMAR}


def grammar_for(language: str) -> Grammar | None:
    """The grammar of a language tag (``kk-KZ``, ``ru``), or None when no module gives one."""
    return GRAMMARS.get(language_key(language))
