"""Edits typed into DOCX files through LibreOffice Writer's UNO API, as a reviewer's Writer makes them.

Run by Debian's /usr/bin/python3 (the one with `import uno`), not the project's venv:

    /usr/bin/python3 tests/uno/edit.py PIPE_NAME < jobs.json > results.json

It talks to an office started with ``--accept=pipe,name=PIPE_NAME;urp;`` (tests/uno/office.py starts
and stops it). ``jobs.json`` is a list of ``{"source", "target", "track", "edits": [...]}``; each job's
DOCX is opened with a view (Hidden=False, as a person's Writer has it), its edits made one by one
through the view and the dispatcher (select, then .uno:InsertText / .uno:InsertPara / .uno:Delete,
as keys typed), the tracked changes accepted when ``track`` is set, and the document saved as
«MS Word 2007 XML». Each edit is one of:

- ``{"op": "type", "find": CONTEXT, "at": I, "length": N, "expect": E, "text": T}``: select N
  characters from offset I of the text CONTEXT (found once outside the contents, tables included),
  and if they read E, type T;
- ``{"op": "cell", "cells": TEXTS, "row": R, "col": C, "expect": E, "at", "length", "text"}``: as
  ``type``, in the cell (R, C) holding E of the table whose non-empty cells are TEXTS (sorted);
- ``{"op": "enter", "find": CONTEXT, "text": T}``: the end of CONTEXT's paragraph, Enter, type T;
- ``{"op": "delete", "find": CONTEXT, "expect": E}``: select CONTEXT's paragraph (reading E) with
  its end and delete it;
- ``{"op": "comment", "find": CONTEXT, "text": T}``: a comment on CONTEXT;
- ``{"op": "chart", "data": ROWS, "row": R, "col": C, "value": V}``: in the chart whose data array
  is ROWS, the value at (R, C) set to V (Edit Data's table, through XChartDataArray);
- ``{"op": "footnote", "find": CONTEXT, "at", "length", "expect", "text"}``: as ``type``, in the
  footnote whose text holds CONTEXT.

The result is one JSON list, per job ``{"target", "done": [true | "why not"]}``: an edit whose
CONTEXT is not found once, or whose selection does not read as expected, is not made and says so,
so the caller never judges an edit that was not made.
"""
from __future__ import annotations

import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

LO_EMPTY = 2.2250738585072014e-308     # how a chart's data array shows an empty cell (DBL_MIN)


class NotMade(Exception):
    """An edit not made, and why: its text is not where it should be."""


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, wait: float = 60.0):
    """The office's desktop, waiting for the office to accept connections."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    return desktop, dispatcher


class Editor:
    """One open document with its view, and the keys a person presses in it."""

    def __init__(self, desktop, dispatcher, path: str):
        url = uno.systemPathToFileUrl(path)
        self.doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", False),))
        self.view = self.doc.getCurrentController()
        self.frame = self.view.getFrame()
        self.dispatcher = dispatcher

    def uno(self, command: str, **args) -> None:
        self.dispatcher.executeDispatch(self.frame, f".uno:{command}", "", 0,
                                        tuple(prop(k, v) for k, v in args.items()))

    def select(self, rng) -> None:
        self.view.select(rng)

    def find(self, context: str, searchable=None):
        """The one range showing ``context`` (else NotMade says why)."""
        searchable = searchable or self.doc
        desc = searchable.createSearchDescriptor()
        desc.SearchString = context
        desc.SearchCaseSensitive = True
        ranges = searchable.findAll(desc)
        found = [r for r in map(ranges.getByIndex, range(ranges.getCount())) if not in_index(r)]
        if len(found) != 1:
            raise NotMade(f"found {len(found)} times outside the contents: {context!r}")
        return found[0]

    def span(self, found, at: int, length: int):
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.goRight(at, False)
        cursor.goRight(length, True)
        return cursor

    def type_over(self, found, at: int, length: int, text: str, expect: str):
        """Select ``length`` characters from ``at`` and type ``text`` over them, if they are ``expect``."""
        span = self.span(found, at, length)
        if expect is not None and span.getString() != expect:
            raise NotMade(f"selected {span.getString()!r}, not {expect!r}")
        self.select(span)
        if text:
            self.uno("InsertText", Text=text)
        else:
            self.uno("Delete")
        return True

    def op_type(self, e):
        found = self.find(e["find"])
        return self.type_over(found, e["at"], e["length"], e["text"], e.get("expect"))

    def op_cell(self, e):
        """The table whose cells hold ``cells``, its cell at (row, col) as Word's XML counts them."""
        for k in range(self.doc.getTextTables().getCount()):
            table = self.doc.getTextTables().getByIndex(k)
            names = table.getCellNames()
            texts = sorted(s for s in (table.getCellByName(n).getString() for n in names) if s.strip())
            if texts != e["cells"]:
                continue
            name = f"{column_name(e['col'])}{e['row'] + 1}"
            if name not in names:
                raise NotMade(f"no cell {name}")
            cell = table.getCellByName(name)
            if cell.getString() != e["expect"]:
                raise NotMade(f"cell {name} holds {cell.getString()!r}")
            return self.type_over(cell.getStart(), e["at"], e["length"], e["text"], None)
        raise NotMade("no table holds those cells")

    def op_enter(self, e):
        found = self.find(e["find"])
        cursor = found.getText().createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        self.select(cursor)
        self.uno("InsertPara")
        self.uno("InsertText", Text=e["text"])
        return True

    def op_delete(self, e):
        found = self.find(e["find"])
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.gotoStartOfParagraph(False)
        cursor.gotoEndOfParagraph(True)
        if cursor.getString() != e["expect"]:
            raise NotMade(f"the paragraph is {cursor.getString()!r}")
        if not cursor.goRight(1, True):
            raise NotMade("the paragraph is the last one")
        self.select(cursor)
        self.uno("Delete")
        return True

    def op_comment(self, e):
        found = self.find(e["find"])
        self.select(found)
        self.uno("InsertAnnotation", Text=e["text"], Author="Reviewer")
        return True

    def op_chart(self, e):
        for name in self.doc.getEmbeddedObjects().getElementNames():
            chart = self.doc.getEmbeddedObjects().getByName(name).getEmbeddedObject()
            data = getattr(chart, "getData", None) and chart.getData()
            if data is None:
                continue
            rows = [[None if v == LO_EMPTY else v for v in row] for row in data.getData()]
            at = (e["row"], e["col"]) if rows == e["data"] else (e["col"], e["row"]) \
                if [list(c) for c in zip(*rows)] == e["data"] else None
            if at:
                changed = [list(row) for row in data.getData()]
                changed[at[0]][at[1]] = float(e["value"])
                data.setData(tuple(tuple(row) for row in changed))
                chart.setModified(True)
                return True
        raise NotMade("no chart holds that data")

    def op_footnote(self, e):
        notes = self.doc.getFootnotes()
        for i in range(notes.getCount()):
            note = notes.getByIndex(i)
            if e["find"] in note.getString():
                cursor = note.createTextCursor()
                cursor.gotoStart(False)
                cursor.goRight(note.getString().index(e["find"]), False)
                return self.type_over(cursor, e["at"], e["length"], e["text"], e["expect"])
        raise NotMade("no footnote holds " + repr(e["find"]))

    def save(self, target: str) -> None:
        self.doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))

    def close(self) -> None:
        self.doc.close(True)


def in_index(rng) -> bool:
    """Whether a range lies in a generated index (the contents), which a person does not type in."""
    try:
        return rng.getPropertyValue("DocumentIndex") is not None
    except Exception:       # a range without that property (a footnote's, a cell's) is in no index
        return False


def column_name(index: int) -> str:
    """Writer's name of a table's column: A … Z, then a … z."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[index]


def made(editor: Editor, edit: dict):
    """True when the edit is made, else why not (an office's error is a reason too, not a stop)."""
    try:
        return getattr(editor, "op_" + edit["op"])(edit)
    except NotMade as e:
        return str(e)
    except Exception as e:       # the office's own exceptions (uno.RuntimeException, …) have no common base here
        return f"{type(e).__name__}: {e}"


def run_job(desktop, dispatcher, job) -> dict:
    editor = Editor(desktop, dispatcher, job["source"])
    try:
        if job.get("track"):
            editor.doc.RecordChanges = True
        # comments last: the view's focus stays in a new comment, where later typing would go
        order = sorted(range(len(job["edits"])), key=lambda i: job["edits"][i]["op"] == "comment")
        done = dict((i, made(editor, job["edits"][i])) for i in order)
        done = [done[i] for i in range(len(job["edits"]))]
        if job.get("track"):
            editor.uno("AcceptAllTrackedChanges")
            editor.doc.RecordChanges = False
        editor.save(job["target"])
    finally:
        editor.close()
    return {"target": job["target"], "done": done}


def main() -> None:
    desktop, dispatcher = connect(sys.argv[1])
    jobs = json.load(sys.stdin)
    json.dump([run_job(desktop, dispatcher, job) for job in jobs], sys.stdout, ensure_ascii=False)
    sys.stdout.flush()
    os._exit(0)         # the UNO bridge may crash as the interpreter tears it down, after all is done


if __name__ == "__main__":
    main()
