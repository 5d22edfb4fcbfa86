"""A bounded mutation fuzz of the inputs (`check`) and of a reviewed DOCX (`review`): whatever the
mutation, one plain line per problem naming a file, exit 0 or 1, never a traceback or an internal
error, and no run slow.

The seed is fixed and the campaign small enough for CI; ``FUZZ_RUNS`` scales it (e.g.
``FUZZ_RUNS=2000 pytest tests/test_fuzz_inputs.py``), and ``python -m tests.test_fuzz_inputs
[runs]`` prints the counts of a campaign.
"""
from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests import hostile_docx as hostile
from tests.small_inputs import write_inputs
from tests.test_review_apply import MUSEUM

RUNS = int(os.environ.get("FUZZ_RUNS", "0") or 0)
SLOW = 3.0                  # CPU seconds: a run over it is slow (the small report checks in a fraction)
SEED = 22

#: The review tests' small report, with a percent, a period, a bare list item and a list in date order.
SECTION = (MUSEUM.replace("      - {id: extra, label: Қосымша қор, value: 100}\n",
                          "      - {id: extra, label: Қосымша қор, value: 100}\n  share: {value: 12.5, unit: percent}\n")
           .replace("  halls:\n    items:", "  halls:\n    in_date_order: true\n    items:")
           .replace('      - {text: "«**Екінші**» зал"}',
                    '      - text: "«**Екінші**» зал"\n        period: {start: 01.06.2021, end: 02.06.2021}')
           .replace("      - {text: Үшінші зал}", "      - Үшінші зал"))

#: Pieces a mutation puts in: YAML 1.1's number forms, YAML's own marks, invisible characters.
PIECES = ["017", "0x1F", "0o17", "1:30", "12_5", "yes", "No", "on", "OFF", "y", "~", ".inf", "-.nan", "1e3",
          "2021-02-31", "31.02.2021", "!!python/object:os.system", "!!binary AAAA", "&a", "*a", "<<: *a",
          "? ", "- ", ": ", "{", "}", "[", "]", "'", '"', "|", ">", "#", "%", "@", "`", "\t", "\\", "\n",
          "\u202e", "\u2029", "\u200b", "\ufeff", "\x07", "\x00", "\x85", "\ue000", "{visitors}", "{nowhere}",
          "{holdings.main}", "9" * 25, "-5", "a" * 1200, "[" * 200]


@dataclass
class Counts:
    """A campaign's outcome: runs, and the runs that broke a promise (with the first few)."""
    runs: int = 0
    tracebacks: int = 0
    bad_exit: int = 0
    unplaced: int = 0
    silent: int = 0
    slow: int = 0
    examples: list[str] = field(default_factory=list)

    def broken(self, kind: str, what: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {what[:600]}")

    def line(self, name: str) -> str:
        return (f"{name}: {self.runs} runs, {self.tracebacks} tracebacks or internal errors, {self.bad_exit} other "
                f"exit codes, {self.unplaced} problem lines naming no file, {self.silent} old number forms taken "
                f"silently, {self.slow} slow runs")


#: YAML 1.1's number forms, and the fields where yes/no words are meant as yes/no.
OLD_FORMS = {"017", "0x1F", "0o17", "1:30", "12_5", "yes", "No", "on", "OFF", "y"}
YES_NO_FIELDS = {"in_date_order", "punctuation", "by_parts", "on_cover", "at_end"}


def mutate_text(text: str, rng: random.Random) -> tuple[str, bool]:
    """One to three mutations of a YAML text (``_mutated``), or one value replaced by an old number
    form; and whether that form stands where no yes/no is meant (the loader must refuse the file)."""
    if rng.random() < 0.3:
        lines = text.split("\n")
        fields = [i for i, line in enumerate(lines) if ": " in line and line.split(": ")[0].strip(" -").isidentifier()]
        i = rng.choice(fields)
        key = lines[i].split(": ")[0]
        lines[i] = f"{key}: {rng.choice(sorted(OLD_FORMS))}"
        return "\n".join(lines), key.strip(" -") not in YES_NO_FIELDS
    for _ in range(rng.randint(1, 3)):
        text = _mutated(text, rng)
    return text, False


def _mutated(text: str, rng: random.Random) -> str:
    """One mutation: a line deleted, doubled, swapped, re-indented or given a piece as its value;
    a piece put in or a character replaced; or the text cut short."""
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind, at = rng.randrange(8), rng.randrange(len(text) + 1)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[i])
    elif kind == 2:
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:
        lines[i] = " " * rng.choice((1, 2, 4)) + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
    elif kind == 4 and ": " in lines[i]:
        lines[i] = lines[i].split(": ")[0] + ": " + rng.choice(PIECES)
    elif kind == 5:
        return text[:at] + rng.choice(PIECES) + text[at:]
    elif kind == 6:
        return text[:at] + rng.choice(PIECES)[:1] + text[at + 1:]
    else:
        return text[:at]
    return "\n".join(lines)


def inputs_campaign(runs: int, seed: int = SEED) -> Counts:
    """``runs`` checks of the small inputs with one file mutated."""
    rng, counts = random.Random(seed), Counts()
    with tempfile.TemporaryDirectory() as folder:
        root = write_inputs(Path(folder) / "inputs", 2021, {"museum": SECTION})
        files = [root / "2021" / "museum.yaml", root / "2021" / "report.yaml"]
        good = {path: path.read_text(encoding="utf-8") for path in files}
        for _ in range(runs):
            path = files[0] if rng.random() < 0.8 else files[1]
            text, old_form = mutate_text(good[path], rng)
            path.write_text(text, encoding="utf-8", newline="")
            if _judge(counts, ["check", "2021", "--inputs", str(root)], str(root)) == 0 and old_form:
                counts.broken("silent", text)
            path.write_text(good[path], encoding="utf-8")
    return counts


def mutate_docx(docx: bytes, rng: random.Random) -> bytes:
    """A reviewed DOCX cut short, with a part's deflate stream damaged, its XML broken, or its
    source map forged."""
    parts = hostile.parts(docx)
    names = [name for name, _ in parts]
    kind = rng.randrange(4)
    if kind == 0:
        return docx[:rng.randrange(len(docx))]
    name = rng.choice(names)
    data = dict(parts)[name]
    if kind == 1:
        stream = bytearray(hostile._deflate(data))
        for _ in range(rng.randint(1, 3)):
            stream[rng.randrange(len(stream))] ^= rng.randrange(1, 256)
        return hostile.zip_of(parts, streams={name: bytes(stream)})
    if kind == 2:
        at = rng.randrange(len(data))
        return hostile.replaced(docx, name, data[:at] + rng.choice([b"", b"<", b"&", b"\x00", b"]]>"]) + data[at + 1:])
    return hostile.replaced(docx, SOURCES, forged_map(dict(parts)[SOURCES].decode("utf-8"), rng).encode("utf-8"))


SOURCES = "customXml/report-sources.xml"
FORGED = ["²", "٣", "-1", "9" * 30, "", "x/y:z", "=|", "2020/", "²/museum:figures", "museum:figures.²",
          "museum:figures.visitors.9999", "=a total added up|nowhere:x", "0,99999,museum:heading", "3,1,museum:x",
          "1,2,=|;", ";;;", "museum:lists.halls.items.-1.text", "2021/museum:content.0.text"]


def forged_map(text: str, rng: random.Random) -> str:
    """The source map with one to three attribute values or texts replaced by forged ones."""
    for _ in range(rng.randint(1, 3)):
        quotes = [i for i, c in enumerate(text) if c in "\">"]
        if len(quotes) < 2:
            break
        at = rng.randrange(len(quotes) - 1)
        start, end = quotes[at] + 1, text.find("\"" if text[quotes[at]] == "\"" else "<", quotes[at] + 1)
        if end < 0:
            break
        forged = rng.choice(FORGED).replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")
        text = text[:start] + forged + text[end:]
    return text


def review_campaign(runs: int, seed: int = SEED) -> Counts:
    """``runs`` reviews of a mutated DOCX of the small report (one in three with --apply)."""
    from generator.pipeline import generate
    rng, counts = random.Random(seed), Counts()
    with tempfile.TemporaryDirectory() as folder:
        root = write_inputs(Path(folder) / "inputs", 2021, {"museum": SECTION})
        docx = generate(root, 2021, Path(folder) / "out", formats=("docx",)).written[0].read_bytes()
        path = Path(folder) / "sent" / "report-2021.docx"
        path.parent.mkdir()
        for i in range(runs):
            path.write_bytes(mutate_docx(docx, rng))
            inputs = Path(folder) / f"inputs-{i}"
            shutil.copytree(root, inputs)
            apply = ["--apply"] if i % 3 == 0 else []
            _judge(counts, ["review", str(path), "--inputs", str(inputs), *apply], folder)
            shutil.rmtree(inputs)
    return counts


def _judge(counts: Counts, args: list[str], folder: str) -> int:
    """One run: its exit code (returned), each problem line naming a file (under ``folder``), its CPU time."""
    counts.runs += 1
    start = time.process_time()
    result = CliRunner().invoke(app, args)
    spent = time.process_time() - start
    output = result.output
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed or "Traceback" in output or "internal error" in output:
        counts.broken("tracebacks", f"{args[0]}: {result.exception!r} {output}")
    elif result.exit_code not in (0, 1):
        counts.broken("bad_exit", f"{args[0]}: exit {result.exit_code}: {output}")
    elif result.exit_code == 1:
        unplaced = [line for line in output.splitlines() if _is_problem(line) and folder not in line]
        if unplaced:
            counts.broken("unplaced", f"{args[0]}: {unplaced[0]}")
    if spent > SLOW:
        counts.broken("slow", f"{args[0]}: {spent:.1f} s")
    return result.exit_code


def _is_problem(line: str) -> bool:
    """A line of a refused run that must name a file: not a summary, a diff or a review's listing."""
    return bool(line.strip()) and not line.startswith((" ", "+", "-", "@")) and not line.endswith(
        ("Fix them and run again.", "by reviewers.")) and not line.startswith(("for the secretary", "comment by"))


def _assert_clean(counts: Counts, name: str) -> None:
    assert (counts.tracebacks, counts.bad_exit, counts.unplaced, counts.silent, counts.slow) == (0, 0, 0, 0, 0), \
        counts.line(name) + "\n" + "\n".join(counts.examples)


def test_mutated_inputs_give_plain_lines_naming_a_file():
    counts = inputs_campaign(RUNS or 60)
    _assert_clean(counts, "inputs")


def test_mutated_docx_files_given_to_review_give_plain_lines_naming_a_file():
    counts = review_campaign(RUNS // 4 or 12)
    _assert_clean(counts, "review")


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    for name, campaign in (("inputs", inputs_campaign), ("review", review_campaign)):
        found = campaign(size if name == "inputs" else size // 4)
        print(found.line(name))
        for example in found.examples:
            print("  ", example.replace("\n", " | ")[:400])
