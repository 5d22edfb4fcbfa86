"""The archive's record of origin: which inputs made the report, and SHA256SUMS.

``gather_inputs`` reads every input file the loaded report used (this year's YAML files, the
earlier years' YAML files that were read, and the photos) once, right after loading; the same
bytes are attached to the PDF (``pdf_attachments``) and summed in ``SHA256SUMS``
(``write_sums``), so an archivist can prove which inputs made which PDF.

SHA256SUMS is in the format ``sha256sum -c`` checks: one ``<sha256>  <path>`` line per file,
paths relative to the output folder (the outputs by name, the inputs as ``../../inputs/…``).
"""
from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from generator.doc.model import Attachment
from generator.model.report import Report

SUMS_NAME = "SHA256SUMS"
PHOTO_SUMS_NAME = "photos.sha256"
PLACEHOLDER = "placeholder"
YAML_MIME = "application/yaml"
PO_MIME = "text/x-po"          # an edition's catalog of translations (inputs/<year>/translations/*.po)


@dataclass(frozen=True)
class InputFile:
    """One input file as read: its path under the inputs folder (``2021/funds.yaml``) and bytes."""
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PhotoSum:
    """A photo the report prints: its path under the inputs folder and checksum, None if missing."""
    name: str
    sha256: str | None


@dataclass(frozen=True)
class Inputs:
    """Everything the report was made from, in name order."""
    root: Path
    files: tuple[InputFile, ...]
    photos: tuple[PhotoSum, ...]


def gather_inputs(report: Report, inputs_root: Path, *editions: Report) -> Inputs:
    """Read the files the loaded ``report`` came from, and those its ``editions`` read besides
    (their catalogs), each once; names are relative to ``inputs_root``."""
    root = Path(os.path.abspath(inputs_root))
    paths = {_name(source.path, root): source.path for r in (report, *editions) for source in r.sources.values()}
    files = [InputFile(name, Path(path).read_bytes()) for name, path in paths.items()]
    year = report.year_dir.name
    photos = [PhotoSum(posixpath.normpath(f"{year}/{Path(name).as_posix()}"),
                       file_sha256(path) if path is not None else None)
              for name, path in report.photos.items()]
    return Inputs(root, tuple(sorted(files, key=lambda f: f.name)),
                  tuple(sorted(set(photos), key=lambda p: p.name)))


def only_read(inputs: Inputs, report: Report) -> Inputs:
    """The inputs as ``report`` (one edition) read them: the others' catalogs left out."""
    names = {_name(source.path, inputs.root) for source in report.sources.values()}
    return Inputs(inputs.root, tuple(f for f in inputs.files if f.name in names), inputs.photos)


def photo_sums(inputs: Inputs) -> str:
    """One ``<sha256>  <path>`` line per photo, ``placeholder`` for a photo not supplied yet."""
    return "".join(f"{p.sha256 or PLACEHOLDER}  {p.name}\n" for p in inputs.photos)


def attachment_name(name: str) -> str:
    """An input's name as attached: no «/», which readers and ``pdfdetach -saveall`` cannot save
    (``2021/funds.yaml`` → ``2021-funds.yaml``); its folder is in the description."""
    return name.replace("/", "-")


def pdf_attachments(inputs: Inputs) -> list[Attachment]:
    """The YAML files (and an edition's catalog) as the PDF's sources, and the photos' checksums beside them."""
    attachments = [Attachment(attachment_name(f.name), f.data, PO_MIME if f.name.endswith(".po") else YAML_MIME,
                              "Source", f"Report input {f.name}") for f in inputs.files]
    if inputs.photos:
        attachments.append(Attachment(
            PHOTO_SUMS_NAME, photo_sums(inputs).encode("utf-8"), "text/plain", "Supplement",
            "SHA-256 of each photo in the report (placeholder: not supplied yet)"))
    return attachments


def write_sums(path: Path, outputs: list[Path], inputs: Inputs, output_dir: Path,
               kept: dict[str, str] | None = None) -> Path:
    """Write SHA256SUMS at ``path`` for ``outputs`` (named as they will be in ``output_dir``),
    earlier reports ``kept`` as they were (name → SHA-256), and every input (relative to
    ``output_dir``); return ``path``."""
    lines = [(file_sha256(out), out.name) for out in outputs]
    lines += [(digest, name) for name, digest in (kept or {}).items()]
    lines.sort(key=lambda item: item[1])
    from_output = [(f.sha256, f.name) for f in inputs.files]
    from_output += [(p.sha256, p.name) for p in inputs.photos if p.sha256 is not None]
    for digest, name in sorted(from_output, key=lambda item: item[1]):
        lines.append((digest, Path(os.path.relpath(inputs.root / name, output_dir)).as_posix()))
    Path(path).write_text("".join(f"{digest}  {name}\n" for digest, name in lines),
                          encoding="utf-8", newline="\n")
    return Path(path)


def _name(path: Path, root: Path) -> str:
    """``path`` under ``root`` as a POSIX path, symlinks left as they are."""
    return Path(os.path.abspath(path)).relative_to(root).as_posix()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
