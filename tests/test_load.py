"""Loading the inputs: typed data, and plain messages naming file, line and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.inputs import load_report
from generator.load.problems import InputErrors
from tests.small_inputs import PROJECT, write_inputs

SECTION = """\
heading: Көрмелер
figures:
  halls: 4
lists:
  halls:
    items:
      - {text: Бірінші зал, date: 28.05.2021}
content:
  - text: "{halls} зал ашылды"
  - list: halls
"""


def problems_of(root: Path, year: int = 2021) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_report(root, year)
    return [str(p) for p in info.value.problems]


def test_real_inputs_load_with_every_section():
    report = load_report(PROJECT / "inputs", 2021)
    assert report.year == 2021
    assert list(report.sections) == report.info.sections
    assert report.sections["funds"].figure(["holdings", "main"]).value == 118648
    assert report.history[2020]["summary"].figures["events"].value == 267


def test_small_inputs_load(tmp_path):
    report = load_report(write_inputs(tmp_path, 2021, {"halls": SECTION}), 2021)
    item = report.sections["halls"].lists["halls"].items[0]
    assert item.date.isoformat() == "2021-05-28"


def test_unknown_key_is_named_with_its_line(tmp_path):
    root = write_inputs(tmp_path, 2021, {"halls": SECTION.replace("figures:", "figurs:")})
    found = problems_of(root)
    assert any("halls.yaml:2 figurs: is not a known field" in p for p in found), found


def test_every_mistake_is_listed_not_only_the_first(tmp_path):
    text = SECTION.replace("halls: 4", "halls: four").replace("date: 28.05.2021", "date: 31.02.2021")
    found = problems_of(write_inputs(tmp_path, 2021, {"halls": text}))
    assert len(found) == 2, found
    assert any(":3 figures.halls" in p and "'four' is not a number" in p for p in found), found
    assert any(":7 lists.halls.items.0.date" in p and "not a real date" in p for p in found), found


def test_yaml_syntax_error_gives_the_line(tmp_path):
    text = SECTION.replace("- text: \"{halls} зал ашылды\"", "- text: \"{halls} зал ашылды")
    found = problems_of(write_inputs(tmp_path, 2021, {"halls": text}))
    assert len(found) == 1 and "halls.yaml:" in found[0] and "YAML syntax" in found[0], found


def test_duplicate_key_is_a_mistake(tmp_path):
    text = SECTION.replace("  halls: 4\n", "  halls: 4\n  halls: 5\n")
    found = problems_of(write_inputs(tmp_path, 2021, {"halls": text}))
    assert any("halls.yaml:4" in p and "appears twice" in p for p in found), found


def test_missing_section_file_is_named(tmp_path):
    root = write_inputs(tmp_path, 2021, {"halls": SECTION})
    (root / "2021" / "halls.yaml").unlink()
    found = problems_of(root)
    assert found == [f"{root / '2021' / 'halls.yaml'}: the file is missing: add it, "
                     "or take 'halls' off the sections in report.yaml (line 8)"]


def test_year_in_file_must_match_folder(tmp_path):
    root = write_inputs(tmp_path, 2021, {"halls": SECTION})
    (root / "2021").rename(root / "2022")
    found = problems_of(root, 2022)
    assert any("year: says 2021, but the folder is for 2022" in p for p in found), found


def test_photo_outside_the_inputs_is_refused(tmp_path):
    text = SECTION + "  - photo: {file: ../../etc/passwd, caption: Сурет}\n"
    found = problems_of(write_inputs(tmp_path, 2021, {"halls": text}))
    assert any("content.2.photo.file" in p and "outside the inputs folder" in p for p in found), found


def test_missing_photo_is_not_an_error_but_recorded(tmp_path):
    text = SECTION + "  - photo: {file: photos/a.jpg, caption: Сурет}\n"
    report = load_report(write_inputs(tmp_path, 2021, {"halls": text}), 2021)
    assert report.photos == {"photos/a.jpg": None}


def test_a_profile_edited_by_hand_gives_plain_messages(tmp_path, monkeypatch):
    """A profile without a section written later (draft) still loads; a broken one is named."""
    import generator.config as config
    from generator.pipeline import prepare
    default = (config.PROFILES_DIR / "default.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(config, "PROFILES_DIR", tmp_path)
    config.load_profile.cache_clear()
    try:
        (tmp_path / "old.yaml").write_text(default.split("\ndraft:")[0] + "\n", encoding="utf-8")
        assert config.load_profile("old").draft.highlight == "yellow"
        (tmp_path / "broken.yaml").write_text(default.replace("  body_pt: 14\n", "  body_pt: large\n"), encoding="utf-8")
        (tmp_path / "unreadable.yaml").write_text("page: [A4\n", encoding="utf-8")
        for name, field in (("broken", "fonts.body_pt"), ("unreadable", "")):
            root = write_inputs(tmp_path / name, 2021, {})
            report = root / "2021" / "report.yaml"
            report.write_text(report.read_text(encoding="utf-8") + f"profile: {name}\n", encoding="utf-8")
            with pytest.raises(InputErrors) as info:
                prepare(root, 2021)
            problem = info.value.problems[0]
            assert problem.file == f"templates/profiles/{name}.yaml" and problem.field == field, problem
            assert "(the layout profile; report.yaml chooses it)" in problem.message
    finally:
        config.load_profile.cache_clear()


def test_a_table_wider_than_the_page_is_refused_a_diagram_is_not(tmp_path):
    section = ("heading: Келушілер\nfigures:\n  visitors: {value: 5, parts: [{id: a, label: А, value: 5}]}\n"
               "tables:\n  t: {title: Кесте, figure: visitors, years: 9, label_header: Санат}\n"
               "diagrams:\n  d: {title: Диаграмма, figure: visitors, years: 9}\n"
               "content:\n  - table: t\n  - diagram: d\n")
    with pytest.raises(InputErrors) as info:
        load_report(write_inputs(tmp_path, 2021, {"visitors": section}), 2021)
    assert [(p.field, p.message) for p in info.value.problems] == [
        ("tables.t.years", "9 years: a table shows at most 8 years side by side (more do not fit the page's "
                           "width); a diagram can show up to 20")]
