"""What every language's grammar module gives the checks and the writers: one ``Grammar``."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: A pattern that matches nothing: a grammar part a language does not have.
NOTHING = re.compile(r"(?!)")


@dataclass(frozen=True)
class Grammar:
    """One language's words and phrase patterns as the checks read them; the logic stays in the checks.

    ``times`` and ``percent`` find a size of change: the group ``n`` is the number (digits or a
    word of ``numbers``), and ``about``, ``atleast``, ``nearly`` or ``more`` is set when the phrase
    hedges it. ``up``, ``down`` and ``same`` find the direction of a change.
    """
    numbers: Mapping[str, float]
    times: re.Pattern
    percent: re.Pattern
    up: re.Pattern
    down: re.Pattern
    same: re.Pattern
    folds: Mapping[str, str] = field(default_factory=dict)   # letters read as others: ё as е
    title_words: frozenset[str] = frozenset()      # after a «quoted name»: it is a title
    name_stems: tuple[str, ...] = ()               # near a «quoted name»: it names an organisation
    own_letters: frozenset[str] = frozenset()      # letters Russian's Cyrillic lacks
    endings: tuple[str, ...] = ()                  # word endings that tell the language
    little_words: frozenset[str] = frozenset()     # short words that tell the language

    def fold(self, text: str) -> str:
        """``text`` without case, with the folded letters replaced and single spaces."""
        text = text.casefold()
        for letter, read_as in self.folds.items():
            text = text.replace(letter, read_as)
        return " ".join(text.split())

    def number(self, raw: str) -> float:
        """The value of a number as written: a word of ``numbers``, or digits with a decimal comma."""
        return float(self.numbers[raw]) if raw in self.numbers else float(raw.replace(",", "."))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so «он алты» wins over «он»), spaces as \\s+."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def whole_words(pattern: str) -> re.Pattern:
    """``pattern`` as whole words only."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


def compounds(units: Mapping[str, int], tens: Mapping[str, int]) -> dict[str, int]:
    """Number words up to 99: the units, the tens and each ten followed by a unit («жиырма бес»)."""
    return {**units, **tens, **{f"{t} {u}": tv + uv for t, tv in tens.items() for u, uv in units.items()}}
