"""The words the generator adds to the document, per language (``templates/terms/<language>.yaml``).

The report's own words come from the inputs and layout values from the profile; what neither
types (caption labels, the contents' title, «Барлығы», the marks of missing figures, the pattern
of a long date, the phrases comparing two years) comes from here, chosen by ``language:`` in
report.yaml alone. A project's own ``templates/terms/`` may add a language.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


#: A date in the numeric style unless a language's terms write it otherwise: 11.02.2021.
NUMERIC_DATE = "{day:02d}.{month:02d}.{year}"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateWords(_Part):
    long: str                  # {year} {day} {month}
    period_long: str           # {year} {day} {month} {end_day} {end_month}, within one year
    numeric_suffix: str        # after a numeric date written with a suffix: {date:11.02.2021|ж.}
    numeric: str = NUMERIC_DATE   # the numeric style's date (profile dates.style: numeric)


class ChangeWords(_Part):
    times: str                 # {n}: 1,6
    more: str                  # {percent}: 12
    less: str
    same: str


class Terms(_Part):
    """One language's words; ``locale`` is Babel's (numbers, month names)."""
    locale: str
    words: dict[str, str]
    contents: str
    total: str
    money: str                 # {n}: the number of a money figure
    not_filled: str
    no_data: str
    placeholder: str
    dates: DateWords
    change: ChangeWords
    note: str = "{message} ({place})"      # a finding as a Word comment: its words, then its place
    findings: dict[str, str] = {}          # the checks' findings by term ({…}: the finding's values)
    untranslated: str = "[kk] {text}"      # a draft edition's text not translated yet: the Kazakh, marked
    number_sign: str = "№"                 # before a caption's number ({sign} in the profile's captions)
    quotes: str = "«»"                     # the quotation marks the language writes, opening and closing
    appendix_letters: str = ""             # the appendices' letters in its alphabet; empty: the profile's

    def word(self, key_or_text: str) -> str:
        """A label a profile names by key (``table``), or the text itself when it is no key."""
        return self.words.get(key_or_text, key_or_text)

    def finding(self, term: str, values: dict, english: str) -> str:
        """A finding's words with its values; the command line's English when there are none for it."""
        try:
            return self.findings[term].format_map(values)
        except (KeyError, IndexError, ValueError):
            return english


def language_key(language: str) -> str:
    """The terms file's name for a language tag: ``kk-KZ`` → ``kk``."""
    return language.replace("_", "-").split("-")[0].lower()
