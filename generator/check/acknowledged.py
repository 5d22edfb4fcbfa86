"""Findings acknowledged in report.yaml (``acknowledged:``): still listed, with their reason, but
no longer errors under ``--strict`` nor Word comments. An acknowledgement that names no finding
is itself a finding: the figure was fixed, or the entry is misspelt."""
from __future__ import annotations

from dataclasses import replace

from generator.load.problems import Problem, short_file
from generator.model.inputs import Acknowledgement
from generator.model.report import REPORT_FILE, Report


def acknowledge(report: Report, findings: list[Problem]) -> list[Problem]:
    """The findings, each acknowledged one carrying its reason, then the stale acknowledgements."""
    entries = report.info.acknowledged
    used: set[int] = set()
    out = []
    for finding in findings:
        index = next((i for i, entry in enumerate(entries) if _names(entry, finding, report.year)), None)
        if index is None:
            out.append(finding)
            continue
        used.add(index)
        out.append(replace(finding, acknowledged=entries[index].reason))
    return out + [_stale(report, i, entry) for i, entry in enumerate(entries) if i not in used]


def unacknowledged(report: Report, findings: list[Problem]) -> list[Problem]:
    """The findings that no acknowledgement names (what ``--strict`` stops on), without the stale entries."""
    return [f for f in findings if not any(_names(entry, f, report.year) for entry in report.info.acknowledged)]


def _names(entry: Acknowledgement, finding: Problem, year: int) -> bool:
    """Whether an acknowledgement names this finding: its file (year/name.yaml) and field."""
    file = entry.file.strip().replace("\\", "/")
    file = file if file.endswith(".yaml") else f"{file}.yaml"
    file = short_file(file if "/" in file else f"{year}/{file}")
    return short_file(finding.file) == file and finding.field == entry.field.strip()


def _stale(report: Report, index: int, entry: Acknowledgement) -> Problem:
    shown, line = report.where(REPORT_FILE, ("acknowledged", index))
    return Problem(shown, line, f"acknowledged.{index}",
                   f"acknowledges a finding at {entry.file} {entry.field}, but the checks find none there "
                   "(fixed, or the file or field is misspelt): delete the entry, or correct it")
