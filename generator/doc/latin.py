"""The Kazakh edition in the Latin alphabet (``--edition kk-Latn``): the built document and the
generator's own words written letter for letter by the table of templates/alphabets/kk-Latn.yaml
(the 2021 alphabet; the file cites its source).

Only what is Kazakh is written anew: a passage that ``generator.doc.languages.segments`` tells is in
another language (Russian, English, Korean) stays as written. Pure: the document given is not
changed, a new one is returned.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import yaml

from generator.doc.languages import ENGLISH, WORD, segments
from generator.doc.languages import in_latin_letters as is_latin  # noqa: F401 (re-exported)
from generator.resources import TEMPLATES_DIR

EDITION = "kk-Latn"                  # the edition's name on the command line and in output names
LANGUAGE = "kk-Latn-KZ"              # the document's language tag in the Latin edition
TABLE = TEMPLATES_DIR / "alphabets" / f"{EDITION}.yaml"
#: Fields that name things rather than say them: never rewritten.
_NAMES = frozenset({"path", "anchor", "kind", "role", "align", "number_format", "source", "sources",
                    "title_source", "language", "forms"})
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


@lru_cache(maxsize=1)
def letters() -> dict[str, str]:
    """Each Cyrillic letter, upper and lower case, and what the 2021 alphabet writes for it."""
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    table = {}
    for upper, latin in data["letters"].items():
        table[upper] = latin
        table[upper.lower()] = latin.lower()
    table.update(data.get("lowercase") or {})
    return table


def transliterate(text: str, language: str = "kk-KZ") -> str:
    """``text`` with its passages in ``language`` (the Cyrillic report's) in Latin letters and the
    others as written."""
    return "".join(_word_by_word(piece) if tag == language else piece for piece, tag in segments(text, language))


def _word_by_word(text: str) -> str:
    return _CYRILLIC_WORD.sub(lambda m: _word(m.group()), text)


def _word(word: str) -> str:
    """One Cyrillic word in Latin letters; a letter written by two is all capitals in a word in capitals."""
    table = letters()
    shouted = len(word) > 1 and word.isupper()
    out = []
    for letter in word:
        latin = table.get(letter, letter)
        out.append(latin.upper() if shouted and letter.isupper() else latin)
    return "".join(out)


def document(doc, language: str = "kk-KZ"):
    """A copy of the document model with every text written in Latin letters, its language tag
    the edition's and its English words named (``Meta.english``: told from their letters before
    the Kazakh ones are written in the same letters); drawn images, anchors and sources as they were."""
    latin = _rewrite(doc, language)
    latin.meta = dataclasses.replace(latin.meta, language=LANGUAGE, english=english_words(doc, language))
    return latin


def english_words(doc, language: str = "kk-KZ") -> frozenset[str]:
    """The words of the Cyrillic document that are English (``segments`` tells them by their
    letters), less any its transliteration writes too (a Kazakh word spelled the same stays Kazakh)."""
    english, made = set(), set()
    for text in strings(doc):
        for piece, tag in segments(text, language):
            if tag == ENGLISH:
                english.update(WORD.findall(piece))
            elif tag == language:
                made.update(WORD.findall(_word_by_word(piece)))
    return frozenset(english - made)


def strings(value):
    """Every text of ``value`` (a dataclass of the model, a list, a dict or a string) that a
    transliteration writes anew, in reading order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.init and f.name not in _NAMES:
                yield from strings(getattr(value, f.name))


def _rewrite(value, language: str):
    """``value`` (a dataclass of the model, a list, a dict or a string) with its texts transliterated."""
    if isinstance(value, str):
        return transliterate(value, language)
    if isinstance(value, list):
        return [_rewrite(item, language) for item in value]
    if isinstance(value, dict):
        return {key: _rewrite(item, language) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _rewrite(getattr(value, f.name), language)
                                             for f in dataclasses.fields(value)
                                             if f.init and f.name not in _NAMES})
    return value


def terms(words, language: str = "kk-KZ"):
    """The generator's own words (a ``generator.terms.Terms``) in Latin letters; its locale kept
    (Babel has no Latin Kazakh: numbers are grouped as in Kazakh, month names are transliterated
    with the document)."""
    data = words.model_dump()
    locale = data.pop("locale")
    return type(words).model_validate({**_rewrite(data, language), "locale": locale})
