"""Acknowledged findings: listed with their reason, no longer stopping --strict nor Word comments."""
from __future__ import annotations

import shutil

import pytest
import yaml

from generator.load.problems import InputErrors
from generator.pipeline import generate, open_findings, prepare
from tests.small_inputs import copy_real_inputs, write_inputs

SECTION = """\
heading: Келушілер
figures:
  visitors:
    value: 10
    parts:
      - {id: a, label: А, value: 4}
      - {id: b, label: Б, value: 5}
content:
  - text: "{visitors} келуші"
"""

REPORT = """\
year: 2021
organisation: Сынақ музейі
cover: {ministry: [М], title: [Т], city: Астана қ.}
sections: [visits]
acknowledged:
%s
"""


def ready(tmp_path, entries: str):
    root = write_inputs(tmp_path / "inputs", 2021, {"report": REPORT % entries, "visits": SECTION})
    return prepare(root, 2021)


def test_an_acknowledged_finding_is_listed_with_its_reason_but_is_not_open_nor_a_comment(tmp_path):
    made = ready(tmp_path, "  - {file: 2021/visits.yaml, field: figures.visitors, reason: жарияланған}")
    assert [(f.field, f.acknowledged) for f in made.findings] == [("figures.visitors", "жарияланған")]
    assert open_findings(made.findings) == [] and made.doc.notes == []


def test_a_file_of_the_reports_year_may_be_named_without_its_year(tmp_path):
    made = ready(tmp_path, "  - {file: visits, field: figures.visitors, reason: жарияланған}")
    assert open_findings(made.findings) == []


def test_without_the_acknowledgement_the_finding_is_open_and_a_comment(tmp_path):
    made = ready(tmp_path, "  - {file: 2021/visits.yaml, field: figures.other, reason: жоқ}")
    assert [f.field for f in open_findings(made.findings)] == ["figures.visitors", "acknowledged.0"]
    assert len(made.doc.notes) == 1


def test_an_acknowledgement_that_matches_no_finding_is_a_finding_at_its_line(tmp_path):
    made = ready(tmp_path, "  - {file: 2021/visits.yaml, field: figures.visitors, reason: жарияланған}\n"
                           "  - {file: 2020/visits.yaml, field: figures.visitors, reason: ескі}")
    stale = open_findings(made.findings)
    assert [(f.file.split("/")[-1], f.line, f.field) for f in stale] == [("report.yaml", 7, "acknowledged.1")]
    assert "find none" in stale[0].message


def test_an_empty_reason_is_refused(tmp_path):
    with pytest.raises(InputErrors) as raised:
        ready(tmp_path, "  - {file: visits, field: figures.visitors, reason: ' '}")
    assert "reason is empty" in str(raised.value)


@pytest.mark.slow
def test_strict_builds_the_2021_report_once_every_finding_is_acknowledged(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    with pytest.raises(InputErrors):
        generate(inputs, 2021, tmp_path / "out-open", formats=("docx",), strict=True)
    found = prepare(inputs, 2021).findings
    report = inputs / "2021" / "report.yaml"
    entries = [{"file": "/".join(f.file.split("/")[-2:]), "field": f.field, "reason": "published"} for f in found]
    report.write_text(report.read_text(encoding="utf-8") + yaml.safe_dump({"acknowledged": entries}, allow_unicode=True),
                      encoding="utf-8")
    result = generate(inputs, 2021, tmp_path / "out", formats=("docx",), strict=True)
    assert len(result.warnings) == len(found) and all(w.acknowledged for w in result.warnings)
    assert [p.name for p in result.written] == ["report-2021.docx"]
    shutil.rmtree(tmp_path / "out")


def test_check_lists_acknowledged_findings_with_their_reason_and_strict_passes(tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app
    root = write_inputs(tmp_path / "inputs", 2021, {
        "report": REPORT % "  - {file: visits, field: figures.visitors, reason: жарияланған}", "visits": SECTION})
    result = CliRunner().invoke(app, ["check", "2021", "--inputs", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    assert "acknowledged: " in result.output and "жарияланған" in result.output
    assert "warning:" not in result.output and "No open findings" in result.output


def test_strict_with_a_photo_still_missing_lists_the_photo_but_not_the_acknowledged_finding(tmp_path):
    from generator.pipeline import preflight
    section = SECTION + '  - photo: {file: photos/award.jpg, caption: Марапат}\n'
    root = write_inputs(tmp_path / "inputs", 2021, {
        "report": REPORT % "  - {file: visits, field: figures.visitors, reason: жарияланған}", "visits": section})
    with pytest.raises(InputErrors) as raised:
        preflight(root, 2021, strict=True)
    assert [p.field for p in raised.value.problems] == ["content.1.photo.file"]
