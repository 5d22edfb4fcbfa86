"""Small input folders written in a test's temporary folder."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

REPORT = """\
year: {year}
organisation: Сынақ музейі
year_label: "{{year}} жыл"
cover:
  ministry: [МИНИСТРЛІК]
  title: [СЫНАҚ МУЗЕЙІНІҢ, "{{year}} ЖЫЛҒЫ", ЕСЕБІ]
  city: Астана қ.
sections: [{sections}]
"""

ONE_HALL = """\
heading: Залдар
figures:
  halls: {value: 1, counts: halls}
lists:
  halls:
    items:
      - {text: Зал, date: 28.05.2021}
content:
  - text: "{halls} зал ашылды"
  - list: halls
"""


def write_inputs(root: Path, year: int, files: dict[str, str], history: dict[int, dict[str, str]] | None = None) -> Path:
    """inputs/<year>/report.yaml listing the given section files, plus earlier years' files."""
    folder = root / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    if "report" not in files:
        sections = ", ".join(k for k in files)
        (folder / "report.yaml").write_text(REPORT.format(year=year, sections=sections), encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for past, past_files in (history or {}).items():
        (root / str(past)).mkdir(parents=True, exist_ok=True)
        for name, text in past_files.items():
            (root / str(past) / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def copy_real_inputs(root: Path) -> Path:
    """A copy of the project's inputs/ folder, to change without touching the real one."""
    target = root / "inputs"
    shutil.copytree(PROJECT / "inputs", target)
    return target
