"""Inputs damaged at random, the way hurried edits damage them: never an internal error.

Each case copies the real inputs, damages one file with one to three random edits (a line
deleted, doubled, moved or re-indented; a number turned into text, zero, a fraction, a negative
or 400 digits; a value emptied or made a list; a reference, a date or a content entry that
points nowhere; a stray character), and runs the command. It must end with exit 0 (the damage
left valid inputs) or 1 with plain messages, never exit 2 (an internal error) or a traceback.
The edits are drawn from a fixed seed, so a failure names a case that can be run again; the
tests of tests/bad_inputs check each message's wording, this one only that there is no crash.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.small_inputs import PROJECT

runner = CliRunner()
FILES = sorted((PROJECT / "inputs").rglob("*.yaml"))
STRAY = list(":-{}[]\"'#&*!|>%@`,?\\") + ["\x0b", "\u2028", "\ufeff", "😀", "\t"]
REFS = ["{nosuch}", "{funds.holdings@-5}", "{date:xx}", "{year+100000}", "{events@+1}", "{{", "}}",
        "{funds.holdings.main.parts}", "{summary.events_change}", "{exhibitions.republican.count}",
        "{anniversary}", "{period}", "{date:31.12.2021|-ге дейін}"]
ENTRIES = ["  - table: nosuch", "  - diagram: nosuch", "  - list: nosuch", "  - photo: {file: photos/none.jpg}",
           "  - text: \"\"", "  - {}", "  - [a, b]", "  - 5", "  - diagram: events",
           "  - photo: {file: ../../etc/passwd, caption: x}"]
YEARS = ["years: 0", "years: -1", "years: [2021, 2021]", "years: [1900, 2021]", "years: [2021, 2019]", "years: []"]
DATES = ["31.02.2021", "01.13.2021", "2021-02-30", "1.1.21", "00.00.0000"]


def damage(text: str, rng: random.Random) -> str:
    """One random edit of a YAML file's text."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    op = rng.choice(["delete", "double", "move", "indent", "dedent", "cut", "stray", "text", "zero", "fraction",
                     "negative", "huge", "empty", "null", "list", "reference", "entry", "years", "date", "key"])
    if op == "cut":
        return text[:rng.randrange(len(text))]
    if op == "delete":
        del lines[i]
    elif op == "double":
        lines.insert(i, line)
    elif op == "move":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], line
    elif op in ("indent", "dedent"):
        lines[i] = "  " + line if op == "indent" else line[2:]
    elif op == "stray":
        k = rng.randrange(len(line) + 1)
        lines[i] = line[:k] + rng.choice(STRAY) + line[k:]
    elif op == "reference":
        k = rng.randrange(len(line) + 1)
        lines[i] = line[:k] + rng.choice(REFS) + line[k:]
    elif op in ("text", "zero", "fraction", "negative", "huge"):
        new = {"text": "көп", "zero": "0", "fraction": r"\g<0>.5", "negative": r"-\g<0>", "huge": "9" * 400}[op]
        lines[i] = re.sub(r"\b\d+\b", new, line, count=1)
    elif op in ("empty", "null", "list"):
        lines[i] = re.sub(r": .*", {"empty": ": ", "null": ": null", "list": ": []"}[op], line)
    elif op == "entry" and "content:" in lines:
        lines.insert(lines.index("content:") + 1, rng.choice(ENTRIES))
    elif op == "years":
        lines[i] = re.sub(r"years: .*", rng.choice(YEARS), line)
    elif op == "date":
        lines[i] = re.sub(r"\d\d\.\d\d\.\d{4}", rng.choice(DATES), line)
    elif op == "key":
        lines[i] = re.sub(r"^(\s*-?\s*)(\w+):", r"\1\2x:", line)
    return "\n".join(lines)


def damaged_copy(tmp_path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    inputs = tmp_path / "inputs"
    shutil.copytree(PROJECT / "inputs", inputs)
    target = inputs / rng.choice(FILES).relative_to(PROJECT / "inputs")
    text = target.read_text(encoding="utf-8")
    for _ in range(rng.choice([1, 1, 2, 3])):
        text = damage(text, rng)
    target.write_text(text, encoding="utf-8")
    return inputs


def assert_plain(result) -> None:
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output


@pytest.mark.parametrize("batch", range(4))
def test_check_of_damaged_inputs_never_crashes(batch, tmp_path):
    for seed in range(batch * 40, batch * 40 + 40):
        inputs = damaged_copy(tmp_path / str(seed), seed)
        assert_plain(runner.invoke(app, ["check", "2021", "--inputs", str(inputs)]))


@pytest.mark.parametrize("seed", [1001, 1002, 1003, 1004])
def test_a_draft_of_damaged_inputs_is_made_or_refused_plainly(seed, tmp_path):
    inputs = damaged_copy(tmp_path, seed)
    result = runner.invoke(app, ["build", "2021", "--inputs", str(inputs), "--output", str(tmp_path / "out"),
                                 "--draft", "--format", "docx"])
    assert_plain(result)
    written = sorted(p.name for p in (tmp_path / "out" / "2021").glob("report-2021.*")) \
        if (tmp_path / "out" / "2021").is_dir() else []
    assert written == (["report-2021.docx"] if result.exit_code == 0 else [])
