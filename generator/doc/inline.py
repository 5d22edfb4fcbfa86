"""Inline markup of the inputs' text: **bold** and *italic*; anything unpaired stays literal."""
from __future__ import annotations

import re

from generator.doc.model import Emphasis, Inline, Strong, Text

_SPACES = re.compile(r"[ \t\r\n]+")


def squash(text: str) -> str:
    """Fold runs of ordinary white space (line breaks of YAML text) to one space; keep no-break spaces."""
    return _SPACES.sub(" ", text).strip()


_TOKEN = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![\*\w])", re.S)


def parse_inline(text: str) -> list[Inline]:
    """Split text into spans: ``**a**`` → Strong, ``*a*`` → Emphasis, the rest plain."""
    spans: list[Inline] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            spans.append(Text(text[pos:match.start()]))
        if match.group(1) is not None:
            spans.append(Strong(parse_inline(match.group(1))))
        else:
            spans.append(Emphasis([Text(match.group(2))]))
        pos = match.end()
    if pos < len(text):
        spans.append(Text(text[pos:]))
    return spans
