"""Checks of the figures before anything is drawn: each finding is one plain sentence with its place.

`generate-report check YEAR` prints them; `generate-report YEAR` shows them as warnings, and
``--strict`` makes any of them an error. Nothing here draws, writes or reads a file.
"""
from __future__ import annotations

from generator.check.anniversaries import check_anniversaries
from generator.check.comparisons import check_comparisons
from generator.check.context import Checks
from generator.check.counts import check_counts
from generator.check.dates import check_approval, check_dates
from generator.check.glyphs import check_glyphs
from generator.check.kinds import check_parts_within_totals
from generator.check.lists import check_duplicates, check_publication_years
from generator.check.tables import check_table_totals
from generator.check.totals import check_totals, check_whole_numbers
from generator.load.problems import Problem
from generator.model.report import Report

CHECKS = (
    check_totals,               # a stated total against the sum of its parts; shares against 100
    check_table_totals,         # a free table's stated total row against its columns
    check_whole_numbers,        # counts are whole (negative ones are refused when loading)
    check_counts,               # a figure that counts a list against its items
    check_parts_within_totals,  # a department's count within the year's total of the same kind
    check_comparisons,          # «екі есеге жуық артқандығын» against the two years' figures
    check_dates,                # dates in the year, lists in date order
    check_approval,             # the approval date not before the year
    check_publication_years,    # publications of another year in this year's list
    check_duplicates,           # the same item twice in one list
    check_anniversaries,        # «175 жылдық» against the year of birth
    check_glyphs,               # letters no bundled font has (blank in the PDF)
)
#: The checks that read the report's words in its language, so are made again in each translated
#: edition (``generator.editions``); their findings' terms start with «comparison».
WORDED = (check_comparisons,)


def worded(finding: Problem) -> bool:
    """Whether a finding is one of the ``WORDED`` checks'."""
    return finding.term.startswith("comparison")


def check_report(report: Report, checks_made: tuple = CHECKS) -> list[Problem]:
    """Every finding of ``checks_made`` (all of them) about the figures, in file order (reading
    order of the report), then line."""
    checks = Checks(report)
    for check in checks_made:
        check(checks)
    ranks = checks.file_order()
    unique = list(dict.fromkeys(checks.found))
    return sorted(unique, key=lambda p: (ranks.get(p.file, len(ranks)), p.line or 0))
