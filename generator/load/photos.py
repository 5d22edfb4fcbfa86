"""The photos the inputs name: inside the year's folder, a picture Pillow and Word can read, not enormous.

A photo not there yet is not a mistake: a marked placeholder stands in for it and a warning says
where to put it. Anything else wrong with a photo is a problem, so that the writers never meet a
bad one.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

from generator.fmt import quoted
from generator.load.problems import Problem, shown_path
from generator.model.inputs import Section
from generator.model.report import Report

MAX_PHOTO_BYTES = 50 * 1024 * 1024        # one photo file
MAX_PHOTO_PIXELS = 100_000_000            # one photo: 100 megapixels, checked before decoding
MAX_DECODED_PIXELS = 30_000_000           # a PNG or GIF up to this size is decoded whole to prove it sound
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "GIF"}   # what both the PDF and the DOCX writer take
WIDE_GREY_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}   # Pillow's 16- and 32-bit greyscale
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^/\\])")


def find_photos(year_dir: Path, sections: dict[str, Section], sources: dict, year: int,
                 problems: list[Problem]) -> dict[str, Path | None]:
    """Each photo named in the inputs: its file inside the year's folder, or None if not there yet."""
    photos: dict[str, Path | None] = {}
    checked: dict[Path, str | None] = {}
    root = year_dir.resolve()
    folder = shown_path(year_dir)
    for key, section in sections.items():
        for i, entry in enumerate(section.content):
            if entry.photo is None:
                continue
            name = entry.photo.file
            where = sources[(year, key)]
            line, field = where.line(("content", i, "photo", "file")), f"content.{i}.photo.file"

            def refuse(message: str) -> None:
                problems.append(Problem(where.shown, line, field, message))

            if not name.strip():
                refuse(f"is empty: write the photo's file name, e.g. photos/award.jpg (in {folder}/)")
                continue
            if _URL.match(name):
                refuse(f"'{quoted(name)}' is a web address: save the photo into {folder}/photos/ and write its "
                       "file name, e.g. photos/award.jpg (the report never downloads anything)")
                continue
            relative = name.strip().replace("\\", "/")
            target = (year_dir / relative).resolve()
            if Path(relative).is_absolute() or not target.is_relative_to(root):
                refuse(f"'{quoted(name)}' is outside the inputs folder; put the photo in {folder}/photos/ "
                       "and write its name, e.g. photos/award.jpg")
                continue
            if target.is_dir():
                refuse(f"'{quoted(name)}' is a folder, not a photo: write the photo's file name, e.g. photos/award.jpg")
                continue
            if not target.exists():
                photos[name] = None
                continue
            if target not in checked:
                checked[target] = _photo_problem(target, quoted(name, 80))
            if checked[target]:
                refuse(checked[target])
                continue
            photos[name] = target
    return photos


def _photo_problem(path: Path, name: str) -> str | None:
    """What is wrong with a photo file, or None: size, format, dimensions and an undamaged body."""
    if not path.is_file():
        return f"{name} is not an ordinary file: put the photo itself in the photos folder"
    size = path.stat().st_size
    if size == 0:
        return f"{name} is an empty file (0 bytes): copy the photo again"
    if size > MAX_PHOTO_BYTES:
        return (f"{name} is {size / 1024 / 1024:.0f} MB; the limit is {MAX_PHOTO_BYTES // 1024 // 1024} MB: "
                "save a smaller copy (JPEG, about 3000 pixels wide is plenty)")
    from PIL import Image, ImageFile, UnidentifiedImageError
    enormous = (f"{name} is {{size}}; the limit is {MAX_PHOTO_PIXELS // 1_000_000} megapixels: save a smaller copy "
                "(JPEG, about 3000 pixels wide is plenty)")
    damaged = f"{name} is damaged or cut short (copied before it was complete?): copy the photo again"
    truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES      # WeasyPrint turns this on when it is imported
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # Pillow's warnings about odd files: the answer is below
        try:
            with Image.open(path) as image:
                kind, (width, height), mode = image.format, image.size, image.mode
                if kind not in PHOTO_FORMATS:
                    return f"{name} is a {kind} picture; the report takes JPEG or PNG: save it again as JPEG"
                if mode in WIDE_GREY_MODES:         # the PDF shows them as noise
                    return (f"{name} is a 16-bit greyscale picture, which the PDF cannot show: save it again as an "
                            "ordinary JPEG or PNG (8 bits per colour)")
                if mode == "CMYK":
                    return (f"{name} is a CMYK picture (made for printing), which Word's reader cannot place: "
                            "save it again as an ordinary RGB JPEG")
                if width * height > MAX_PHOTO_PIXELS:
                    return enormous.format(size=f"{width:,} × {height:,} pixels ({width * height / 1e6:,.0f} "
                                                "megapixels)".replace(",", " "))
                image.verify()                  # headers and (PNG) every chunk's checksum
            with Image.open(path) as image:     # decode the whole body (JPEG at 1/8 scale: quick)
                if kind in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
                elif width * height <= MAX_DECODED_PIXELS:      # larger PNGs: the checksums above
                    image.load()
        except Image.DecompressionBombError as exc:
            pixels = re.search(r"\((\d+) pixels\)", str(exc))
            return enormous.format(size=f"{int(pixels.group(1)) / 1e6:,.0f} megapixels".replace(",", " ")
                                   if pixels else "enormous")
        except UnidentifiedImageError:
            return f"{name} is not a picture (or not one the report can read): save the photo as JPEG or PNG"
        except Exception:   # noqa: BLE001 — truncated data, bad checksums, broken headers: all "damaged"
            return damaged
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    try:
        from docx.image.image import Image as WordImage
        WordImage.from_file(str(path))
    except Exception:   # noqa: BLE001 — the DOCX writer reads the header itself
        return f"{name} lacks the header Word needs to place it: open it in an image editor and save it again as JPEG"
    return None


def missing_photos(report: Report) -> list[Problem]:
    """A warning for each place a photo not there yet is named: a marked placeholder stands in for it."""
    notes = []
    for key, section in report.sections.items():
        for i, entry in enumerate(section.content):
            if entry.photo is not None and report.photos.get(entry.photo.file, "") is None:
                shown, line = report.where(key, ("content", i, "photo", "file"))
                notes.append(Problem(shown, line, f"content.{i}.photo.file",
                                     f"{quoted(entry.photo.file, 80)} is not there yet: a marked placeholder is used "
                                     f"(put the photo at {shown_path(report.year_dir)}/"
                                     f"{quoted(entry.photo.file, 80)} for the final report)"))
    return notes
