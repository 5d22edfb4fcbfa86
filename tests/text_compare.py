"""Compare the words of the seed report with the words a generated file reads back."""
from __future__ import annotations

import re
from collections import Counter

MONTHS = "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
_DATES = [
    re.compile(rf"\b\d{{4}} жылғы \d{{1,2}} (?:{MONTHS})\w*(?: [–-] \d{{1,2}} (?:{MONTHS})\w*)?", re.I),
    re.compile(r"\b\d{1,2}\.\d{2}\.\d{2}(?:\d{2})?\b(?: ж\.?)?"),
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\w*(?: күні)?", re.I),
]
_GROUPED = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    """Lower-case words with dates removed and digit groups joined (215 625 → 215625)."""
    text = text.replace("\u00ad", "").replace("**", "")
    text = _GROUPED.sub("", text)
    for pattern in _DATES:
        text = pattern.sub(" ", text)
    return Counter(w.lower() for w in _WORD.findall(text))


def coverage(seed: str, produced: str) -> tuple[float, Counter]:
    """Share of the seed's words (with repeats) found in the produced text, and the missing ones."""
    want, have = words(seed), words(produced)
    missing = want - have
    total = sum(want.values())
    return 1 - sum(missing.values()) / total, missing
