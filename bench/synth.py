"""A synthetic report N times the size of a real one, made from its inputs (never committed as data).

Each section of the year is kept, and ``factor - 1`` copies of every section are added after the
originals: more exhibitions and lists, more tables, more diagrams, more photos, in the same mix
as the real report, so that time per page stays comparable. A copy is a real section file of its
own (``exhibitions-x2.yaml``), with its heading and photo captions marked «(2)», and its earlier
years' figures copied beside the originals so its tables and comparisons have every year they
need. Photos are left as the real inputs have them (missing ones become marked placeholders).

    python bench/synth.py 10 /tmp/inputs-10x            # from inputs/, year 2021
    python bench/synth.py 50 /tmp/inputs-50x --year 2021 --inputs inputs

The result is checked by loading it with the report's own loader.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORT_FILE = "report.yaml"


def copy_name(section: str, k: int) -> str:
    """The file name (without .yaml) of the k-th copy of a section: ``funds-x2``."""
    return f"{section}-x{k}"


def scale_inputs(source: Path, dest: Path, factor: int, year: int = 2021) -> Path:
    """Write inputs ``factor`` times the size of ``source``'s year into ``dest``; returns ``dest``."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".*"))
    year_dir = dest / str(year)
    info = _read(year_dir / REPORT_FILE)
    originals = list(info["sections"])
    pasts = sorted(p for p in dest.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) < year)
    added = []
    for k in range(2, factor + 1):
        for name in originals:
            section = _read(year_dir / f"{name}.yaml")
            _write(year_dir / f"{copy_name(name, k)}.yaml", _marked(section, k))
            for past in pasts:
                if (past / f"{name}.yaml").is_file():
                    shutil.copyfile(past / f"{name}.yaml", past / f"{copy_name(name, k)}.yaml")
            added.append(copy_name(name, k))
    info["sections"] = [*originals, *added]
    _write(year_dir / REPORT_FILE, info)
    return dest


def _marked(section: dict, k: int) -> dict:
    """A copy of a section whose heading and photo captions say which copy it is."""
    out = dict(section)
    out["heading"] = f"{section.get('heading') or 'Жалпы мәліметтер'} ({k})"
    content = []
    for entry in section.get("content", []):
        if isinstance(entry, dict) and isinstance(entry.get("photo"), dict):
            photo = dict(entry["photo"])
            photo["caption"] = f"{photo['caption']} ({k})"
            entry = {**entry, "photo": photo}
        content.append(entry)
    out["content"] = content
    return out


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def check_loads(inputs: Path, year: int) -> int:
    """Load the synthetic inputs with the report's loader (raises on any mistake); returns the sections."""
    sys.path.insert(0, str(ROOT))
    from generator.load.inputs import load_report
    return len(load_report(inputs.resolve(), year).sections)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("factor", type=int, help="how many times the real report's content, e.g. 10")
    parser.add_argument("dest", type=Path, help="folder to write the inputs to (replaced)")
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs", help="the real inputs folder")
    parser.add_argument("--year", type=int, default=2021)
    args = parser.parse_args(argv)
    scale_inputs(args.inputs, args.dest, args.factor, args.year)
    print(f"{args.dest}: {check_loads(args.dest, args.year)} sections of {args.year}, loaded without problems")


if __name__ == "__main__":
    main()
