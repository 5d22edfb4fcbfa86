"""The layout profile as the Typst template reads it (``p`` in templates/typst/report.typ): the
profile's own values, and the few derived from them and the bundled fonts' metrics, each computed
where the other PDF writers compute it (``generator.writers.geometry``). Each line is set as the
HTML's line box (the leading half above its letters, half below, none between lines), so the
Typst pages hold what WeasyPrint's hold and a DOCX breaking where they break fits as well."""
from __future__ import annotations

import json

from generator.config import Profile
from generator.writers.fonts import FALLBACK_FAMILIES, extent_em, single_line_em
from generator.writers.geometry import (
    CELL_PADDING_MM, COVER_TITLE_TOP, RULE_PT, content_height_mm, line_height_em, line_pt, photo_max_height_mm,
    picture_foot_pt,
)

MM_PER_PT = 25.4 / 72


def profile_json(profile: Profile) -> str:
    """The profile's values and the derived ones, as JSON for ``sys.inputs``."""
    values = profile.model_dump(mode="json", exclude={"terms"})
    values["fonts"]["families"] = [profile.fonts.pdf_body, *FALLBACK_FAMILIES]
    values["draft"]["colour"] = profile.draft.css_colour
    values["style"] = derived(profile)
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def derived(profile: Profile) -> dict[str, float]:
    """The lengths the template needs that the profile does not spell out."""
    line = line_pt(profile)
    ascent, descent = extent_em(profile.fonts.pdf_body)
    half_gap = (single_line_em(profile.fonts.pdf_body) - ascent - descent) / 2
    half_leading = (line_height_em(profile) - ascent - descent) / 2
    return {
        # each line as tall as the HTML's line box: the leading half above the letters, half below
        "line_top_em": round(ascent + half_leading, 4),
        "line_bottom_em": round(descent + half_leading, 4),
        # a single-spaced line (tables, footnotes) as the HTML's: the font's line gap half above, half below
        "single_top_em": round(ascent + half_gap, 4),
        "single_bottom_em": round(descent + half_gap, 4),
        "line_pt": line,
        "picture_foot_pt": picture_foot_pt(profile),
        "rule_pt": RULE_PT,
        "cell_padding_mm": CELL_PADDING_MM,
        "cover_title_top_mm": round(content_height_mm(profile) * COVER_TITLE_TOP, 2),
        "photo_max_height_mm": photo_max_height_mm(profile, line * MM_PER_PT),
        # the footnotes' rule stands as far under the text as the HTML's (half a line, and a quarter under it)
        "notes_clearance_pt": round(line * 0.75, 2),
    }
