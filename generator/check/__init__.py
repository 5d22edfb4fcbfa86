"""Checks of the figures before anything is drawn (filled in by the checks module)."""
from __future__ import annotations

from generator.load.problems import Problem
from generator.model.report import Report


def check_report(report: Report) -> list[Problem]:
    """Every finding about the figures, as warnings."""
    return []
