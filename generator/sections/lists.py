"""Lists of the inputs → list blocks, each item with its date and closing punctuation."""
from __future__ import annotations

from generator.doc.inline import parse_inline, squash
from generator.doc.model import ListBlock, ListItem, Text
from generator.model.inputs import Item, ItemList
from generator.sections.context import Context
from generator.model.refs import Gap, RefError


def build_list(name: str, data: ItemList, key: str, ctx: Context) -> ListBlock | None:
    """Items ending with ';', the last with '.'; a date or period appended unless the text places it.

    An empty list is not filled in yet, unless a figure that counts it says 0: then the year had
    none, and the list is left out."""
    if not data.items and _counted_as_none(name, key, ctx):
        return None
    if not data.items:
        ctx.resolver.unfilled.setdefault(Gap(key, ("lists", name), ctx.report.year))
        return ListBlock(data.style, [ListItem([Text(ctx.resolver.marks.not_filled, gap=True)], source=ctx.source(key, ("lists", name)))])
    items = []
    last = len(data.items) - 1
    for i, item in enumerate(data.items):
        path = ("lists", name, "items", i)
        local = _locals(item, ctx)
        text = ctx.marked(item.text, key, (*path, "text"), local)
        for name_, shown in local.items():
            if name_ in ("date", "period") and "{" + name_ + "}" not in item.text:
                text = f"{text.rstrip()} ({shown})"
        text = _close(squash(text), i == last)
        items.append(ListItem(parse_inline(text), source=ctx.source(key, (*path, "text"))))
    return ListBlock(data.style, items)


def _counted_as_none(name: str, key: str, ctx: Context) -> bool:
    """Whether a figure of the file that counts the list ``name`` is 0 this year."""
    stack = list(ctx.report.sections[key].figures.values())
    while stack:
        figure = stack.pop()
        stack.extend(figure.parts)
        if figure.counts == name:
            try:
                if ctx.resolver.figure_value(figure, key, ctx.report.year) == 0:
                    return True
            except RefError:
                continue
    return False


def _locals(item: Item, ctx: Context) -> dict[str, str]:
    local = {}
    if item.date:
        local["date"] = ctx.resolver.date(item.date)
    if item.period:
        local["period"] = ctx.resolver.period(item.period.start, item.period.end)
    if item.anniversary is not None:
        local["anniversary"] = str(item.anniversary)
    return local


def _close(text: str, last: bool) -> str:
    """A list item's end: ';' between items, '.' after the last, kept if the text has its own."""
    text = text.rstrip(" ;,")
    if last:
        return text if text.endswith((".", "!", "?", "…")) else text + "."
    return text if text.endswith((".", "!", "?", "…", ":")) else text + ";"
