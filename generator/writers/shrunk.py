"""A photo the page fill shrinks, printed from a copy that keeps the profile's resolution cap:
made here for every engine that lays out pages (``pagefill``, ``typst.fill``)."""
from __future__ import annotations

from pathlib import Path

from generator.charts.upright import upright
from generator.config import Profile
from generator.doc.model import Document, Photo


def resampled(doc: Document, scales: dict[str, float], profile: Profile, work: Path) -> dict[str, tuple[float, str]]:
    """Each photo named (by anchor) with its scale and a copy at ``work`` that keeps
    ``photos.max_dpi`` at the smaller size."""
    photos = {block.anchor: block for block in doc.body if isinstance(block, Photo)}
    out = {}
    for anchor, scale in scales.items():
        scale = round(scale, 3)
        dest = Path(work) / "photos" / f"shrunk-{anchor}"
        out[anchor] = (scale, upright(photos[anchor].path, dest, profile.photo_box_mm(scale), profile.photos.max_dpi))
    return out
