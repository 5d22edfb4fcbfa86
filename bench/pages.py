"""Page for page: the PDF's pages against LibreOffice's layout of the DOCX, heading by heading.

    python bench/pages.py 2021 [--inputs inputs] [--profile gost] [--keep /tmp/pages]

Makes the DOCX and the PDF, converts the DOCX to PDF with LibreOffice (soffice), and prints
each heading's page in both and the page counts; a heading a page off is marked. The headings
and their pages are read from each PDF's outline (WeasyPrint's bookmarks, LibreOffice's headings).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SOFFICE_PROFILE = Path(tempfile.gettempdir()) / f"lo-pages-{os.getuid()}"


@dataclass
class Layout:
    """One PDF's page count and its outline's entries (title, 1-based page), in order."""
    pages: int
    headings: list[tuple[str, int]]


def outline(pdf: Path) -> Layout:
    """The PDF's page count and every outline entry with its page, depth first."""
    reader = PdfReader(pdf)
    found: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((" ".join(item.title.split()), reader.get_destination_page_number(item) + 1))
    walk(reader.outline)
    return Layout(len(reader.pages), found)


#: Fontconfig as the system has it, with the bundled fonts, which the DOCX's fonts stand for
#: (Liberation Serif has Times New Roman's metrics; NanumMyeongjo is the PDF's Korean font).
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <alias binding="same"><family>Times New Roman</family><prefer><family>Liberation Serif</family></prefer></alias>
  <alias binding="same"><family>Batang</family><prefer><family>NanumMyeongjo</family></prefer></alias>
</fontconfig>
"""


def docx_to_pdf(docx: Path, folder: Path, user_dir: Path = SOFFICE_PROFILE, *more: Path) -> list[Path] | Path:
    """LibreOffice's layout of the DOCX (and of ``more``), as a PDF in folder (``user_dir``:
    soffice's own settings). LibreOffice is given the PDF's fonts for the DOCX's (as Word on a
    system with Times New Roman has them): a system without them would lay the DOCX out in
    another font's widths."""
    conf = Path(user_dir) / "fonts.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(FONTS_CONF.format(fonts=ROOT / "assets" / "fonts", cache=Path(user_dir) / "fontcache"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{user_dir}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx), *map(str, more)],
                   check=True, capture_output=True, timeout=600, env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    made = [folder / (path.stem + ".pdf") for path in (docx, *more)]
    return made if more else made[0]


def make_report(inputs: Path, year: int, folder: Path, profile: str | None) -> tuple[Path, Path]:
    """The report's DOCX and PDF written into folder."""
    from generator.editions import output_name
    from generator.pipeline import generate
    generate(inputs, year, folder, profile_name=profile, draft=True)
    name = output_name(year)
    return folder / f"{name}.docx", folder / f"{name}.pdf"


def compare(pdf: Layout, docx: Layout) -> list[tuple[str, int, int | None]]:
    """Each PDF heading with its page in the PDF and in the DOCX's layout (None: not found)."""
    pages: dict[str, list[int]] = {}
    for title, page in docx.headings:
        pages.setdefault(_key(title), []).append(page)
    seen: dict[str, int] = {}
    rows = []
    for title, page in pdf.headings:        # a title met twice: its second entry with the second
        key = _key(title)
        n = seen[key] = seen.get(key, -1) + 1
        found = pages.get(key, [])
        rows.append((title, page, found[n] if n < len(found) else None))
    return rows


def _key(title: str) -> str:
    """A title's letters and digits: an appendix's label and title, on one line or two, match."""
    return re.sub(r"\W", "", title).casefold()


def measure(inputs: Path, year: int, profile: str | None, folder: Path,
            user_dir: Path = SOFFICE_PROFILE) -> tuple[Layout, Layout]:
    """Make the report and LibreOffice's PDF of its DOCX; both layouts."""
    docx, pdf = make_report(inputs, year, folder, profile)
    return outline(pdf), outline(docx_to_pdf(docx, folder / "lo", user_dir))


def table(pdf: Layout, docx: Layout) -> str:
    """A plain table: the page counts, then each heading's pages, '<-' where they differ."""
    rows = [f"pages: pdf {pdf.pages}, docx (LibreOffice) {docx.pages}"]
    for title, p, d in compare(pdf, docx):
        rows.append(f"{p:>4} {'-' if d is None else d:>4} {'  ' if p == d else '<-'} {title[:70]}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", type=int)
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs")
    parser.add_argument("--profile", default=None)
    parser.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pages-"))
    try:
        pdf, docx = measure(args.inputs, args.year, args.profile, folder)
        print(table(pdf, docx))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
