"""Which language each stretch of a text is in, so the writers can mark it (spelling, hyphenation,
fonts): the report's own language (report.yaml's ``language``) unless its letters say otherwise.

A word with Hangul is Korean; a word of Latin letters is English; in a report written in a
language with letters of its own beside the Cyrillic alphabet Russian uses (Kazakh: Ә Ғ Қ …),
three or more Cyrillic words in a row without any of them, one with a Russian ending or a
Russian little word among them, are Russian. Everything else, names included, is the report's.
In a report in another language (the Russian and English editions of a Kazakh report), a word
with Kazakh's own letters is Kazakh; in one not written in Cyrillic letters (English), the other
Cyrillic words are Russian as above and else Kazakh, the language the report is translated from.
In a report in Latin letters (the Kazakh edition ``kk-Latn``) a Cyrillic word is Russian and a
Latin word the report's, unless it is one of the ``english`` words given (those the Cyrillic text
wrote in Latin letters: ``generator.doc.latin`` finds them before it transliterates).
The letters, endings and little words are each language's grammar (generator/grammar/).
"""
from __future__ import annotations

import re

from generator.grammar import grammar_for, kk, ru

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: A gap between words that ends a passage: quotes, brackets, a colon, a dash, a number, a sentence.
BREAK = re.compile(r"[«»\"“”„()\[\]:;/—–\d]|\.\s")
KOREAN, ENGLISH, RUSSIAN, KAZAKH = "ko-KR", "en-US", "ru-RU", "kk-KZ"
EAST_ASIAN = {KOREAN}      # languages Word sets in its East Asian font
#: Russian's grammar (generator/grammar/ru.py): the endings and little words that tell it.
_RUSSIAN = ru.GRAMMAR
MIN_RUSSIAN_WORDS = 3
#: Kazakh's own letters (generator/grammar/kk.py), which tell a Kazakh word in another language's text.
_KAZAKH_LETTERS = kk.GRAMMAR.own_letters
_NEUTRAL = "cyrillic"     # a Cyrillic word the report's language and Russian share


def segments(text: str, language: str, english: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """``text`` cut where its language changes: (piece, language tag) in order, the pieces joined
    give ``text``; ``language`` is the report's; ``english``: in a report in Latin letters, the
    words that are English (``Meta.english``). The gap between two words of one language is
    theirs, unless it ends a passage (BREAK); any other gap is the report's."""
    words = [(m.start(), m.end(), _word_language(m.group(), language, english)) for m in WORD.finditer(text)]
    breaks = [i == 0 or bool(BREAK.search(text[words[i - 1][1]:start])) for i, (start, _, _) in enumerate(words)]
    tags = _russian_runs(text, words, breaks, language)
    pieces: list[tuple[str, str]] = []
    end = 0
    for i, (start, stop, _) in enumerate(words):
        gap_tag = tags[i] if not breaks[i] and tags[i - 1] == tags[i] else language
        _append(pieces, text[end:start], gap_tag)
        _append(pieces, text[start:stop], tags[i])
        end = stop
    _append(pieces, text[end:], language)
    return pieces


def _word_language(word: str, language: str, english: frozenset[str]) -> str:
    """One word's language by its letters: Korean, English, the report's, or not told (_NEUTRAL)."""
    if HANGUL.search(word):
        return KOREAN
    if LATIN.search(word) and not CYRILLIC.search(word):
        return language if in_latin_letters(language) and word not in english else ENGLISH
    if in_latin_letters(language):
        return RUSSIAN
    grammar = grammar_for(language)
    own = grammar.own_letters if grammar else None
    if own and CYRILLIC.search(word) and not own.intersection(word):
        return _NEUTRAL
    if not own and _KAZAKH_LETTERS.intersection(word):
        return KAZAKH
    if grammar is None and CYRILLIC.search(word):
        return _NEUTRAL
    return language


def in_latin_letters(language: str) -> bool:
    """Whether a language tag names a language written in Latin letters here (``kk-Latn-KZ``):
    then a Latin word is the report's and a Cyrillic one Russian."""
    return "-latn" in language.replace("_", "-").lower()


def subtags(tag: str) -> tuple[str, str, str]:
    """A language tag's language, script and region (BCP 47; '' for one not given):
    ``kk-Latn-KZ`` → ("kk", "Latn", "KZ"), ``ru_RU`` → ("ru", "", "RU")."""
    language, *rest = tag.replace("_", "-").split("-")
    script = next((part.title() for part in rest if len(part) == 4 and part.isalpha()), "")
    region = next((part.upper() for part in rest if len(part) == 2 and part.isalpha()), "")
    return language.lower(), script, region


def written_tag(tag: str) -> str:
    """A language tag as an HTML page's or a PDF's lang says it: the language and its script, not
    the region (``kk-KZ`` → ``kk``, ``kk-Latn-KZ`` → ``kk-Latn``, ``en-US`` → ``en``)."""
    language, script, _ = subtags(tag)
    return f"{language}-{script}" if script else language


def _russian_runs(text: str, words: list[tuple[int, int, str]], breaks: list[bool],
                  language: str) -> list[str]:
    """Each word's tag, runs of MIN_RUSSIAN_WORDS or more neutral words (no BREAK between them)
    with a Russian sign made Russian and the other neutral words the report's (Kazakh in a
    report whose language has no grammar here: English)."""
    tags = [tag for _, _, tag in words]
    i = 0
    while i < len(tags):
        if tags[i] != _NEUTRAL:
            i += 1
            continue
        j = i + 1
        while j < len(tags) and tags[j] == _NEUTRAL and not breaks[j]:
            j += 1
        found = [text[start:stop].lower() for start, stop, _ in words[i:j]]
        russian = j - i >= MIN_RUSSIAN_WORDS and any(_russian_sign(w) for w in found)
        tags[i:j] = [RUSSIAN if russian else language if grammar_for(language) else KAZAKH] * (j - i)
        i = j
    return tags


def _russian_sign(word: str) -> bool:
    return word in _RUSSIAN.little_words or (len(word) > 4 and word.endswith(_RUSSIAN.endings))


def _append(pieces: list[tuple[str, str]], text: str, tag: str) -> None:
    """Add a piece, joined to the last one when they share a language."""
    if not text:
        return
    if pieces and pieces[-1][1] == tag:
        pieces[-1] = (pieces[-1][0] + text, tag)
    else:
        pieces.append((text, tag))
