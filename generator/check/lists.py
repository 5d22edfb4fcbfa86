"""Lists: publications of another year, and items that may say the same thing twice."""
from __future__ import annotations

import re

from generator.check.context import Checks, FileAt, excerpt
from generator.check.counts import counted_by
from generator.grammar.base import Grammar
from generator.model.inputs import ItemList

_QUOTED = re.compile(r"«([^«»]+)»")


def check_publication_years(checks: Checks) -> None:
    """A book or article published in another year does not belong in this year's list."""
    for file in checks.files(history=False):
        for name, item_list in file.section.lists.items():
            for i, item in enumerate(item_list.items):
                if item.year is None or item.year == file.year:
                    continue
                checks.add(file, ("lists", name, "items", i, "year"),
                           f"item {i + 1} was published in {item.year}, not in {file.year} "
                           f"(«{excerpt(item.text)}»){counted_by(checks, file, name)}", f"lists.{name}",
                           "published_other_year", item=str(i + 1), published=str(item.year),
                           year=str(file.year), excerpt=excerpt(item.text))


def check_duplicates(checks: Checks) -> None:
    """Two items of one list with the same text, or naming the same «title»."""
    for file in checks.files(history=False):
        for name, item_list in file.section.lists.items():
            _duplicates_in(checks, file, name, item_list)


def _duplicates_in(checks: Checks, file: FileAt, name: str, item_list: ItemList) -> None:
    texts = [normalise(item.text) for item in item_list.items]
    titles = [_titles(item.text, checks.grammar) for item in item_list.items]
    for j in range(len(texts)):
        for i in range(j):
            values = {"item": str(j + 1), "first": str(i + 1)}
            if texts[i] == texts[j]:
                what, term = f"item {j + 1} repeats item {i + 1} word for word", "duplicate"
            else:
                shared = [title for key, title in titles[i].items() if key in titles[j]]
                if not shared:
                    continue
                what, term = f"items {i + 1} and {j + 1} both name «{shared[0]}»", "duplicate_title"
                values["title"] = shared[0]
            checks.add(file, ("lists", name, "items", j), f"{what}: possible duplicate{counted_by(checks, file, name)}",
                       f"lists.{name}", term, **values)


def normalise(text: str) -> str:
    """Text compared without case, markup, punctuation or extra spaces."""
    letters = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(letters.split())


def _titles(text: str, grammar: Grammar | None) -> dict[str, str]:
    """The quoted titles of an item's text, normalised → as written: a quoted name followed by one of
    the grammar's title words is a title; one followed, within three words, by a stem of its name
    stems names an organisation or a programme (many items can name it without repeating)."""
    text = text.replace("*", "")
    found = {}
    for match in _QUOTED.finditer(text):
        key = normalise(match.group(1))
        if len(key) > 1 and _is_title(text[match.end():], grammar):
            found.setdefault(key, " ".join(match.group(1).split()))
    return found


def _is_title(after: str, grammar: Grammar | None) -> bool:
    if grammar is None:
        return True
    words = [w.strip("().,;:–-").casefold() for w in after.split()[:3]]
    if words and words[0] in grammar.title_words:
        return True
    return not any(w.startswith(grammar.name_stems) for w in words)
