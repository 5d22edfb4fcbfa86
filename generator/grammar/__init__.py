"""The grammar of each report language, one module per language (``kk``, ``ru``), found by the
report's ``language`` (report.yaml): the words and phrase patterns that the checks read and the
writers use to tell languages apart. Nothing here decides whether a statement holds."""
from __future__ import annotations

import inspect

from generator.grammar import kk, ru
from generator.grammar.base import Grammar
from generator.terms import language_key

GRAMMARS: dict[str, Grammar] = {"kk": kk.GRAMMAR, "ru": ru.GRAMMAR}
MODULES = {"kk": kk, "ru": ru}


def grammar_for(language: str) -> Grammar | None:
    """The grammar of a language tag (``kk-KZ``, ``ru``), or None when no module gives one."""
    return GRAMMARS.get(language_key(language))


def phrases(language: str) -> str:
    """The table of ``says:`` phrases a language's module documents (its docstring's indented
    lines: each phrase and the ratio of the two years' figures it allows), for the users' manual."""
    lines = inspect.getdoc(MODULES[language_key(language)]).splitlines()
    return "\n".join(line[4:] for line in lines if line.startswith("    ")).rstrip()
