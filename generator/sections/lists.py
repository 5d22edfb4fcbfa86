"""Lists of the inputs → list blocks, each item with its date and closing punctuation."""
from __future__ import annotations

from generator.doc.inline import parse_inline, squash
from generator.doc.model import ListBlock, ListItem, Text
from generator.model.inputs import Item, ItemList
from generator.sections.context import Context
from generator.model.refs import Gap, RefError


def build_list(name: str, data: ItemList, key: str, ctx: Context) -> ListBlock | None:
    """Items (and their sub-items) with a date or period appended unless the text places it; with
    ``punctuation``, each ends with ';', an item before its sub-items with ':', the last with '.'.

    An empty list is not filled in yet, unless a figure that counts it says 0: then the year had
    none, and the list is left out."""
    if not data.items and _counted_as_none(name, key, ctx):
        return None
    if not data.items:
        ctx.resolver.unfilled.setdefault(Gap(key, ("lists", name), ctx.report.year))
        return ListBlock(data.style, [ListItem([Text(ctx.resolver.marks.not_filled, gap=True)], source=ctx.source(key, ("lists", name)))])
    return _items(data.style, data, data.items, ("lists", name), key, ctx, ends=True)


def _items(style: str, data: ItemList, items: list[Item], path: tuple, key: str, ctx: Context,
           ends: bool) -> ListBlock:
    """A list block of ``items`` (at ``path``); ``ends``: its last item ends the whole list."""
    out = []
    for i, item in enumerate(items):
        here = (*path, "items", i)
        last = ends and i == len(items) - 1
        text = _item_text(item, key, here, ctx)
        if data.punctuation:
            text = _close(text, last and not item.items, opens=bool(item.items))
        sublist = _items(data.sub_style, data, item.items, here, key, ctx, last) if item.items else None
        out.append(ListItem(parse_inline(text), source=ctx.source(key, (*here, "text")), sublist=sublist))
    return ListBlock(style, out)


def _item_text(item: Item, key: str, path: tuple, ctx: Context) -> str:
    """An item's text, references filled in, its date or period appended unless the text places it."""
    local = item_locals(item, ctx)
    text = ctx.marked(item.text, key, (*path, "text"), local)
    for name, shown in local.items():
        if name in ("date", "period") and "{" + name + "}" not in item.text:
            text = f"{text.rstrip()} ({shown})"
    return squash(text)


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


def item_locals(item: Item, ctx: Context) -> dict[str, str]:
    """The values a list item's text may refer to: {date}, {period}, {anniversary}."""
    local = {}
    if item.date:
        local["date"] = ctx.resolver.date(item.date)
    if item.period:
        local["period"] = ctx.resolver.period(item.period.start, item.period.end)
    if item.anniversary is not None:
        local["anniversary"] = str(item.anniversary)
    return local


def _close(text: str, last: bool, opens: bool = False) -> str:
    """A list item's end: ';' between items, ':' before sub-items, '.' after the last, kept if
    the text has its own."""
    text = text.rstrip(" ;,")
    if opens:
        return text if text.endswith((":", ".", "!", "?", "…")) else text + ":"
    if last:
        return text if text.endswith((".", "!", "?", "…")) else text + "."
    return text if text.endswith((".", "!", "?", "…", ":")) else text + ";"
